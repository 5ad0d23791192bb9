"""The table `make bench-scale` prints: ratios of the big run to the 1x run, and the targets."""

from __future__ import annotations

import pytest

from bot.cli.bench_scale import table

pytestmark = pytest.mark.unit


def _row(scale: float) -> dict[str, float]:
    row = dict.fromkeys(
        ["documents", "mb_text", "build_s", "index_rss_mb", "no_change_index_s", "add_document_s"], scale
    )
    row.update(cold_ask_s=2.0, cold_ask_rss_mb=500.0 + scale, warm_ask_s=0.05, first_after_change_s=0.1)
    row.update(windows=1500.0 * scale, vector_mb=1500.0 * scale * 384 * 4 / 1e6)
    return row


def test_table_shows_the_vectors_beside_the_peak_memory() -> None:
    lines = table(_row(1), _row(64), 64).splitlines()
    windows = next(line for line in lines if line.startswith("| Vensters"))
    assert windows == "| Vensters (vectoren die een vraag doorzoekt) | 1500 | 96000 | 64.00 |  |"
    vectors = next(line for line in lines if line.startswith("| Waarvan float32"))
    assert "| 2 | 147 | 64.00 |" in vectors
    rss = next(line for line in lines if line.startswith("| Piekgeheugen koude"))
    assert rss == "| Piekgeheugen koude `ask` (MB) | 501 | 564 | 1.13 | ≤ 1.3× |"
    assert lines[-1].endswith("0.100 ≤ 0.175 | | ja |")
