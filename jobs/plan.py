"""One schedule, one truth: the next meetings, their reminders and what to say about them.

`remind preview`, the Slack form's preview, `ReminderService.add` (and so App Home and
the posted message, which follow the stored next occurrence) all take their dates from
`first_to_remind` and `Schedule.iter_planned`, with the same start and time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import takewhile
from typing import Any

from jobs.calendar_nl import DEFAULT_TZ, day_note, format_date, format_moment, zone
from jobs.schedule import LeadTime, Schedule

_MAX_SKIPPED = 3  # a once-a-week lead of a month skips a few; name at most three
SEARCH_LIMIT = 1000  # occurrences to look at for the first reminder still in the future
HOLIDAY_CHOICE = (
    "Kies wat er dan gebeurt: 'verschuif naar de werkdag ervoor', 'verschuif naar de werkdag "
    "erna' of 'sla over' (zet het achter de planning, bijvoorbeeld ', op feestdagen de werkdag "
    "ervoor' of ', feestdagen overslaan')."
)
# Kinds whose weekend dates are a choice the user made ("elke zaterdag") or cannot happen.
_WEEKEND_IS_CHOSEN = ("daily", "weekly", "werkdag", "monthly_nth", "monthly_workday")


@dataclass(frozen=True)
class Moment:
    occurrence: datetime
    reminder: datetime
    note: str | None = None  # "valt op Koningsdag", "verschoven van … (Eerste Kerstdag)"


@dataclass(frozen=True)
class Plan:
    schedule: Schedule
    moments: tuple[Moment, ...]
    skipped: tuple[datetime, ...] = ()  # meetings whose reminder moment has already passed
    notes: tuple[str, ...] = ()
    agenda_lead: LeadTime | None = None  # PHO: agenda items are due this long before

    def to_dict(self) -> dict[str, Any]:
        tz = zone(self.schedule.tz)
        out: dict[str, Any] = {
            "spec": self.schedule.describe(),
            "timezone": self.schedule.tz,
            "occurrences": [m.occurrence.astimezone(tz).isoformat() for m in self.moments],
        }
        if self.schedule.lead:
            out["reminders"] = [m.reminder.astimezone(tz).isoformat() for m in self.moments]
        # Only when there is something to say: the contract of plain schedules stays as it was.
        holidays = [
            {"occurrence": m.occurrence.astimezone(tz).isoformat(), "note": m.note}
            for m in self.moments
            if m.note
        ]
        extra = {
            "notes": list(self.notes),
            "holidays": holidays,
            "skipped": [s.astimezone(tz).isoformat() for s in self.skipped],
        }
        if self.agenda_lead:
            extra["agenda_deadlines"] = [
                self.agenda_lead.before(m.occurrence).astimezone(tz).isoformat() for m in self.moments
            ]
        out.update({key: value for key, value in extra.items() if value})
        return out


def first_to_remind(schedule: Schedule, now: datetime) -> datetime | None:
    """The first occurrence after now whose reminder moment is also still ahead."""
    for index, occurrence in enumerate(schedule.iter_after(now)):
        if schedule.reminder_at(occurrence) > now:
            return occurrence
        if index >= SEARCH_LIMIT:
            break
    return None


def make_plan(
    schedule: Schedule,
    start: datetime,
    count: int,
    notes: tuple[str, ...] = (),
    agenda_lead: LeadTime | None = None,
) -> Plan:
    """The next `count` meetings that still get a reminder, from the same start as `add`."""
    first = first_to_remind(schedule, start)
    skipped: list[datetime] = []
    for occurrence in schedule.iter_after(start):
        if (first is not None and occurrence >= first) or len(skipped) >= _MAX_SKIPPED:
            break
        skipped.append(occurrence)
    moments: list[Moment] = []
    if first is not None:
        for occurrence, nominal in schedule.iter_planned(first - timedelta(microseconds=1)):
            moments.append(
                Moment(occurrence, schedule.reminder_at(occurrence), _note(schedule, occurrence, nominal))
            )
            if len(moments) >= count:
                break
    said = (
        list(notes)
        + _lead_passed(schedule, tuple(skipped), moments)
        + _holiday_notes(schedule, moments, start)
    )
    if agenda_lead and moments and moments[0].reminder >= agenda_lead.before(moments[0].occurrence):
        said.append(
            f"de herinnering komt pas ná de deadline voor agendapunten ({agenda_lead.describe()}); zo "
            "kan ik haar niet opslaan. Kies een langere tijd van tevoren, zoals ', 2 weken van tevoren'."
        )
    return Plan(schedule, tuple(moments), tuple(skipped), tuple(said), agenda_lead)


def preview(phrase: str, start: datetime | None, count: int, tz: str = DEFAULT_TZ) -> dict[str, Any]:
    """The JSON contract of `remind preview`: spec, timezone, occurrences, reminders, notes."""
    from jobs.schedule_nl import parse_phrase, to_local

    start = to_local(start, tz)
    parsed = parse_phrase(phrase, start, tz)
    return make_plan(parsed.schedule, start, count, parsed.notes, parsed.agenda_lead).to_dict()


def moment_lines(result: dict[str, Any], sep: str = " ") -> list[str]:
    """Each next date (with its reminder and holiday note), then the notes: for the CLI,
    the Slack form and the confirmation, which add their own markup around these lines."""
    tz = zone(result.get("timezone") or DEFAULT_TZ)
    reminders = result.get("reminders") or []
    deadlines = result.get("agenda_deadlines") or []
    flagged = {h["occurrence"]: h["note"] for h in result.get("holidays") or []}
    lines = []
    for i, moment in enumerate(result["occurrences"]):
        line = format_moment(datetime.fromisoformat(moment), tz)
        if i < len(deadlines):
            line += f"{sep}(agendapunten vóór {format_moment(datetime.fromisoformat(deadlines[i]), tz)})"
        if i < len(reminders):
            line += f"{sep}(herinnering {format_moment(datetime.fromisoformat(reminders[i]), tz)})"
        if moment in flagged:
            line += f"{sep}— {flagged[moment]}"
        lines.append(line)
    return lines + [f"Let op: {note}" for note in result.get("notes") or []]


# -- notes -------------------------------------------------------------------------------------


def _note(schedule: Schedule, occurrence: datetime, nominal: date) -> str | None:
    local = occurrence.astimezone(zone(schedule.tz)).date()
    if local != nominal:
        why = day_note(nominal) or ""
        return f"verschoven van {format_date(nominal)} ({'weekend' if why.startswith('een ') else why})"
    why = day_note(local)
    if why is None or (
        local.weekday() >= 5 and schedule.kind in _WEEKEND_IS_CHOSEN and why.startswith("een ")
    ):
        return None
    return f"valt op {why}"


def _lead_passed(schedule: Schedule, skipped: tuple[datetime, ...], moments: list[Moment]) -> list[str]:
    if not skipped or schedule.lead is None:
        return []
    tz = zone(schedule.tz)
    missed = ", ".join(format_date(s.astimezone(tz).date(), year=False) for s in skipped)
    lead = schedule.lead.describe()
    if not moments:
        return [f"Het overleg van {missed} krijgt geen herinnering meer, want {lead} is al voorbij."]
    first = format_moment(moments[0].reminder, tz)
    return [
        f"Eerste herinnering: {first}; het overleg van {missed} krijgt geen herinnering meer, "
        f"want {lead} is al voorbij."
    ]


def _holiday_notes(schedule: Schedule, moments: list[Moment], start: datetime) -> list[str]:
    notes = []
    if any(m.note and m.note.startswith("valt op") for m in moments):
        notes.append(f"Een of meer data vallen op een feestdag of in het weekend. {HOLIDAY_CHOICE}")
    if schedule.on_holiday == "overslaan" and moments:
        kept = replace(schedule, on_holiday="houden")
        # The kept schedule is endless: stop at the last shown moment, not at the year 9999.
        last, shown = moments[-1].occurrence, {m.occurrence for m in moments}
        dropped = [o for o in takewhile(lambda o: o <= last, kept.iter_after(start)) if o not in shown]
        if dropped:
            tz = zone(schedule.tz)
            days = ", ".join(
                f"{format_date(o.astimezone(tz).date())} ({day_note(o.astimezone(tz).date())})"
                for o in dropped
            )
            notes.append(f"Overgeslagen: {days}.")
    return notes
