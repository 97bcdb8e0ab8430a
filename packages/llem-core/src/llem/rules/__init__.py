"""Rules: reject, warn about or collapse engine configurations before any model loads.

Each engine ships a corpus of rules (``rules.yaml``) and a parameter schema (``schema.json``) as
package data, located through its :class:`llem.records.EngineSpec`. Core evaluates them against
the resolved config tree; nothing here imports an engine library. See ``docs/rules.md``.
"""
