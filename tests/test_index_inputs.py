"""The test index cache key follows the indexer's imports, not a hand-kept list."""

from __future__ import annotations

from pathlib import Path

from bot.config import PROJECT_ROOT
from tests.index_inputs import import_closure, inputs_hash


def relative(paths: list[Path]) -> set[str]:
    return {str(p.relative_to(PROJECT_ROOT)) for p in paths}


def test_closure_holds_what_the_index_build_imports() -> None:
    files = relative(import_closure())
    # Both were missing from the hand-kept list this replaced.
    assert {"bot/models.py", "bot/knowledge/indexer.py", "bot/index/windows.py"} <= files
    assert {"bot/ingest/chunking.py", "bot/index/embeddings.py", "bot/index/e5_encoder.py"} <= files
    assert "bot/knowledge/__init__.py" in files  # package __init__ files run too


def test_closure_leaves_out_the_edges() -> None:
    files = relative(import_closure())
    assert not any(f.startswith(("bot/slack/", "bot/cli/", "jobs/")) for f in files)


def test_hash_follows_imports_inside_functions(tmp_path: Path) -> None:
    files = {
        "bot/__init__.py": "",
        "bot/a.py": "def f():\n    from bot.b import g\n",
        "bot/b.py": "",
        "bot/c.py": "",
    }
    for rel, text in {**files, "knowledge/x.txt": "bron"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    closure = {str(p.relative_to(tmp_path)) for p in import_closure(("bot.a",), tmp_path)}
    assert closure == {"bot/__init__.py", "bot/a.py", "bot/b.py"}
    before = inputs_hash(("bot.a",), tmp_path)
    (tmp_path / "bot/c.py").write_text("x = 1\n")  # not imported: same index
    assert inputs_hash(("bot.a",), tmp_path) == before
    (tmp_path / "bot/b.py").write_text("x = 1\n")  # imported lazily by a: a new index
    changed = inputs_hash(("bot.a",), tmp_path)
    assert changed != before
    (tmp_path / "knowledge/x.txt").write_text("andere bron")
    assert inputs_hash(("bot.a",), tmp_path) != changed
