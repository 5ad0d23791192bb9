"""The cached test index: built once per content hash under .pytest_cache/kb-index.

A session that will need it starts the build in a separate process at collection
(`python -m tests.index_cache`), and the tests that need it run last: the build then
overlaps the tests that do not need it, instead of one worker building while the other
waits on the lock with nothing to do. Whoever takes the lock first builds; the rest wait on
the lock and find it done. A build that failed or was stopped leaves no `done` marker, so the
fixture builds again in-process and shows the error."""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT

CACHE_ROOT = PROJECT_ROOT / ".pytest_cache" / "kb-index"


def cache_dir(version: str) -> Path:
    return CACHE_ROOT / version


def is_built(cache: Path) -> bool:
    return (cache / "done").exists()


def ensure_built(cache: Path) -> None:
    """Build the index into `cache` unless it is there; one builder per version at a time."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    # One lock per version: sessions that need the same index build it once; a session that
    # needs another one (a different tree) does not wait for it.
    with (cache.parent / f".lock-{cache.name}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_built(cache):
            _build(cache)


def _build(cache: Path) -> None:
    import shutil

    from bot.config import Settings
    from bot.knowledge.service import KnowledgeBase

    shutil.rmtree(cache, ignore_errors=True)
    settings = Settings(_env_file=None, bot_data_dir=cache / "data")
    report = KnowledgeBase(settings).index()
    assert report.ok, report.errors
    (cache / "done").write_text("ok")


def start_background_build(cache: Path, env: dict[str, str]) -> subprocess.Popen[bytes] | None:
    if is_built(cache):
        return None
    cache.parent.mkdir(parents=True, exist_ok=True)
    with (cache.parent / f".build-{cache.name}.log").open("wb") as log:  # the child keeps its copy
        return subprocess.Popen(
            [sys.executable, "-m", "tests.index_cache", str(cache)],
            cwd=PROJECT_ROOT,
            env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop(builder: subprocess.Popen[bytes] | None) -> None:
    """At session end: a build nobody waited for must not outlive the session."""
    if builder is not None and builder.poll() is None:
        builder.terminate()
        builder.wait(timeout=60)


if __name__ == "__main__":
    ensure_built(Path(sys.argv[1]))
