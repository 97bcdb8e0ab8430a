"""How the transformers corpus is mined and replayed (developer tooling, used by llem-miners):
the miner spec, the replayer and the schema discovery. Nothing here runs under ``llem run``."""
