"""The indexer reads only regular files under its roots: a symlink that leads out of the
knowledge folder (to a file or a folder) is skipped with a Dutch warning, so nothing from
elsewhere on the machine can be indexed and then quoted with a citation."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge.files import collect_files
from bot.knowledge.indexer import IndexReport

SECRET = "Wachtwoordkluis Ravensteijn bevat het rootwachtwoord van de griffie."


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elders"
    (folder / "map").mkdir(parents=True)
    (folder / "geheim.txt").write_text(SECRET, encoding="utf-8")
    (folder / "map" / "ook-geheim.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def linked(knowledge_dir: Path, outside: Path) -> Path:
    sources = knowledge_dir / "sources"
    (sources / "link-naar-bestand.txt").symlink_to(outside / "geheim.txt")
    (sources / "link-naar-map").symlink_to(outside / "map", target_is_directory=True)
    (sources / "relatief.txt").symlink_to(Path("..") / ".." / "elders" / "geheim.txt")
    (sources / "binnen.txt").symlink_to(sources / "fusie.txt")  # stays inside: allowed
    os.mkfifo(sources / "pijp.txt")  # not a regular file: reading it would hang the indexer
    return sources


def test_links_out_of_the_root_are_skipped_with_a_warning(
    linked: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    report = IndexReport()
    files = collect_files([linked], report)
    names = {p.name for p in files}
    assert names == {"fusie.txt", "centrum.txt", "ssc.md", "binnen.txt"}
    assert all(p.resolve().is_relative_to(linked.resolve()) for p in files)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    for name in ("link-naar-bestand.txt", "link-naar-map", "relatief.txt"):
        assert any(name in w and "buiten" in w and "overgeslagen" in w for w in warnings), warnings
    assert report.errors == []


@pytest.mark.usefixtures("linked")
def test_what_a_link_points_to_is_never_indexed_or_cited(settings: Settings) -> None:
    from bot.knowledge.service import KnowledgeBase

    kb = KnowledgeBase(settings)
    report = kb.index()
    assert report.ok, report.errors
    assert all("Ravensteijn" not in p.chunk.text for p in kb.search("Wachtwoordkluis Ravensteijn", 10))
    answer = kb.ask("Wat bevat de wachtwoordkluis Ravensteijn?")
    assert "Ravensteijn" not in answer.answer and all("Ravensteijn" not in c.quote for c in answer.citations)
