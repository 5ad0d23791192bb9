"""Fixtures for the SWOT tests: where the real source documents are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOABERKRACHT = "003_187c9113d662aac7.txt"


def _sources_dir() -> Path:
    # The repo's copy first; the shared corpus is the same files under the same names.
    for candidate in (ROOT / "knowledge" / "sources", ROOT.parent / "shared" / "corpus"):
        if (candidate / NOABERKRACHT).exists():
            return candidate
    pytest.skip("bronbestanden niet gevonden (knowledge/sources of ../shared/corpus)")


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    return _sources_dir()


@pytest.fixture(scope="session")
def noaberkracht_text(sources_dir: Path) -> str:
    return (sources_dir / NOABERKRACHT).read_text(encoding="utf-8")
