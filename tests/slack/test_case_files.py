"""Saving case knowledge: concurrent saves of the same message each write a whole file and
leave no temp file behind (the indexer would report a stray .tmp as unsupported)."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.knowledge.cases import write_case_file


def test_concurrent_saves_of_one_message_all_succeed(tmp_path: Path) -> None:
    start, errors = threading.Barrier(5), []

    def save(n: int) -> None:
        start.wait()
        try:
            write_case_file(tmp_path, "slack-C1-1", f"---\ntitle: Casus\n---\nversie {n}\n" * 200)
        except Exception as exc:  # a failure is what this test looks for
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert [p.name for p in tmp_path.iterdir()] == ["slack-C1-1.md"]
    lines = set((tmp_path / "slack-C1-1.md").read_text(encoding="utf-8").splitlines())
    assert len([line for line in lines if line.startswith("versie")]) == 1  # one whole version
