"""Visibility in the index: kept per document in the version's catalogue, refreshed from
sources.yaml without re-reading unchanged files, and turned into the sources a question's
scope may not see."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from bot.index.catalog import Catalog
from bot.ingest.visibility import Scope, VisibilityError, decode, encode, listed_visibility

log = logging.getLogger(__name__)


def refresh_visibility(
    files: Sequence[Path], changed: set[str], catalog: Catalog, sources: dict, errors: list[str]
) -> list[str]:
    """An unchanged document whose visibility in sources.yaml changed gets the new one
    without being read again; one whose new visibility is invalid must leave the index
    (returned). A visibility in a file's own front matter changes only with the file."""
    indexed = catalog.files()
    invalid = []
    for path in files:
        if path.name in changed or path.name not in indexed:
            continue
        recorded = catalog.visibility(path.name)
        if recorded is not None and recorded[1] == "voorwerk":
            continue
        try:
            wanted = encode(listed_visibility(sources.get(path.name, {}), path.name))
        except VisibilityError as exc:
            errors.append(exc.message)
            invalid.append(path.name)
            continue
        if recorded is None or recorded[0] != wanted:
            catalog.set_visibility(path.name, wanted, "lijst")
            log.info("zichtbaarheid van %s: %s", path.name, " ".join(sorted(decode(wanted))))
    return invalid


def hidden_sources(catalog: Catalog, scope: Scope | None) -> frozenset[str]:
    """The sources a question in `scope` may not use (None: no scope, nothing hidden)."""
    if scope is None:
        return frozenset()
    return scope.hidden({source: decode(ids) for source, ids in catalog.restricted().items()})
