"""The side-by-side table: one row per figure, ours and the peer's, ratio, target, met."""

from __future__ import annotations

from dataclasses import dataclass

from lsp_bench import percentile

__all__ = ["Row", "render"]


@dataclass(frozen=True)
class Row:
    """One figure: ``ours`` and ``peer`` are samples (seconds, or MiB when ``unit`` is MB)."""

    metric: str
    ours: list[float]
    peer: list[float]
    target: float
    unit: str = "ms"

    def cell(self, samples: list[float], fraction: float) -> str:
        if not samples:
            return "--"
        value = percentile(samples, fraction)
        return f"{value:.1f} MB" if self.unit == "MB" else f"{value * 1000:.1f} ms"

    @property
    def ratio(self) -> float | None:
        """Ours over the peer's, at p99 (the single value for memory)."""
        if not self.ours or not self.peer:
            return None
        peer = percentile(self.peer, 0.99)
        return percentile(self.ours, 0.99) / peer if peer else None


def render(rows: list[Row]) -> str:
    """A markdown table of ``rows``."""
    lines = [
        "| metric | ours p50 | ours p99 | peer p50 | peer p99 | ratio (p99) | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = row.ratio
        met = "--" if ratio is None else ("yes" if ratio <= row.target else "**no**")
        single = row.unit == "MB"
        lines.append(
            f"| {row.metric} | {row.cell(row.ours, 0.5)} | "
            f"{'' if single else row.cell(row.ours, 0.99)} | {row.cell(row.peer, 0.5)} | "
            f"{'' if single else row.cell(row.peer, 0.99)} | "
            f"{'--' if ratio is None else f'{ratio:.2f}'} | <= {row.target:g} | {met} |"
        )
    return "\n".join(lines)
