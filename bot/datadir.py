"""The data dir is private: folders 0700, files 0600, and the feedback salt lives in a file
of its own (or in FEEDBACK_SALT), never in the database whose hashes it protects.

`make_private` runs at the start of every process that writes there (the CLI, the jobs
worker): it sets the umask, so everything the process creates (index, SQLite, cases) is
private, and warns in Dutch when what is already there is readable by others.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger(__name__)
PRIVATE_UMASK = 0o077
SALT_FILE = "feedback-salt"
_MAX_CHECKED = 20_000  # entries; a huge index need not be walked to the end at every start


def make_private(data_dir: Path | None) -> list[Path]:
    """Umask 077 for this process (whatever it creates from now on is private); the paths
    already in the data dir that are looser, warned about, not changed: the admin decides."""
    os.umask(PRIVATE_UMASK)
    if data_dir is None or not data_dir.exists():
        return []
    loose = loose_paths(data_dir)
    if loose:
        shown = ", ".join(f"{p} ({stat.filemode(p.lstat().st_mode)})" for p in loose[:3])
        log.warning(
            "Let op: de datamap %s is niet privé; anderen op deze machine kunnen meelezen: %s%s. "
            "Maak hem privé met: chmod -R go-rwx %s",
            data_dir,
            shown,
            f" en nog {len(loose) - 3}" if len(loose) > 3 else "",
            data_dir,
        )
    return loose


def loose_paths(data_dir: Path) -> list[Path]:
    """The data dir and what is under it that group or others may read, write or enter."""
    found = []
    for n, path in enumerate([data_dir, *data_dir.rglob("*")]):
        if n >= _MAX_CHECKED:
            break
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue  # removed while we looked
        if not stat.S_ISLNK(mode) and mode & 0o077:
            found.append(path)
    return found


def feedback_salt(configured: str | None, data_dir: Path) -> bytes:
    """FEEDBACK_SALT when set; else the salt file in the data dir, made (0600) on first use."""
    if configured:
        return configured.encode()
    path = data_dir / SALT_FILE
    if not path.exists():
        write_once(path, secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def adopt_salt(data_dir: Path, value: str) -> None:
    """An older install kept the salt in the database: move it to the file, so existing
    votes keep their hashes."""
    write_once(data_dir / SALT_FILE, value)


def write_once(path: Path, text: str) -> None:
    """`path` with `text` (0600) unless it exists; two processes at once make one file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text.strip() + "\n")
    try:
        os.link(tmp, path)  # atomic: fails when another process was first
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
