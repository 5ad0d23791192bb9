"""What a due reminder says, in Dutch, whatever channel it goes out on. Pure functions.

The outbox hands a `Notice` to a poster (jobs/poster.py); the Slack edge turns it into Block
Kit (bot/slack/views/reminders.py), the console poster into one line of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.models import Citation
from bot.text import mrkdwn
from jobs.calendar_nl import format_moment, zone
from jobs.models import Reminder

LATE_MARK = "(later verstuurd)"

Checklist = Sequence[tuple[str, Citation]]


@dataclass(frozen=True)
class Notice:
    """One reminder occurrence to post (or post again after a snooze)."""

    reminder: Reminder
    occurrence: datetime
    late: bool = False
    repeat: bool = False
    checklist: Checklist = ()


def heading(reminder: Reminder, *, late: bool, repeat: bool) -> str:
    if reminder.kind == "pho":
        heading = f"PHO: {reminder.title}" if "pho" not in reminder.title.lower() else reminder.title
    elif reminder.kind == "monitoring":
        heading = f"Monitoringsmoment: {reminder.title}"
    else:
        heading = f"Herinnering: {reminder.title}"
    if repeat:
        heading = f"Nogmaals — {heading}"
    return f"{heading} {LATE_MARK}" if late else heading


def notice_text(notice: Notice) -> str:
    """The one-line form: notification fallback, screen readers, the console poster."""
    reminder = notice.reminder
    title = heading(reminder, late=notice.late, repeat=notice.repeat)
    return f"{title} — {format_moment(notice.occurrence, zone(reminder.schedule.tz))}"


def checklist_query(reminder: Reminder) -> str:
    """What the knowledge base is asked for a monitoring checklist."""
    topic = reminder.subject or reminder.title
    return f"evaluatie {topic} samenwerking {reminder.cooperation or ''}".strip()


def reminder_line(reminder: Reminder, *, slack: bool = True) -> str:
    """One line: "#12 PHO Sociaal Domein (pho) — elke …; volgende: …".

    With slack=True user text is escaped for mrkdwn; False gives plain text (terminal).
    """
    esc = mrkdwn if slack else str
    line = f"#{reminder.id} {esc(reminder.title)} ({reminder.kind}) — {esc(reminder.spec)}"
    if reminder.status != "actief":
        return f"{line}; {reminder.status}"
    if reminder.next_occurrence:
        tz = zone(reminder.schedule.tz)
        line += f"; volgende: {format_moment(reminder.next_occurrence, tz)}"
        if reminder.next_fire_at and reminder.next_fire_at != reminder.next_occurrence:
            line += f" (herinnering {format_moment(reminder.next_fire_at, tz)})"
    return line


def preview_moments(result: dict[str, Any], sep: str = " ") -> list[str]:
    """From jobs.plan.preview: each next date with its reminder moment and holiday note,
    then the readings. The CLI and the Slack form add their own markup around these lines."""
    from jobs.plan import moment_lines

    return moment_lines(result, sep)
