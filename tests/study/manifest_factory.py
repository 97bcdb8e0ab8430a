"""Small manifests built from the real records, for tests of the executor's parts."""

from __future__ import annotations

from llem.study.manifest import ConfigRecord, Manifest, RunRecord


def config_record(config_id: str) -> ConfigRecord:
    return ConfigRecord(
        id=config_id,
        label=f"echo.batch_size={config_id[-1]}",
        params={"echo.batch_size": int(config_id[-1])},
        source="sweep",
        config_hash=f"hash-{config_id}",
        engine="echo",
        config={"task": {"model": "toy/echo"}, "engine": "echo"},
        provenance={"task.model": "study.yaml:2:10"},
    )


def manifest(n_configs: int = 2, cycles: int = 2) -> Manifest:
    configs = [config_record(f"c00{i + 1}") for i in range(n_configs)]
    runs = [
        RunRecord(f"{c.id}-{k}", c.id, k, position, f"experiments/{c.id}-{k}")
        for position, (k, c) in enumerate((k, c) for k in range(1, cycles + 1) for c in configs)
    ]
    return Manifest(
        study="demo",
        study_file="/somewhere/study.yaml",
        design_hash="0123456789abcdef",
        execution={"cycles": cycles, "order": "interleave", "gap_s": 2.0},
        varying=["echo.batch_size"],
        configs=configs,
        runs=runs,
    )
