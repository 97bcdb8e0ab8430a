"""The result of one experiment, as written to ``result.json`` (cattrs-unstructured).

Bump ``SCHEMA_VERSION`` on any change a reader must know about; document it in docs/results.md.
"""

from __future__ import annotations

import attrs

from llem.energy.base import EnergyMeasurement
from llem.engine_api import ModelInfo, ResolvedModel
from llem.results.metric_records import FlopsEstimate, LatencySummary, Throughput

SCHEMA_VERSION = "2"


@attrs.frozen
class Timing:
    """Wall-clock phases in seconds; ``window_s`` is the measured window (energy and throughput);
    ``model_load_phases``: parts of ``model_load_s`` the engine names (an engine build)."""

    started_at: str
    finished_at: str
    model_load_s: float
    warmup_s: float
    window_s: float
    model_load_phases: dict[str, float] = attrs.field(factory=dict)


@attrs.frozen
class Workload:
    dataset: str
    n_prompts: int
    warmup_prompts: int
    input_tokens: int
    output_tokens: int


@attrs.frozen
class DomainPower:
    device: str
    domain: str
    power_w: float | None


@attrs.frozen
class Baseline:
    """Idle power of the measured boundary, and where the figure came from.

    ``source``: ``fresh`` (measured in this experiment), ``cache`` (reused), ``cache, spot-checked``
    (reused after a spot check agreed), ``re-measured after drift`` (a spot check disagreed), or
    ``none`` (``power_w`` is ``None`` and ``reason`` says why)."""

    strategy: str
    source: str
    power_w: float | None
    domains: tuple[DomainPower, ...] = ()
    duration_s: float | None = None
    measured_at: str | None = None
    age_s: float | None = None
    spot_check_w: float | None = None
    reason: str | None = None


@attrs.frozen
class DomainEnergyAdjusted:
    """One domain's raw energy, its idle share (baseline W x window s) and what is left."""

    device: str
    domain: str
    raw_j: float | None
    idle_j: float | None
    adjusted_j: float | None


@attrs.frozen
class Energy:
    """The window's energy, raw and baseline-adjusted, and per-token figures derived from each.

    ``raw_j`` is the sampler's figure (``measurement.total_j``); ``adjusted_j`` is
    ``max(0, raw_j - baseline.power_w * window_s)``, per domain and in total. Each figure is
    ``None`` with a reason when it could not be measured. ``sampler_choice`` says how the sampler
    was picked."""

    measurement: EnergyMeasurement
    sampler_choice: str
    baseline: Baseline
    raw_j: float | None
    adjusted_j: float | None
    per_output_token_j: float | None
    per_token_j: float | None
    adjusted_per_output_token_j: float | None
    adjusted_per_token_j: float | None
    domains: tuple[DomainEnergyAdjusted, ...]
    reason: str | None
    adjusted_reason: str | None


@attrs.frozen
class WarmupOutcome:
    """What warmup did. ``latencies_s``: each warmup batch's wall time; ``final_cv``: the
    coefficient of variation of the last ``cv_window`` of them (``converge`` mode)."""

    mode: str
    prompts: int
    batches: int
    duration_s: float
    latencies_s: tuple[float, ...] = ()
    final_cv: float | None = None
    converged: bool | None = None
    reason: str | None = None


@attrs.frozen
class ThermalOutcome:
    """The thermal-floor wait before the window opened."""

    waited_s: float
    target_c: float | None
    start_c: dict[str, float] | None
    end_c: dict[str, float] | None
    reached: bool | None
    reason: str | None = None


@attrs.frozen
class TimelineSummary:
    """Where the window's timeline was written (``file`` relative to the experiment folder), or
    ``None`` with the reason."""

    file: str | None
    samples: int
    interval_s: float | None
    reason: str | None = None


@attrs.frozen
class Memory:
    """``peak_rss_mb``: the experiment process's peak resident memory over its life (model load
    included). Device figures are over the measured window, or ``None`` with ``reason``."""

    peak_rss_mb: float
    device_peak_allocated_mb: float | None
    device_peak_reserved_mb: float | None
    reason: str | None


@attrs.frozen
class HostLoad:
    """What other processes did to the machine over the measured window. CPU time comes from
    ``/proc/stat`` (every core of the machine; inside a container, the host's) less this
    experiment's process tree (``/proc/<pid>/stat`` of it and its descendants).
    ``other_cpu_share``: that time over the time of all ``cores`` in the window (0.25: a quarter
    of the machine). ``None`` with ``reason`` where a figure cannot be read (no ``/proc``)."""

    cores: int | None
    other_cpu_core_seconds: float | None
    other_cpu_share: float | None
    own_cpu_core_seconds: float | None
    load_average_1m_start: float | None
    load_average_1m_end: float | None
    reason: str | None = None


@attrs.frozen
class RequestRecord:
    index: int
    input_tokens: int
    output_tokens: int
    ttft_s: float | None
    e2e_s: float


@attrs.frozen
class RuleNote:
    """A rule of the engine's corpus that fired for this config (a warning or a dormant value)."""

    rule: str
    severity: str
    message: str
    paths: tuple[str, ...]
    source: str


@attrs.frozen
class ConfigChecks:
    """What the pre-flight rules said about the config before any model loaded.

    ``corpus``: the rules checked (``"transformers 5.23.0: 48 rules"``), or why none were.
    ``warnings``: the library would warn. ``dormant``: values the library would ignore or
    normalise. ``effective_config_hash``: hash of the config with dormant values normalised; two
    experiments with the same hash run identically.
    """

    corpus: str = "no rule corpus"
    warnings: tuple[RuleNote, ...] = ()
    dormant: tuple[RuleNote, ...] = ()
    effective_config_hash: str | None = None


@attrs.frozen
class ModelSource:
    """The model as the user named it and the host resolved it (``source``: ``hub``, ``local``
    or ``package``; ``gguf_file`` inside ``location`` for GGUF weights)."""

    source: str
    location: str
    gguf_file: str | None = None

    @classmethod
    def of(cls, model: ResolvedModel) -> ModelSource:
        return cls(model.source, model.location, model.gguf_file)


@attrs.frozen
class ExperimentResult:
    experiment: str
    engine: str
    model: ModelSource
    model_info: ModelInfo
    timing: Timing
    workload: Workload
    throughput: Throughput
    latency: LatencySummary
    energy: Energy
    flops: FlopsEstimate
    memory: Memory
    host_load: HostLoad
    warmup: WarmupOutcome
    thermal: ThermalOutcome
    timeline: TimelineSummary
    warnings: tuple[str, ...]
    requests: tuple[RequestRecord, ...]
    llem_version: str
    config_checks: ConfigChecks = attrs.field(factory=ConfigChecks)
    schema_version: str = SCHEMA_VERSION
    status: str = "ok"
