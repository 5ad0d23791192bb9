"""sources.yaml and front matter are read with libyaml's loader where it exists: the same
values as PyYAML's pure loader, and a YAMLError (never another exception) for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.ingest.metadata import load_sources_yaml, safe_load, split_front_matter

pytestmark = pytest.mark.unit


def test_the_fast_loader_is_in_use() -> None:
    assert yaml.__with_libyaml__, "PyYAML zonder libyaml: sources.yaml wordt traag gelezen"
    from bot.ingest.metadata import SafeLoader

    assert SafeLoader is yaml.CSafeLoader


def test_real_sources_yaml_reads_as_with_the_pure_loader() -> None:
    path = PROJECT_ROOT / "knowledge" / "sources.yaml"
    pure = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert load_sources_yaml(path) == {str(k): (v or {}) for k, v in pure.items()}
    assert len(pure) > 3


@pytest.mark.parametrize(
    "text",
    ["a: 2026-01-01\nb: 012\nc: yes\nd: 1e3", "titel: 'Casus: regio'\nteams: [T1, T2]", "a: .inf"],
)
def test_values_match_the_pure_loader(text: str) -> None:
    assert safe_load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text", ["a: [1", "title: Casus: x", "a: \x07", "a: \udcff", "a: !!python/object:os.system x"]
)
def test_bad_yaml_raises_a_yaml_error(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        safe_load(text)


def test_bad_front_matter_is_ignored_not_raised() -> None:
    front, body = split_front_matter("---\ntitle: \udcff\n---\nTekst\n")
    assert front == {}
    assert body.endswith("Tekst\n")


def test_missing_sources_yaml_is_empty(tmp_path: Path) -> None:
    assert load_sources_yaml(tmp_path / "sources.yaml") == {}
