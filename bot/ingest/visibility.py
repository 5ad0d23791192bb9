"""Who may see a source: `openbaar` (everyone, the default) or one or more organisations,
named by their Slack team id (T…) or enterprise id (E…).

A source says it in knowledge/sources.yaml (`visibility`) or in its front matter
(`zichtbaarheid`); a question's `Scope` names the organisations that will read the answer.
In a Slack Connect channel that is every organisation in it, so a source counts only when
all of them may see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.errors import LoaderError, UserError

PUBLIC = "openbaar"
Visibility = frozenset[str]  # {"openbaar"} or organisation ids
EVERYONE: Visibility = frozenset({PUBLIC})
KEYS = ("zichtbaarheid", "visibility")  # either name, in sources.yaml and in front matter
_ORG_ID = re.compile(r"[TE][A-Z0-9]{2,30}")
EXAMPLE = "zichtbaarheid: openbaar, of een lijst team-id's: [T0123ABCD, T0456EFGH]"


class VisibilityError(LoaderError):
    """A visibility that is not `openbaar` or a list of team ids: the document is not indexed."""


def parse_visibility(value: Any, where: str) -> Visibility:
    """`where` names the document in the Dutch error ("bestand.txt (sources.yaml)")."""
    if value is None:
        return EVERYONE
    items = _items(value, where)
    if any(str(item).strip().lower() == PUBLIC for item in items):
        return EVERYONE
    ids = [str(item).strip() for item in items if isinstance(item, str) and item.strip()]
    wrong = [item for item in items if not isinstance(item, str) or not _ORG_ID.fullmatch(str(item).strip())]
    if wrong or not ids:
        shown = ", ".join(repr(str(w))[:40] for w in wrong) or "een lege lijst"
        raise VisibilityError(
            f"{where}: zichtbaarheid {shown} is ongeldig. Gebruik 'openbaar' of Slack-team-id's "
            f"(T… of E…, te vinden in de werkruimte-instellingen), bijvoorbeeld {EXAMPLE}. "
            "Het document is niet geïndexeerd."
        )
    return frozenset(ids)


def _items(value: Any, where: str) -> list[Any]:
    if isinstance(value, str):
        return [part for part in value.split(",") if part.strip()] or [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise VisibilityError(
        f"{where}: zichtbaarheid moet 'openbaar' of een lijst team-id's zijn, niet {type(value).__name__}. "
        f"Bijvoorbeeld {EXAMPLE}. Het document is niet geïndexeerd."
    )


def document_visibility(
    front: Mapping[str, Any], listed: Mapping[str, Any], where: str
) -> tuple[Visibility, str]:
    """The visibility of a document and where it was set: its own front matter wins over
    its line in sources.yaml ("voorwerk" / "lijst")."""
    for origin, meta in (("voorwerk", front), ("lijst", listed)):
        for key in KEYS:
            if key in meta:
                label = where if origin == "voorwerk" else f"{where} (sources.yaml)"
                return parse_visibility(meta[key], label), origin
    return EVERYONE, "lijst"


def listed_visibility(listed: Mapping[str, Any], where: str) -> Visibility:
    return document_visibility({}, listed, where)[0]


def encode(visibility: Visibility) -> str:
    """As the index catalogue keeps it: "" for public, else the ids."""
    return "" if PUBLIC in visibility else " ".join(sorted(visibility))


def decode(text: str | None) -> Visibility:
    return frozenset((text or "").split()) or EVERYONE


@dataclass(frozen=True)
class Scope:
    """The organisations that read an answer; each is the set of its ids (a team, and its
    enterprise when known). No organisations at all (a shared channel whose members Slack
    would not tell) leaves only what is public."""

    orgs: tuple[frozenset[str], ...] = ()

    @classmethod
    def of_teams(cls, teams: Iterable[str]) -> Scope:
        return cls(tuple(frozenset({t}) for t in sorted(set(teams)) if t))

    def allows(self, visibility: Visibility) -> bool:
        if PUBLIC in visibility:
            return True
        return bool(self.orgs) and all(org & visibility for org in self.orgs)

    def hidden(self, restricted: Mapping[str, Visibility]) -> frozenset[str]:
        """The sources of `restricted` (source → visibility) this scope may not see."""
        return frozenset(source for source, vis in restricted.items() if not self.allows(vis))


def scope_of(values: Iterable[str]) -> Scope:
    """The scope the command line's `--team` options name: team or enterprise ids, each an
    organisation; `openbaar` alone means public sources only."""
    ids = [v.strip() for value in values for v in value.split(",") if v.strip()]
    if [i.lower() for i in ids] == [PUBLIC]:
        return Scope()
    wrong = [i for i in ids if not _ORG_ID.fullmatch(i)]
    if wrong or not ids:
        raise UserError(
            f"'{(wrong or [''])[0][:40]}' is geen team-id. Geef een Slack-team-id zoals T0123ABCD "
            "(mag vaker: --team T0123ABCD --team T0456EFGH), of --team openbaar voor alleen de "
            "openbare bronnen."
        )
    return Scope(tuple(frozenset({i}) for i in sorted(set(ids))))
