"""Plain views of reminders and deliveries, handed to edges and message builders.

No SQLAlchemy here: Slack listeners and `messages` get frozen dataclasses, never ORM rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from jobs.calendar_nl import DEFAULT_TZ, zone
from jobs.schedule import LeadTime, Schedule

KINDS = ("pho", "monitoring", "algemeen")
Kind = Literal["pho", "monitoring", "algemeen"]
# Reminder status: actief → (gepauzeerd ⇄ actief) → gestopt; a one-off ends as afgerond.
ReminderStatus = Literal["actief", "gepauzeerd", "gestopt", "afgerond"]
# Delivery status: wachtend → bezig → verstuurd | mislukt; gemist (beyond the grace time);
# vervallen (reminder stopped or paused before it was posted); onzeker (a post whose outcome
# is unknown: checked in the channel before it is ever posted again).
DeliveryStatus = Literal["wachtend", "bezig", "onzeker", "verstuurd", "mislukt", "gemist", "vervallen"]


@dataclass(frozen=True)
class Reminder:
    id: int
    kind: Kind
    title: str
    channel: str
    spec: str  # canonical Dutch phrase, e.g. "elke vrijdag om 16:00, 3 werkdagen van tevoren"
    phrase: str  # as the user typed it
    schedule: Schedule
    status: ReminderStatus
    created_by: str | None
    created_at: datetime
    next_occurrence: datetime | None
    next_fire_at: datetime | None
    link: str | None = None
    participants: tuple[str, ...] = ()
    cooperation: str | None = None  # monitoring: the named cooperation
    subject: str | None = None  # monitoring: what is evaluated
    agenda_lead: LeadTime | None = None  # pho: deadline for agenda items before the meeting
    notes: tuple[str, ...] = ()  # readings the parser chose ("Ik lees 'om 3 uur' als 15:00")
    team_id: str | None = None  # the maker's organisation (Slack team id), when made in Slack

    def agenda_deadline(self, occurrence: datetime) -> datetime | None:
        return self.agenda_lead.before(occurrence) if self.agenda_lead else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, times in local ISO 8601 with offset."""
        tz = zone(self.schedule.tz)
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "channel": self.channel,
            "spec": self.spec,
            "phrase": self.phrase,
            "status": self.status,
            "created_by": self.created_by,
            "created_at": _iso(self.created_at, tz),
            "next_occurrence": _iso(self.next_occurrence, tz),
            "next_reminder": _iso(self.next_fire_at, tz),
            "link": self.link,
            "participants": list(self.participants),
            "cooperation": self.cooperation,
            "subject": self.subject,
            "agenda_lead": self.agenda_lead.describe() if self.agenda_lead else None,
            "on_holiday": self.schedule.on_holiday,
            "notes": list(self.notes),
            "team_id": self.team_id,
        }


@dataclass(frozen=True)
class Delivery:
    """One posting of a reminder for one occurrence (kind "uitstel" = a snoozed repeat)."""

    id: int
    kind: Literal["herinnering", "uitstel"]
    reminder_id: int
    occurrence: datetime
    due_at: datetime
    status: DeliveryStatus
    late: bool = False
    attempts: int = 0
    sent_at: datetime | None = None
    channel: str | None = None
    ts: str | None = None
    error: str | None = None
    acknowledged_by: str | None = None

    def to_dict(self, tz: str = DEFAULT_TZ) -> dict[str, Any]:
        local = zone(tz)
        return {
            "id": self.id,
            "kind": self.kind,
            "reminder_id": self.reminder_id,
            "occurrence": _iso(self.occurrence, local),
            "due_at": _iso(self.due_at, local),
            "status": self.status,
            "late": self.late,
            "attempts": self.attempts,
            "sent_at": _iso(self.sent_at, local),
            "channel": self.channel,
            "ts": self.ts,
            "error": self.error,
            "acknowledged_by": self.acknowledged_by,
        }


@dataclass(frozen=True)
class Upcoming:
    """A reminder's next occurrence and when its reminder will be posted (App Home)."""

    reminder: Reminder
    occurrence: datetime
    fires_at: datetime


@dataclass
class TickReport:
    """What one pass of the outbox did (for logs and tests)."""

    created: int = 0
    missed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0


def _iso(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment else None
