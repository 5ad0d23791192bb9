"""Which files an `index` run reads: the regular files under the knowledge folders, without
the folders' own notes and hidden files, and never a file a link takes outside its root."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.indexer import IndexReport

log = logging.getLogger(__name__)
IGNORED_NAMES = {"sources.yaml", "README.md", ".gitkeep"}


def collect_files(roots: Iterable[Path], report: IndexReport) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            for path in regular_files(root):
                if path.name in IGNORED_NAMES or path.name.startswith("."):
                    continue
                files.append(path)
        elif root.exists():
            files.append(root)
        else:
            report.errors.append(f"{root}: bestand of map bestaat niet.")
    return files


def regular_files(root: Path) -> list[Path]:
    """Regular files under `root`, sorted. Symlinks are followed only while they stay inside
    the root: one that leaves it (a file or a folder) is skipped with a warning, so nothing
    outside the knowledge folder can be indexed and cited."""
    base, found = root.resolve(), []
    for folder, dirs, names in os.walk(root):  # does not descend into linked folders
        for name in sorted(dirs) + sorted(names):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(base):
                    log.warning("%s overgeslagen: de link wijst buiten %s (naar %s).", path, root, target)
                elif name in names and target.is_file():
                    found.append(path)
            elif name in names and stat.S_ISREG(path.lstat().st_mode):
                found.append(path)
    return sorted(found)
