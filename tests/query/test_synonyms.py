"""Synonyms and abbreviations from knowledge/synonyms.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.knowledge.service import KnowledgeBase
from bot.query.synonyms import Synonyms, SynonymsError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_loads_and_knows_the_common_abbreviations() -> None:
    synonyms = Synonyms.load(PROJECT_ROOT / "knowledge" / "synonyms.yaml")
    expected = {"Wgr": "Wet gemeenschappelijke regelingen", "SSC": "shared service center"}
    for short, spelled_out in expected.items():
        assert spelled_out in synonyms.expansions(f"Wat is een {short}?")
        assert short in synonyms.expansions(f"Wat is een {spelled_out}?")
    for term in ("DVO", "PHO", "BAR", "GR"):
        assert synonyms.expansions(f"Wat doet de {term}?"), term


def test_terms_of_a_group_read_as_the_same_word(tmp_path: Path) -> None:
    synonyms = Synonyms.load(write(tmp_path, "synoniemen:\n  - [Wgr, Wet gemeenschappelijke regelingen]\n"))
    short = synonyms.canonical("Wat regelt de Wgr?").split()
    spelled_out = synonyms.canonical("Wat regelt de Wet   gemeenschappelijke REGELINGEN?").split()
    assert short == spelled_out
    assert "Wgr" not in short


def test_a_capitals_abbreviation_that_is_an_everyday_word_needs_its_capitals(tmp_path: Path) -> None:
    synonyms = Synonyms.load(
        write(tmp_path, "synoniemen:\n  - [BAR, BAR-gemeenten]\n  - [SSC, shared service center]\n")
    )
    assert synonyms.expansions("Hoe werkt de BAR-organisatie?") == ["BAR-gemeenten"]
    assert synonyms.expansions("Ik zit aan de bar.") == []
    assert synonyms.expansions("wat is een ssc?") == ["shared service center"]


def test_a_word_the_corpus_uses_often_keeps_its_common_words_out_of_the_search(tmp_path: Path) -> None:
    synonyms = Synonyms.load(write(tmp_path, "synoniemen:\n  - [SETA, Samen en Toch Apart, SaTA]\n"))
    counts = {"seta": 60, "samen en toch apart": 4, "sata": 1}
    expansions = synonyms.expansions("Wat is SETA?", lambda term: counts.get(term.lower(), 0))
    assert expansions == ["SaTA"]  # one-word alternatives only; the phrase would add "samen"
    assert synonyms.expansions("Wat is SaTA?", lambda t: counts.get(t.lower(), 0)) == [
        "SETA",
        "Samen en Toch Apart",
    ]


def test_a_missing_file_means_no_synonyms(tmp_path: Path) -> None:
    assert Synonyms.load(tmp_path / "bestaat-niet.yaml").expansions("Wat is een SSC?") == []


@pytest.mark.parametrize(
    "text, why",
    [
        ("synoniemen: [Wgr, Wet", "geen leesbare YAML"),
        ("- [Wgr, Wet gemeenschappelijke regelingen]\n", "'synoniemen'"),
        ("synoniemen:\n  - [Wgr]\n", "groep 1"),
        ("synoniemen:\n  - [SSC, shared service center]\n  - Wgr\n", "groep 2"),
        ("synoniemen:\n  - [SSC, 12]\n", "groep 1"),
    ],
)
def test_a_broken_file_is_explained_in_dutch(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(SynonymsError) as caught:
        Synonyms.load(write(tmp_path, text))
    assert why in caught.value.message
    assert "synonyms.yaml klopt niet" in caught.value.message
    assert "Traceback" not in caught.value.message


def test_invalid_bytes_are_explained_too(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_bytes(b"synoniemen:\n  - [SSC, \xff\xfe]\n")
    with pytest.raises(SynonymsError, match="geen leesbare YAML"):
        Synonyms.load(path)


def test_the_knowledge_base_goes_on_without_a_broken_file(tmp_path: Path, caplog) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    write(knowledge, "synoniemen: [kapot")
    kb = KnowledgeBase(Settings(_env_file=None, bot_data_dir=tmp_path / "data", knowledge_dir=knowledge))
    assert kb.synonyms.groups == []
    assert "synonyms.yaml klopt niet" in caplog.text
