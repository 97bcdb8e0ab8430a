"""llem-miners: mine, gate and diff the rule corpora of llem's engines (a developer tool).

Each engine plugin registers a :class:`llem.records.MinerSpec` (``llem_register_miners``): what
library code to read and how to replay keywords against the library. This package holds the
generic machinery: the static miner (:mod:`llem_miners.static`), the lifts of declared
constraints (:mod:`llem_miners.lifts`), the dynamic miner (:mod:`llem_miners.dynamic`), the merge
and diff of corpora, and the replay gate (:mod:`llem_miners.gate`).
"""
