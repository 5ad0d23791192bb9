"""One index build at a time per data dir: ChromaDB's embedded store is not process-safe,
and two rebuilds would drop each other's collections. A second `index` waits a while for
the first and then stops with a Dutch message."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import UserError


class IndexBusy(UserError):
    exit_code = 1


@contextmanager
def index_lock(data_dir: Path, wait_seconds: float = 60.0, poll: float = 0.5) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    lock_path = data_dir / "index.lock"
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"Er draait al een indexering op {data_dir} (proces {_holder(lock_path)}). "
                    "Wacht tot die klaar is en probeer het daarna opnieuw."
                )
            time.sleep(poll)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:  # noqa: ANN001 — a text file object
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def _holder(lock_path: Path) -> str:
    try:
        return lock_path.read_text().strip() or "onbekend"
    except OSError:
        return "onbekend"
