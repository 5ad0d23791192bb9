"""A reminder as an agenda file (RFC 5545), built with `icalendar`.

One VEVENT per reminder: DTSTART in Europe/Amsterdam (with its VTIMEZONE), the rule as an
RRULE, and — because holidays, "werkdag" and "de werkdag ervoor" are no part of RRULE —
EXDATE/RDATE corrections for the next years, computed from the same `Schedule` as the
preview. The reminder and the agenda deadline become VALARMs and are in the description.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from dateutil.rrule import rrulestr
from icalendar import Alarm, Calendar, Event, Timezone, vRecur

from jobs.calendar_nl import format_moment, localize, zone
from jobs.models import Reminder
from jobs.plan import first_to_remind
from jobs.schedule import LeadTime, Schedule

HORIZON_YEARS = 3  # holiday corrections are written this far ahead
MEETING_LENGTH = timedelta(hours=1)  # a reminder has no end time; the agenda needs one
PRODID = "-//Samenwerkbot//Herinneringen//NL"


def reminder_ics(reminder: Reminder, now: datetime) -> bytes:
    """The .ics file of a reminder's series (or single meeting), from its next meeting on."""
    schedule = reminder.schedule
    first = reminder.next_occurrence or first_to_remind(schedule, now)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", reminder.title)
    if first is None:
        return calendar.to_ical()  # nothing ahead: an empty but valid calendar
    tz = zone(schedule.tz)
    first = first.astimezone(tz)
    end = first + timedelta(days=366 * HORIZON_YEARS)
    calendar.add_component(
        Timezone.from_tzinfo(
            tz,
            tzid=schedule.tz,
            first_date=first.date() - timedelta(days=366),
            last_date=end.date() + timedelta(days=366 * 7),
        )
    )
    event = _event(reminder, first, now)
    if schedule.kind != "once":
        _add_rule(event, schedule, first, end)
    for alarm in _alarms(reminder, first):
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def _event(reminder: Reminder, first: datetime, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"herinnering-{reminder.id}@samenwerkbot")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", reminder.title)
    event.add("dtstart", first)
    event.add("duration", MEETING_LENGTH)
    event.add("description", "\n".join(_description(reminder, first)))
    if reminder.link:
        event.add("url", reminder.link)
    return event


def _description(reminder: Reminder, first: datetime) -> list[str]:
    tz = zone(reminder.schedule.tz)
    lines = [f"Planning: {reminder.spec}", "Duur onbekend: in de agenda staat 1 uur."]
    if reminder.agenda_lead:
        deadline = reminder.agenda_lead.before(first)
        lines.append(
            f"Agendapunten aanleveren: {reminder.agenda_lead.describe()} "
            f"(eerstvolgende deadline: {format_moment(deadline, tz)})."
        )
    if reminder.link:
        lines.append(f"Agenda en stukken: {reminder.link}")
    if reminder.participants:
        lines.append(f"Deelnemers: {', '.join(reminder.participants)}")
    if reminder.cooperation:
        lines.append(f"Samenwerking: {reminder.cooperation}")
    return lines


def _add_rule(event: Event, schedule: Schedule, first: datetime, end: datetime) -> None:
    """RRULE from the rule as named; EXDATE/RDATE where the real dates differ, up to `end`."""
    tz = zone(schedule.tz)
    nominal = replace(schedule, on_holiday="houden")
    naive_first = first.replace(tzinfo=None)
    rule = nominal._rrule(naive_first)  # noqa: SLF001 — the model's own rule, not a copy
    recur = str(rule).split("RRULE:", 1)[1]
    if schedule.until:
        last = localize(datetime.combine(schedule.until, time(23, 59, 59)), tz)
        recur += f";UNTIL={last.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    event.add("rrule", vRecur.from_ical(recur))
    expanded = rrulestr(f"RRULE:{recur}", dtstart=first)
    rule_dates = {m.astimezone(tz) for m in expanded.between(first, end, inc=True)}
    real_dates = set()
    for moment in schedule.iter_after(first - timedelta(microseconds=1)):
        if moment > end:
            break
        real_dates.add(moment.astimezone(tz))
    for extra in sorted(rule_dates - real_dates):
        event.add("exdate", extra)
    for extra in sorted(real_dates - rule_dates):
        event.add("rdate", extra)


def _alarms(reminder: Reminder, first: datetime) -> list[Alarm]:
    alarms = []
    lead = reminder.schedule.lead
    if lead:
        alarms.append(_alarm(lead, first, f"Herinnering: {reminder.title} ({lead.describe()})"))
    if reminder.agenda_lead:
        agenda = reminder.agenda_lead
        alarms.append(_alarm(agenda, first, f"Deadline agendapunten {reminder.title} ({agenda.describe()})"))
    return alarms


def _alarm(lead: LeadTime, first: datetime, text: str) -> Alarm:
    """A relative trigger. Working days and months vary per meeting: the trigger is taken
    from the first meeting, and the text says the rule (so the agenda is never silently off)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -(first - lead.before(first)))
    if lead.unit in ("werkdagen", "maanden"):
        text += "; in de agenda berekend voor het eerste overleg"
    alarm.add("description", text)
    return alarm
