"""The index stays current: a file replaced while it is parsed is not stored under the new
file's hash, limits are reported per file, and two builds never run at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import index_lock as lock_module
from bot.config import PROJECT_ROOT, Settings
from bot.ingest import loaders
from bot.knowledge.service import KnowledgeBase

NEW_TEXT = (
    "Centrumgemeente\n\nDe centrumgemeente Nijmegen koopt sinds dit jaar de leerlingenvervoer-ritten in."
)


def test_file_replaced_while_parsing_is_indexed_with_its_new_text(
    settings: Settings, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = knowledge_dir / "sources" / "centrum.txt"
    real = loaders.LoadedDocument

    def replaced_meanwhile(path: Path, *args, **kwargs):  # noqa: ANN002, ANN003
        if path.name == target.name:
            target.write_text(NEW_TEXT, encoding="utf-8")  # another program saves the file now
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loaders, "LoadedDocument", replaced_meanwhile)
    kb = KnowledgeBase(settings)
    first = kb.index()
    assert any("centrum.txt" in e and "veranderde" in e for e in first.errors)
    monkeypatch.setattr(loaders, "LoadedDocument", real)
    second = kb.index()
    assert second.ok and second.documents == 1  # not "unchanged": it is indexed now
    found = " ".join(p.chunk.text for p in kb.search("leerlingenvervoer centrumgemeente", 5))
    assert "leerlingenvervoer" in found


def test_limits_are_reported_per_file_and_the_rest_indexes(settings: Settings, knowledge_dir: Path) -> None:
    (knowledge_dir / "sources" / "groot.txt").write_text("Groot\n\n" + "woord " * 1000, encoding="utf-8")
    limited = settings.model_copy(update={"max_file_mb": 0.004})  # about 4 KB
    report = KnowledgeBase(limited).index()
    assert report.documents == 3
    assert len(report.errors) == 1 and "groot.txt" in report.errors[0] and "maximum" in report.errors[0]


def test_a_second_build_waits_then_stops_with_a_dutch_message(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    kb.index_wait_seconds = 1.0
    with lock_module.index_lock(settings.bot_data_dir):
        with pytest.raises(lock_module.IndexBusy) as busy:
            kb.index()
    assert "Er draait al een indexering" in busy.value.message and str(os.getpid()) in busy.value.message
    assert kb.index().ok  # the lock is free again


def test_two_concurrent_rebuilds_both_finish_without_a_traceback(knowledge_dir: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BOT_ENV_FILE": "",
        "PYTHONPATH": str(PROJECT_ROOT),
        "BOT_DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(knowledge_dir),
    }
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "index", "--rebuild"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=600) for run in runs]
    for run, (_, err) in zip(runs, results, strict=True):
        assert "Traceback" not in err, err
        assert run.returncode == 0 or "Er draait al een indexering" in err
    asked = subprocess.run(
        [sys.executable, "-m", "bot", "search", "ambtelijke fusie", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert asked.returncode == 0 and "fusie.txt" in asked.stdout
