"""The static miner: rules read off a library's source.

:func:`mine_static` imports each function of a :class:`llem.records.MineTarget`'s ``code``,
parses its source and walks it with the stack of enclosing ``if`` conditions
(:mod:`~llem_miners.static.walker`). Raises and asserts become error candidates, warnings warn
candidates, warn-sink assignments (``minor_issues["top_p"] = ...``) dormant warnings, overwrites
of a subject attribute under a condition on it dormant normalisations, and effect-sink calls
(``processors.append(...)``) dormant "ignored" rules for the keyword when their condition fails.
Conditions are translated into predicates (:mod:`~llem_miners.static.conditions`), one candidate
per ``or`` alternative; whatever cannot be translated is reported as :class:`Unmined`.
"""

from llem_miners.static.miner import mine_function, mine_static

__all__ = ["mine_function", "mine_static"]
