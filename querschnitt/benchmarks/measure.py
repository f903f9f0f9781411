"""Small helpers of the benchmark: percentiles, throughput, German number formats and the Markdown section."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from pathlib import Path


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (`share` between 0 and 1): the smallest value that at least that share of the
    values does not exceed. p50 of [1, 2, 3, 4] is 2, p95 of 20 values is the 19th."""
    if not values:
        raise ValueError("no values")
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def throughput(objects: int, seconds: float) -> float:
    """Objects per second; 0 when nothing was measured."""
    return objects / seconds if seconds > 0 else 0.0


def median_throughput(objects_per_walk: int, seconds: Sequence[float]) -> float:
    """Objects per second of the median walk: one walk held up by the machine moves it no more than any other."""
    return throughput(objects_per_walk, statistics.median(seconds)) if seconds else 0.0


def ratio(measured: float, baseline: float) -> float:
    return measured / baseline if baseline > 0 else 0.0


def german(value: float, decimals: int = 1) -> str:
    """12345.67 → „12.345,7“: thousands with a dot, decimals with a comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def milliseconds(seconds: float) -> str:
    return german(seconds * 1000, 1) + " ms"


def write_section(path: Path, marker: str, body: str) -> None:
    """Replace the section between `<!-- marker -->` and `<!-- /marker -->` (or append it); the rest stays."""
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    section = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\nMessungen von `make bench`.\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
