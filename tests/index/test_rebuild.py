"""--rebuild writes a new collection and switches only when complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.knowledge.service import KnowledgeBase


def test_rebuild_switches_to_a_new_collection(settings: Settings) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    old = kb.store.active_name()
    report = kb.index(rebuild=True)
    assert report.rebuilt and kb.store.active_name() != old
    assert kb.search("ambtelijke fusie", 1)[0].chunk.source == "fusie.txt"
    names = [getattr(c, "name", c) for c in kb.store.client.list_collections()]
    assert old not in names  # the old version is dropped once the new one serves


def test_killed_rebuild_leaves_the_old_index_serving(settings: Settings, knowledge_dir: Path) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    before = kb.store.active_name()
    for i in range(40):  # enough text that embedding takes a while
        (knowledge_dir / "sources" / f"extra{i}.txt").write_text(
            f"Sectie {i}\n\n" + "Gemeenten werken samen aan taken in de regio. " * 120, encoding="utf-8"
        )
    env = {
        **os.environ,
        "BOT_ENV_FILE": "",
        "BOT_DATA_DIR": str(settings.bot_data_dir),
        "KNOWLEDGE_DIR": str(knowledge_dir),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "index", "--rebuild"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_second_collection(kb, before, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    fresh = KnowledgeBase(settings)
    assert fresh.store.active_name() == before
    assert fresh.search("ambtelijke fusie", 1)[0].chunk.source == "fusie.txt"
    assert fresh.index().ok  # a later build cleans up and succeeds


def _wait_for_second_collection(kb: KnowledgeBase, before: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        names = [getattr(c, "name", c) for c in kb.store.client.list_collections()]
        if any(n.startswith("samenwerkbot_v") and n != before and not n.endswith("_tables") for n in names):
            time.sleep(1.0)  # let it write part of the new collection
            return
        time.sleep(0.2)
    raise AssertionError("the rebuild never started writing a new collection")
