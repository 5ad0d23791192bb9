"""Checks on what a user asks a reminder to be, each failing with a Dutch ReminderError
that says what to type instead; and the details record stored with a reminder."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from bot.errors import UserError
from jobs.calendar_nl import format_moment
from jobs.models import KINDS
from jobs.schedule import LeadTime, Schedule
from jobs.schedule_nl import parse_lead


class ReminderError(UserError):
    """A reminder request that cannot be carried out (Dutch message, exit code 2)."""


def check_basics(kind: str, title: str, channel: str) -> tuple[str, str, str]:
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise ReminderError(f"Onbekende soort '{kind}'. Kies uit: {', '.join(KINDS)}.")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ReminderError("Geef een titel van 1 tot 200 tekens, bijvoorbeeld 'PHO Sociaal Domein'.")
    return kind, title, check_channel(channel)


def check_channel(channel: str) -> str:
    """A channel id, or Slack's mention "<#C0123|naam>" (its id); a plain name is refused."""
    channel = (channel or "").strip()
    mention = re.fullmatch(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>", channel)
    if mention:
        return mention[1]
    if re.fullmatch(r"[CGD][A-Z0-9]+", channel):
        return channel
    if not channel:
        raise ReminderError("Geef het kanaal op waar de herinnering komt, bijvoorbeeld C0123ABCD.")
    raise ReminderError(
        f"'{channel[:80]}' is geen kanaal-id. Een kanaalnaam kan ik niet opzoeken: geef de id "
        "(in Slack: kanaalnaam aanklikken, onderaan 'Kanaal-ID', bijvoorbeeld C0123ABCD) of kies "
        "het kanaal in Slack met # zodat het een link wordt."
    )


def check_details(
    kind: str, link: str | None, cooperation: str | None, agenda_lead: str | LeadTime | None
) -> LeadTime | None:
    if link and not link.startswith(("https://", "http://")):
        raise ReminderError(f"De link '{link}' moet beginnen met https://.")
    if kind == "monitoring" and not (cooperation or "").strip():
        raise ReminderError(
            "Een monitoringsmoment hoort bij een samenwerking: geef de naam op, bijvoorbeeld "
            "'Regionale Uitvoeringsdienst'."
        )
    if agenda_lead is None or agenda_lead == "":
        return None
    if kind != "pho":
        raise ReminderError("Een termijn voor agendapunten kan alleen bij een PHO.")
    return agenda_lead if isinstance(agenda_lead, LeadTime) else parse_lead(agenda_lead)


def check_agenda_deadline(schedule: Schedule, agenda: LeadTime | None, occurrence: datetime) -> None:
    if agenda is None:
        return
    deadline = agenda.before(occurrence)
    if schedule.reminder_at(occurrence) >= deadline:
        raise ReminderError(
            "De herinnering komt pas ná de deadline voor agendapunten "
            f"({format_moment(deadline)}). "
            f"Laat de herinnering eerder komen dan '{agenda.describe()}', bijvoorbeeld met "
            "', 2 weken van tevoren' achter de planning."
        )


def details_record(
    link: str | None,
    participants: Iterable[str],
    cooperation: str | None,
    subject: str | None,
    agenda: LeadTime | None,
) -> dict[str, object]:
    return {
        "link": link or None,
        "participants": [p.strip() for p in participants if p and p.strip()],
        "cooperation": (cooperation or "").strip() or None,
        "subject": (subject or "").strip() or None,
        "agenda_lead": {"amount": agenda.amount, "unit": agenda.unit} if agenda else None,
    }
