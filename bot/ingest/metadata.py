"""Document metadata: knowledge/sources.yaml for source files, YAML front matter for cases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.ingest.visibility import EVERYONE, Visibility, document_visibility

FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
# libyaml's loader where PyYAML was built with it: the same documents, ten times faster. Every
# `index` run reads sources.yaml, which grows with the corpus (0.12 s → 0.014 s at 64×).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except UnicodeEncodeError:  # libyaml reads UTF-8: a lone surrogate gets PyYAML's own error
        return yaml.safe_load(text)


@dataclass(frozen=True)
class DocMeta:
    title: str
    kind: str  # "document" | "case"
    extra: dict[str, Any]
    visibility: Visibility = EVERYONE
    visibility_origin: str = "lijst"  # "voorwerk": set in the file itself, "lijst": sources.yaml


def load_sources_yaml(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): (v or {}) for k, v in data.items()} if isinstance(data, dict) else {}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    try:
        meta = safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def describe(path: Path, text: str, sources: dict[str, dict[str, Any]], is_case: bool) -> tuple[DocMeta, str]:
    """Title, kind and visibility for a file, and its text without front matter. A bad
    visibility raises VisibilityError: such a document is not indexed at all."""
    front, body = split_front_matter(text) if path.suffix.lower() == ".md" else ({}, text)
    listed = sources.get(path.name, {})
    title = str(front.get("title") or listed.get("title") or _title_from_name(path))
    kind = "case" if is_case or front.get("vorm") or front.get("gemeenten") else "document"
    if kind == "case" and not title.lower().startswith("casus"):
        title = f"Casus: {title}"
    visibility, origin = document_visibility(front, listed, path.name)
    return DocMeta(title, kind, {**listed, **front}, visibility, origin), body


def _title_from_name(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
