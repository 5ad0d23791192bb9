"""The one-line form of `/herinnering`, pure:

    pho "PHO Sociaal Domein" #kanaal elke derde woensdag om 10 uur, 1 week van tevoren
    pho "PHO Sociaal Domein" <#C0123|pho> elke … , 1 week van tevoren, agendapunten 3 werkdagen
    monitoring "Jaarevaluatie ODRA" #regio op 12 maart 2027 om 13:30
    algemeen "Subsidieaanvraag" #kanaal over 2 maanden

The schedule phrase is checked later by `ReminderService.add` (the one Dutch parser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobs.models import KINDS
from jobs.reminders import ReminderError

USAGE = (
    'Gebruik: /herinnering pho "PHO Sociaal Domein" #kanaal elke derde woensdag van de maand '
    "om 10 uur, 1 week van tevoren, agendapunten 3 werkdagen"
)
_QUOTED = r"[\"“”„'‘’](?P<title>[^\"“”„'‘’]+)[\"“”„'‘’]"
_CHANNEL = r"(?:<#(?P<id>[CG][A-Z0-9]+)(?:\|[^>]*)?>|(?P<name>#[\w\-]+))"
_AGENDA = r",\s*agenda(?:punten)?\s+(?P<agenda>.+?)$"


@dataclass(frozen=True)
class OneLine:
    kind: str
    title: str
    channel: str  # a channel id when Slack escaped the mention, else "#naam" as typed
    phrase: str  # schedule phrase incl. lead time, for ReminderService.add(schedule=…)
    agenda_lead: str | None = None  # pho: "3 werkdagen" from ", agendapunten 3 werkdagen"


def parse_one_line(text: str) -> OneLine:
    match = re.fullmatch(rf"\s*(?P<kind>\w+)\s+{_QUOTED}\s+{_CHANNEL}\s+(?P<rest>.+?)\s*", text or "")
    if not match:
        raise ReminderError(f"Ik begrijp deze herinnering niet. {USAGE}")
    kind = match["kind"].lower()
    if kind not in KINDS:
        raise ReminderError(f"Onbekende soort '{match['kind']}': kies pho, monitoring of algemeen. {USAGE}")
    phrase, agenda = match["rest"], None
    clause = re.search(_AGENDA, phrase, flags=re.IGNORECASE)
    if clause:
        phrase, agenda = phrase[: clause.start()], clause["agenda"].strip()
    channel = match["id"] or match["name"]
    return OneLine(kind, match["title"].strip(), channel, phrase.strip(" ,"), agenda)
