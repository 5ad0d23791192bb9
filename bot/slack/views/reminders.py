"""Pure functions: a reminder occurrence → Block Kit (its Dutch text: jobs/notices.py). No I/O.

Buttons on every posted reminder (action_id → what the listener should call):
    herinnering_gezien      "Gezien"               ReminderService.acknowledge(...)
    herinnering_over_uur    "Herinner over 1 uur"  ReminderService.snooze(..., until="uur")
    herinnering_morgen      "Herinner morgen"      ReminderService.snooze(..., until="morgen")
Each button's value is "<reminder_id>|<occurrence in UTC ISO 8601>"; read it with
`parse_action_value`. The actions block has block_id "herinnering_acties".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.models import Citation
from bot.text import mrkdwn, plain
from jobs.calendar_nl import day_note, format_date, format_moment, zone
from jobs.models import Reminder, Upcoming
from jobs.notices import Checklist, Notice, heading, reminder_line

ACTION_SEEN = "herinnering_gezien"
ACTION_IN_AN_HOUR = "herinnering_over_uur"
ACTION_TOMORROW = "herinnering_morgen"
ACTION_IDS = (ACTION_SEEN, ACTION_IN_AN_HOUR, ACTION_TOMORROW)
ACTIONS_BLOCK_ID = "herinnering_acties"
MAX_CHECKLIST = 5

Block = dict[str, Any]


@dataclass(frozen=True)
class RenderedMessage:
    text: str  # fallback for notifications and screen readers
    blocks: list[Block]


def render_reminder(
    reminder: Reminder,
    occurrence: datetime,
    *,
    late: bool = False,
    repeat: bool = False,
    checklist: Checklist = (),
) -> RenderedMessage:
    """The message posted when a reminder fires (or fires again after a snooze)."""
    title = heading(reminder, late=late, repeat=repeat)
    lines = [f"*Wanneer:* {format_moment(occurrence, zone(reminder.schedule.tz))}"]
    lines += _kind_lines(reminder, occurrence)
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": plain(title)[:150], "emoji": True}},
        _section("\n".join(lines)),
    ]
    if reminder.kind == "monitoring":
        blocks += _checklist_blocks(checklist)
    if late:
        blocks.append(_context("Verstuurd na het geplande moment: de bot was toen niet actief."))
    blocks.append(_actions(reminder.id, occurrence))
    text = f"{mrkdwn(title)} — {format_moment(occurrence, zone(reminder.schedule.tz))}"
    return RenderedMessage(text=text, blocks=blocks)


def render_notice(notice: Notice) -> RenderedMessage:
    return render_reminder(
        notice.reminder,
        notice.occurrence,
        late=notice.late,
        repeat=notice.repeat,
        checklist=notice.checklist,
    )


def _kind_lines(reminder: Reminder, occurrence: datetime) -> list[str]:
    lines = []
    moved = reminder.schedule.moved_from(occurrence)
    if moved is not None:
        lines.append(f"_Verschoven van {format_date(moved)} ({day_note(moved)})._")
    deadline = reminder.agenda_deadline(occurrence)
    if reminder.kind == "pho" and deadline is not None:
        when = format_moment(deadline, zone(reminder.schedule.tz))
        lines.append(f"*Agendapunten aanleveren vóór {when}*")
    if reminder.kind == "monitoring":
        lines.append(f"*Samenwerking:* {mrkdwn(reminder.cooperation or '')}")
        lines.append(f"*Te evalueren:* {mrkdwn(reminder.subject or reminder.title)}")
    if reminder.link:
        lines.append(f"*Agenda en stukken:* <{_safe_url(reminder.link)}|openen>")
    if reminder.participants:
        lines.append(f"*Deelnemers:* {', '.join(mention(p) for p in reminder.participants)}")
    return lines


def _checklist_blocks(checklist: Checklist) -> list[Block]:
    if not checklist:
        return [_context("Geen evaluatievragen gevonden in de kennisbank.")]
    numbers: dict[tuple[str, str, int | None], int] = {}
    lines, sources = [], []
    for question, citation in list(checklist)[:MAX_CHECKLIST]:
        key = (citation.source, citation.section, citation.page)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            sources.append(f"[{numbers[key]}] {source_label(citation)}")
        lines.append(f"• {mrkdwn(question)} [{numbers[key]}]")
    body = "*Om na te lopen bij de evaluatie (uit de kennisbank):*\n" + "\n".join(lines)
    return [_section(body), _context("\n".join(sources))]


def source_label(citation: Citation) -> str:
    label = mrkdwn(citation.title)
    if citation.section:
        label += f" — {mrkdwn(citation.section)}"
    if citation.page:
        label += f", p. {citation.page}"
    return label


# -- buttons and what happens after a click ---------------------------------------------------


def action_value(reminder_id: int, occurrence: datetime) -> str:
    return f"{reminder_id}|{occurrence.astimezone(UTC).isoformat()}"


def parse_action_value(value: str) -> tuple[int, datetime]:
    """(reminder_id, occurrence) from a button value; ValueError when it is not ours."""
    reminder_id, _, moment = (value or "").partition("|")
    occurrence = datetime.fromisoformat(moment)
    if occurrence.tzinfo is None:
        raise ValueError(f"occurrence zonder tijdzone: {value!r}")
    return int(reminder_id), occurrence


def _actions(reminder_id: int, occurrence: datetime) -> Block:
    value = action_value(reminder_id, occurrence)
    labels = (
        (ACTION_SEEN, "Gezien"),
        (ACTION_IN_AN_HOUR, "Herinner over 1 uur"),
        (ACTION_TOMORROW, "Herinner morgen"),
    )
    buttons = [
        {
            "type": "button",
            "action_id": action_id,
            "value": value,
            "text": {"type": "plain_text", "text": label, "emoji": True},
        }
        for action_id, label in labels
    ]
    buttons[0]["style"] = "primary"
    return {"type": "actions", "block_id": ACTIONS_BLOCK_ID, "elements": buttons}


def acknowledged_blocks(blocks: Sequence[Block], user: str) -> list[Block]:
    """The posted message after "Gezien": buttons replaced by who saw it."""
    return _replace_actions(blocks, f"✅ Gezien door {mention(user)}")


def snoozed_blocks(blocks: Sequence[Block], user: str, until: datetime, tz: str) -> list[Block]:
    """The posted message after a snooze: buttons replaced by when it comes back."""
    return _replace_actions(blocks, f"⏰ {mention(user)}: komt terug op {format_moment(until, zone(tz))}")


def _replace_actions(blocks: Sequence[Block], note: str) -> list[Block]:
    kept = [b for b in blocks if b.get("block_id") != ACTIONS_BLOCK_ID]
    return [*kept, _context(note)]


# -- lists (/herinnering lijst, App Home, CLI) -----------------------------------------------


def upcoming_blocks(items: Sequence[Upcoming]) -> list[Block]:
    """Blocks for the App Home: the user's upcoming reminders, soonest first."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Jouw komende herinneringen"}}
    ]
    if not items:
        blocks.append(_section("Geen komende herinneringen. Maak er een met `/herinnering nieuw`."))
        return blocks
    for item in items:
        blocks.append(_section(f"{reminder_line(item.reminder)} · kanaal {mention(item.reminder.channel)}"))
    return blocks


# -- small pieces ------------------------------------------------------------------------------


def mention(name: str) -> str:
    """Slack ids become mentions (<@U…>, <#C…>); plain names stay text."""
    name = name.strip()
    if name[:1] in ("U", "W") and name[1:].isalnum() and name.isupper():
        return f"<@{name}>"
    if name[:1] in ("C", "G") and name[1:].isalnum() and name.isupper():
        return f"<#{name}>"
    return mrkdwn(name)


def _safe_url(url: str) -> str:
    """A link target that cannot end the `<url|label>` sequence early."""
    return "".join(f"%{ord(c):02X}" if c in "<>| " else c for c in url)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}
