"""A parsed schedule: when its occurrences are and when each reminder fires.

Occurrences come from dateutil rrules evaluated on naive *local* wall-clock times and are
localized afterwards, so "elke dag om 08:00" stays 08:00 across daylight-saving changes.
The Dutch phrase grammar lives in `schedule_nl`; this module only knows the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekday

from jobs.calendar_nl import (
    DEFAULT_TZ,
    MONTHS,
    WEEKDAYS,
    format_date,
    format_time,
    is_workday,
    localize,
    nth_workday,
    subtract_workdays,
    zone,
)

Kind = Literal[
    "once",
    "daily",
    "werkdag",
    "weekly",
    "monthly_nth",
    "monthly_day",
    "monthly_workday",
    "quarterly",
    "yearly",
]
LeadUnit = Literal["minuten", "uren", "dagen", "werkdagen", "weken", "maanden"]
# A meeting that falls on a holiday or in the weekend: keep it (and say so), move it to the
# working day before or after, or skip it.
HolidayPolicy = Literal["houden", "ervoor", "erna", "overslaan"]
HOLIDAY_POLICY_TEXT = {
    "ervoor": "op een feestdag of in het weekend de werkdag ervoor",
    "erna": "op een feestdag of in het weekend de werkdag erna",
    "overslaan": "feestdagen en weekenden overslaan",
}
_SHIFT_REACH = timedelta(days=7)  # the longest run of non-working days (Kerst + weekend) fits

ORDINALS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", -1: "laatste"}
QUARTER_MONTHS = (1, 4, 7, 10)
_UNIT_NAMES: dict[str, tuple[str, str]] = {
    "minuten": ("minuut", "minuten"),
    "uren": ("uur", "uur"),
    "dagen": ("dag", "dagen"),
    "werkdagen": ("werkdag", "werkdagen"),
    "weken": ("week", "weken"),
    "maanden": ("maand", "maanden"),
}


@dataclass(frozen=True)
class LeadTime:
    """How long before an occurrence its reminder fires."""

    amount: int
    unit: LeadUnit

    def describe(self) -> str:
        singular, plural = _UNIT_NAMES[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural} van tevoren"

    def before(self, occurrence: datetime) -> datetime:
        """The reminder moment; day-based leads keep the occurrence's wall-clock time."""
        tz = occurrence.tzinfo
        if self.unit in ("minuten", "uren"):
            # Calendar time: two hours before is two real hours, also on a DST night.
            step = timedelta(minutes=self.amount if self.unit == "minuten" else self.amount * 60)
            # Subtract in UTC: aware arithmetic within one tzinfo is wall-clock arithmetic.
            return (occurrence.astimezone(UTC) - step).astimezone(tz)
        naive = occurrence.replace(tzinfo=None)
        if self.unit == "werkdagen":
            day = subtract_workdays(naive.date(), self.amount)
            return localize(datetime.combine(day, naive.time()), tz)  # type: ignore[arg-type]
        delta = {
            "dagen": relativedelta(days=self.amount),
            "weken": relativedelta(weeks=self.amount),
            "maanden": relativedelta(months=self.amount),
        }[self.unit]
        return localize(naive - delta, tz)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Schedule:
    kind: Kind
    clock: time = time(9, 0)
    weekdays: tuple[int, ...] = ()  # 0 = maandag
    ordinals: tuple[int, ...] = ()  # 1..4, -1 = laatste
    monthday: int | None = None  # 1..31, -1 = laatste dag
    month: int | None = None
    interval: int = 1
    at: datetime | None = None  # "once": the aware moment
    anchor: date | None = None  # first occurrence of an every-N rule; N counts from here
    lead: LeadTime | None = None
    tz: str = field(default=DEFAULT_TZ)
    starts: date | None = None  # "vanaf 1 februari": no occurrence before this day
    until: date | None = None  # "tot en met 30 juni": none after this day
    on_holiday: HolidayPolicy = "houden"

    # -- occurrences -------------------------------------------------------------------

    def iter_after(self, after: datetime) -> Iterator[datetime]:
        """Occurrences strictly after `after`, in order (endless for recurring kinds)."""
        for moment, _nominal in self.iter_planned(after):
            yield moment

    def iter_planned(self, after: datetime) -> Iterator[tuple[datetime, date]]:
        """(occurrence, the day the rule named) after `after`; they differ when a meeting on a
        holiday or weekend was moved. The one place that decides when a meeting is."""
        last: datetime | None = None
        tzinfo = zone(self.tz)
        for naive in self._nominal(after):
            if self.until and naive.date() > self.until:
                return
            if self.starts and naive.date() < self.starts:
                continue
            day = self._apply_policy(naive.date())
            if day is None:
                continue
            moment = localize(datetime.combine(day, naive.time()), tzinfo)
            if moment <= after or (last is not None and moment <= last):
                continue
            last = moment
            yield moment, naive.date()

    def moved_from(self, occurrence: datetime) -> date | None:
        """The day the rule named, when this occurrence was moved off a holiday or weekend."""
        if self.on_holiday not in ("ervoor", "erna"):
            return None
        for moment, nominal in self.iter_planned(occurrence - timedelta(microseconds=1)):
            local = moment.astimezone(zone(self.tz)).date()
            return nominal if moment == occurrence and nominal != local else None
        return None

    def _nominal(self, after: datetime) -> Iterator[datetime]:
        """Naive local occurrences as the rule names them, from a little before `after`."""
        if self.kind == "once":
            if self.at is not None:
                yield self.at.astimezone(zone(self.tz)).replace(tzinfo=None)
            return
        # Start early: `after` in local wall-clock time may sit next to a DST jump, and a
        # meeting moved to the working day after may come from before `after`.
        reach = _SHIFT_REACH if self.on_holiday == "erna" else timedelta(days=1)
        begin = after.astimezone(zone(self.tz)).replace(tzinfo=None) - reach
        if self.kind == "monthly_workday":
            yield from self._nth_workdays(begin)
            return
        for naive in self._rrule(begin).xafter(begin, inc=True):
            if self.kind == "werkdag" and not is_workday(naive.date()):
                continue
            yield naive

    def _nth_workdays(self, begin: datetime) -> Iterator[datetime]:
        year, month = begin.year, begin.month
        if self.interval > 1 and self.anchor is not None:
            year, month = self.anchor.year, self.anchor.month
        while True:
            day = nth_workday(year, month, self.ordinals[0])
            naive = datetime.combine(day, self.clock)
            if naive >= begin:
                yield naive
            month += self.interval
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1

    def _apply_policy(self, day: date) -> date | None:
        if self.on_holiday == "houden" or is_workday(day):
            return day
        if self.on_holiday == "overslaan":
            return None
        step = timedelta(days=-1 if self.on_holiday == "ervoor" else 1)
        while not is_workday(day):
            day += step
        return day

    def occurrences(self, after: datetime, count: int) -> list[datetime]:
        out: list[datetime] = []
        for moment in self.iter_after(after):
            out.append(moment)
            if len(out) >= count:
                break
        return out

    def next_after(self, after: datetime) -> datetime | None:
        return next(self.iter_after(after), None)

    def reminder_at(self, occurrence: datetime) -> datetime:
        return self.lead.before(occurrence) if self.lead else occurrence

    def _rrule(self, begin: datetime) -> rrule:
        clock = {
            "byhour": self.clock.hour,
            "byminute": self.clock.minute,
            "bysecond": self.clock.second,
        }
        if self.interval > 1 and self.anchor is not None:
            # Every N weeks/years counts from the anchor, not from an arbitrary `after`.
            begin = datetime.combine(self.anchor, time())
        start = {"dtstart": begin, "interval": self.interval, **clock}
        if self.kind == "daily":
            return rrule(DAILY, **start)
        if self.kind == "werkdag":
            return rrule(DAILY, byweekday=range(5), **start)
        if self.kind == "weekly":
            return rrule(WEEKLY, byweekday=self.weekdays, wkst=0, **start)
        if self.kind == "monthly_nth":
            days = [weekday(self.weekdays[0], n) for n in self.ordinals]
            return rrule(MONTHLY, byweekday=days, **start)
        if self.kind == "monthly_day":
            return rrule(MONTHLY, **_monthday_rule(self.monthday), **start)
        if self.kind == "monthly_workday":  # without holidays: the ics form (see jobs/ics.py)
            return rrule(MONTHLY, byweekday=range(5), bysetpos=self.ordinals[0], **start)
        if self.kind == "quarterly":
            return rrule(MONTHLY, bymonth=QUARTER_MONTHS, **_monthday_rule(self.monthday), **start)
        if self.kind == "yearly":
            return rrule(YEARLY, bymonth=self.month, **_monthday_rule(self.monthday), **start)
        raise ValueError(f"onbekende soort planning: {self.kind}")

    # -- anchoring ---------------------------------------------------------------------

    def anchored(self, start: datetime) -> Schedule:
        """Fix the anchor of an every-N rule: the first matching day after `start`."""
        if self.interval <= 1 or self.kind not in ("weekly", "yearly", "monthly_day", "monthly_workday"):
            return self
        if self.starts:
            start = max(start, localize(datetime.combine(self.starts, time()), zone(self.tz)))
        plain = replace(self, interval=1, anchor=None, on_holiday="houden", until=None)
        first = plain.next_after(start)
        assert first is not None  # these rules always match again
        return replace(self, anchor=first.date())

    # -- text and storage ---------------------------------------------------------------

    def describe(self) -> str:
        """Canonical Dutch phrase; parsing it again gives the same schedule."""
        text = f"{self._describe_when()} om {format_time(self.clock)}"
        if self.kind == "once" and self.at is not None:
            local = self.at.astimezone(zone(self.tz))
            text = f"op {format_date(local.date(), weekday=False)} om {format_time(local.time())}"
        if self.starts:
            text += f" vanaf {format_date(self.starts, weekday=False)}"
        if self.until:
            text += f" tot en met {format_date(self.until, weekday=False)}"
        if self.lead:
            text += f", {self.lead.describe()}"
        if self.on_holiday != "houden":
            text += f", {HOLIDAY_POLICY_TEXT[self.on_holiday]}"
        return text

    def _describe_when(self) -> str:
        if self.kind == "daily":
            return "elke dag"
        if self.kind == "werkdag":
            return "elke werkdag"
        if self.kind == "weekly":
            days = _join([WEEKDAYS[d] for d in self.weekdays])
            return f"elke {self.interval} weken op {days}" if self.interval > 1 else f"elke {days}"
        if self.kind == "monthly_nth":
            nths = _join([ORDINALS[n] for n in self.ordinals])
            return f"elke {nths} {WEEKDAYS[self.weekdays[0]]} van de maand"
        if self.kind == "monthly_day":
            every = f"elke {self.interval} maanden" if self.interval > 1 else "elke maand"
            return f"{every} op {_monthday_text(self.monthday)}"
        if self.kind == "monthly_workday":
            return f"elke {ORDINALS[self.ordinals[0]]} werkdag van de maand"
        if self.kind == "quarterly":
            return f"elk kwartaal op {_monthday_text(self.monthday)}"
        if self.kind == "yearly":
            when = f"{self.monthday} {MONTHS[(self.month or 1) - 1]}"
            return f"elke {self.interval} jaar op {when}" if self.interval > 1 else f"elk jaar op {when}"
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "clock": self.clock.isoformat(),
            "weekdays": list(self.weekdays),
            "ordinals": list(self.ordinals),
            "monthday": self.monthday,
            "month": self.month,
            "interval": self.interval,
            "at": self.at.isoformat() if self.at else None,
            "anchor": self.anchor.isoformat() if self.anchor else None,
            "lead": {"amount": self.lead.amount, "unit": self.lead.unit} if self.lead else None,
            "tz": self.tz,
            "starts": self.starts.isoformat() if self.starts else None,
            "until": self.until.isoformat() if self.until else None,
            "on_holiday": self.on_holiday,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schedule:
        lead = data.get("lead")
        return cls(
            kind=data["kind"],
            clock=time.fromisoformat(data["clock"]),
            weekdays=tuple(data.get("weekdays") or ()),
            ordinals=tuple(data.get("ordinals") or ()),
            monthday=data.get("monthday"),
            month=data.get("month"),
            interval=int(data.get("interval") or 1),
            at=datetime.fromisoformat(data["at"]) if data.get("at") else None,
            anchor=date.fromisoformat(data["anchor"]) if data.get("anchor") else None,
            lead=LeadTime(lead["amount"], lead["unit"]) if lead else None,
            tz=data.get("tz") or DEFAULT_TZ,
            starts=date.fromisoformat(data["starts"]) if data.get("starts") else None,
            until=date.fromisoformat(data["until"]) if data.get("until") else None,
            on_holiday=data.get("on_holiday") or "houden",
        )


def _monthday_rule(monthday: int | None) -> dict[str, Any]:
    """rrule arguments for "day d of the month", clamped to the month's last day.

    "op de 31e" in a 30-day month means the 30th, not "skip this month": a monthly
    reminder that silently skips months would be a dropped reminder. The trick: take the
    last of the days 28..d that the month has (BYSETPOS=-1).
    """
    if monthday is None or monthday == -1:
        return {"bymonthday": -1}
    if monthday <= 28:
        return {"bymonthday": monthday}
    return {"bymonthday": tuple(range(28, monthday + 1)), "bysetpos": -1}


def _monthday_text(monthday: int | None) -> str:
    return "de laatste dag" if monthday in (None, -1) else f"de {monthday}e"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]
