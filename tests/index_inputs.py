"""What the cached test index depends on: the sources under knowledge/ and every module of
this repo that the index build imports, found by following imports from the indexer and
the embedding backends (the service loads those for a build). A change in any of them
builds a fresh index instead of running the suite against a stale one."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

from bot.config import PROJECT_ROOT

ROOTS = ("bot.knowledge.indexer", "bot.knowledge.files", "bot.index.embeddings")
DATA = ("knowledge",)
OURS = ("bot", "jobs")
QUERY_TIME = {"synonyms.yaml"}  # read when a question comes in; the index does not depend on it


def module_file(name: str, root: Path = PROJECT_ROOT) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_names(path: Path) -> set[str]:
    """Our modules named by any import in the file, also those inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.split(".")[0] in OURS}


def import_closure(roots: tuple[str, ...] = ROOTS, root: Path = PROJECT_ROOT) -> list[Path]:
    """The files of `roots`, of every module they import (transitively) and of the packages
    those live in (their __init__ runs too)."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            package = ".".join(parts[:depth])
            path = module_file(package, root)
            if path is None or package in seen:
                continue
            seen[package] = path
            todo.extend(imported_names(path))
    return sorted(set(seen.values()))


def inputs_hash(roots: tuple[str, ...] = ROOTS, root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    data = [
        p for d in DATA for p in sorted((root / d).rglob("*")) if p.is_file() and p.name not in QUERY_TIME
    ]
    for path in [*import_closure(roots, root), *data]:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
