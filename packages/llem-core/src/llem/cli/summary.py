"""The readable table printed at the end of ``llem run``, from ``result.json``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, str]


def _num(value: float | None, unit: str = "", digits: int = 3) -> str:
    if value is None:
        return "null"
    return f"{value:.{digits}g}{unit}" if abs(value) < 1e4 else f"{value:.{digits}e}{unit}"


def _ms(value: float | None) -> str:
    if value is None:
        return "null"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def _percentiles(stats: dict[str, Any]) -> str:
    return "  ".join(f"{p} {_ms(stats.get(p))}" for p in ("p50", "p90", "p99"))


def _energy_rows(energy: dict[str, Any]) -> list[Row]:
    measurement = energy["measurement"]
    if energy["raw_j"] is None:
        return [("energy", f"null — {energy['reason']}")]
    return [
        ("energy (raw)", f"{_num(energy['raw_j'], ' J')}  ({measurement['boundary']})"),
        ("energy (adjusted)", _adjusted(energy)),
        ("timeline integral", _num(measurement["timeline_j"], " J")
         if measurement["timeline_j"] is not None else f"null — {measurement['timeline_reason']}"),
        ("energy / output token", f"{_num(energy['per_output_token_j'], ' J')} raw, "
         f"{_num(energy['adjusted_per_output_token_j'], ' J')} adjusted"),
        ("energy / token", f"{_num(energy['per_token_j'], ' J')} raw, "
         f"{_num(energy['adjusted_per_token_j'], ' J')} adjusted"),
    ]  # fmt: skip


def _adjusted(energy: dict[str, Any]) -> str:
    if energy["adjusted_j"] is None:
        return f"null — {energy['adjusted_reason']}"
    baseline = energy["baseline"]
    return (
        f"{_num(energy['adjusted_j'], ' J')}  (idle {_num(baseline['power_w'], ' W')}, "
        f"baseline {baseline['source']})"
    )


def _warmup(warmup: dict[str, Any]) -> str:
    batches = f"{warmup['batches']} batch" + ("" if warmup["batches"] == 1 else "es")
    text = f"{warmup['prompts']} prompts in {batches}, {warmup['duration_s']:.1f} s"
    if warmup["mode"] == "converge":
        cv = warmup["final_cv"]
        state = "converged" if warmup["converged"] else "not converged"
        text += f" ({state}, CV {'null' if cv is None else f'{cv:.3f}'})"
    return text


def _host_load(load: dict[str, Any] | None) -> list[Row]:
    if load is None:  # a result written before llem recorded it
        return []
    start, end = _num(load["load_average_1m_start"]), _num(load["load_average_1m_end"])
    loads = f"load average {start} → {end}"
    if load["other_cpu_share"] is None:
        return [("other processes", f"null — {load['reason']}; {loads}")]
    used = f"{load['other_cpu_core_seconds']:.2f} CPU core-s"
    share = f"{load['other_cpu_share']:.0%} of {load['cores']} cores"
    return [("other processes", f"{used} ({share}); {loads}")]


def _rows(result: dict[str, Any]) -> list[Row]:
    timing, work, latency = result["timing"], result["workload"], result["latency"]
    throughput, flops, memory = result["throughput"], result["flops"], result["memory"]
    device_mem = memory["device_peak_allocated_mb"]
    return [
        ("experiment", result["experiment"]),
        (
            "engine / model",
            f"{result['engine']} / {result['model_info']['name']} "
            f"({result['model_info']['dtype']}, {result['model_info']['device']})",
        ),
        (
            "prompts",
            f"{work['n_prompts']} measured (+{work['warmup_prompts']} warmup), "
            f"{work['input_tokens']} in / {work['output_tokens']} out tokens",
        ),
        ("model load / window", f"{timing['model_load_s']:.1f} s / {timing['window_s']:.2f} s"),
        ("warmup", _warmup(result["warmup"])),
        (
            "throughput",
            f"{_num(throughput['output_tokens_per_s'])} out tok/s, "
            f"{_num(throughput['total_tokens_per_s'])} total tok/s",
        ),
        ("TTFT", _percentiles(latency["ttft"])),
        ("ITL", _percentiles(latency["itl"])),
        ("end-to-end", _percentiles(latency["e2e"])),
        *_energy_rows(result["energy"]),
        (
            "FLOPs",
            f"{_num(flops['total'])} total, {_num(flops['per_output_token'])} / output token",
        ),
        (
            "peak memory",
            f"{memory['peak_rss_mb']:.0f} MB RSS; device "
            + (f"{device_mem:.0f} MB" if device_mem is not None else f"null — {memory['reason']}"),
        ),
        *_host_load(result.get("host_load")),
    ]


def render_summary(result: dict[str, Any], style: Callable[[str], str] = str) -> str:
    rows = _rows(result)
    width = max(len(label) for label, _ in rows)
    lines = [f"  {style(label.ljust(width))}  {value}" for label, value in rows]
    lines += [f"  warning: {w}" for w in result.get("warnings", [])]
    return "\n".join(lines)
