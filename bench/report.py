"""The benchmark's one table: each figure beside its reference, the ratio and the target."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass
class Row:
    section: str
    metric: str
    value: float | None
    unit: str = ""
    reference: float | None = None
    ref_label: str = ""
    target: str = ""  # e.g. "<= 1.3x", "< 100 ms"
    ok: bool | None = None  # None: informational, no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.reference:
            return None
        return self.value / self.reference


def median(values: Iterable[float]) -> float:
    return float(statistics.median(list(values)))


def percentile(values: Sequence[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q))


def ratio_row(section: str, metric: str, value: float, unit: str, reference: float, ref_label: str,
              limit: float, *, higher_is_better: bool = False, note: str = "") -> Row:
    """A row whose target is a ratio to its reference (value/reference <= limit, or >= limit)."""
    ratio = value / reference if reference else float("inf")
    ok = ratio >= limit if higher_is_better else ratio <= limit
    target = f">= {limit:g}x" if higher_is_better else f"<= {limit:g}x"
    return Row(section, metric, value, unit, reference, ref_label, target, ok, note)


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "-"
    if abs(x) >= 1000:
        text = f"{x:,.0f}"
    elif abs(x) >= 100:
        text = f"{x:.0f}"
    elif abs(x) >= 10:
        text = f"{x:.1f}"
    else:
        text = f"{x:.2f}"
    return f"{text} {unit}".strip()


def machine_line(quick: bool, runs: int) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = "load %.2f" % os.getloadavg()[0]
    except OSError:
        load = ""
    return (f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {load}; "
            f"{'quick' if quick else 'full'} run, each figure the median of {runs} runs")


def render(rows: list[Row], header: str) -> str:
    """A Markdown table: pastes into the README and docs/benchmarks.md as it is."""
    cols = ["section", "metric", "value", "reference", "ratio", "target", "ok", "note"]
    body = []
    for r in rows:
        ref = f"{_fmt(r.reference, r.unit)} ({r.ref_label})" if r.reference is not None and r.ref_label else _fmt(r.reference, r.unit)
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        ok = "-" if r.ok is None else ("yes" if r.ok else "NO")
        body.append([r.section, r.metric, _fmt(r.value, r.unit), ref, ratio, r.target or "-", ok, r.note])
    widths = [max(len(c), *(len(b[i]) for b in body)) if body else len(c) for i, c in enumerate(cols)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    out = [header, "", line(cols), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(b) for b in body]
    return "\n".join(out)
