"""ReminderService: add, list, cancel, pause, resume, snooze and acknowledge reminders.

The service knows nothing of Slack: edges (CLI, Slack listeners) call it and show its
frozen views. Our own tables are the source of truth; the scheduler follows them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jobs.calendar_nl import DEFAULT_TZ, at_time, zone
from jobs.checks import (
    ReminderError,
    check_agenda_deadline,
    check_basics,
    check_details,
    details_record,
)
from jobs.models import Delivery, Reminder, Upcoming
from jobs.plan import Plan, first_to_remind, make_plan
from jobs.rows import delivery_view, snooze_view, to_view
from jobs.schedule import HOLIDAY_POLICY_TEXT, LeadTime, Schedule
from jobs.schedule_nl import parse_phrase
from jobs.store import DeliveryRow, ReminderRow, SnoozeRow, Store

log = logging.getLogger(__name__)

SNOOZE_TOMORROW_AT = time(9, 0)
Listener = Callable[[int], None]


class ReminderService:
    def __init__(
        self,
        db_url: str | None = None,
        *,
        tz: str = DEFAULT_TZ,
        store: Store | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """On `store`, or on a new one for `db_url`; the edges pass both from their settings."""
        if store is None:
            if db_url is None:
                raise ValueError("ReminderService needs a db_url or a store")
            store = Store(db_url)
        self.store = store
        self.tz = tz
        self._clock = clock or (lambda: datetime.now(UTC))
        self._listeners: list[Listener] = []

    def now(self) -> datetime:
        return self._clock()

    def subscribe(self, listener: Listener) -> None:
        """Called with a reminder id after each change (the scheduler re-arms its job)."""
        self._listeners.append(listener)

    # -- create --------------------------------------------------------------------------

    def add(
        self,
        *,
        kind: str,
        title: str,
        channel: str,
        schedule: str | Schedule,
        created_by: str | None = None,
        link: str | None = None,
        participants: Iterable[str] = (),
        cooperation: str | None = None,
        subject: str | None = None,
        agenda_lead: str | LeadTime | None = None,
        on_holiday: str | None = None,
        team_id: str | None = None,
    ) -> Reminder:
        """`team_id`: the maker's organisation (Slack team id), kept with the reminder."""
        now = self.now()
        kind, title, channel = check_basics(kind, title, channel)
        parsed, phrase, notes, phrase_agenda = self._parse(schedule, now, on_holiday)
        agenda = check_details(kind, link, cooperation, agenda_lead or phrase_agenda)
        occurrence = first_to_remind(parsed, now)
        if occurrence is None:
            raise ReminderError(
                f"Het herinnermoment van '{parsed.describe()}' is al voorbij. Kies een later "
                "moment of een kortere tijd van tevoren, bijvoorbeeld 'morgen om 9:00'."
            )
        check_agenda_deadline(parsed, agenda, occurrence)
        row = ReminderRow(
            kind=kind,
            title=title,
            channel=channel,
            spec=parsed.describe(),
            phrase=phrase,
            schedule=parsed.to_dict(),
            details=details_record(link, participants, cooperation, subject, agenda) | {"notes": list(notes)},
            status="actief",
            created_by=created_by,
            created_at=now,
            next_occurrence=occurrence,
            next_fire_at=parsed.reminder_at(occurrence),
            revision=0,
            team_id=team_id,
        )
        with self.store.session() as session:
            session.add(row)
            session.commit()
        self.notify(row.id)
        return to_view(row)

    def _parse(
        self, schedule: str | Schedule, now: datetime, on_holiday: str | None
    ) -> tuple[Schedule, str, tuple[str, ...], LeadTime | None]:
        """The schedule (same start and time zone as `remind preview`), phrase, readings, agenda."""
        if isinstance(schedule, Schedule):
            parsed, phrase, notes, agenda = schedule, schedule.describe(), (), None
        else:
            found = parse_phrase(schedule, now.astimezone(zone(self.tz)), self.tz)
            parsed, phrase, notes, agenda = found.schedule, schedule.strip(), found.notes, found.agenda_lead
        if on_holiday:
            if on_holiday not in (*HOLIDAY_POLICY_TEXT, "houden"):
                raise ReminderError(
                    f"Onbekende keuze '{on_holiday}' voor feestdagen: kies ervoor, erna, overslaan of houden."
                )
            parsed = replace(parsed, on_holiday=on_holiday)  # type: ignore[arg-type]
        return parsed, phrase, notes, agenda

    # -- read ----------------------------------------------------------------------------

    def get(self, reminder_id: int) -> Reminder:
        with self.store.session() as session:
            return to_view(self._row(session, reminder_id))

    def list(
        self,
        *,
        created_by: str | None = None,
        channel: str | None = None,
        include_inactive: bool = False,
    ) -> list[Reminder]:
        query = select(ReminderRow).order_by(ReminderRow.id)
        if created_by:
            query = query.where(ReminderRow.created_by == created_by)
        if channel:
            query = query.where(ReminderRow.channel == channel)
        if not include_inactive:
            query = query.where(ReminderRow.status.in_(("actief", "gepauzeerd")))
        with self.store.session() as session:
            return [to_view(row) for row in session.scalars(query)]

    def upcoming(self, *, user: str | None = None, limit: int = 10) -> list[Upcoming]:
        """Active reminders the user created or takes part in, soonest first (App Home)."""
        items = []
        for reminder in self.list():
            if reminder.status != "actief" or reminder.next_occurrence is None:
                continue
            if user and user != reminder.created_by and user not in reminder.participants:
                continue
            fires = reminder.next_fire_at or reminder.next_occurrence
            items.append(Upcoming(reminder, reminder.next_occurrence, fires))
        items.sort(key=lambda item: item.fires_at)
        return items[:limit]

    def plan(self, reminder: Reminder, count: int = 3) -> Plan:
        """The next meetings with notes, from now: what the confirmation and `show` say."""
        return make_plan(reminder.schedule, self.now(), count, reminder.notes, reminder.agenda_lead)

    def deliveries(self, reminder_id: int) -> list[Delivery]:
        with self.store.session() as session:
            self._row(session, reminder_id)
            rows = session.scalars(
                select(DeliveryRow)
                .where(DeliveryRow.reminder_id == reminder_id)
                .order_by(DeliveryRow.occurrence)
            ).all()
            snoozes = session.scalars(
                select(SnoozeRow).where(SnoozeRow.reminder_id == reminder_id).order_by(SnoozeRow.due_at)
            ).all()
        return [delivery_view(r) for r in rows] + [snooze_view(s) for s in snoozes]

    # -- change --------------------------------------------------------------------------

    def cancel(self, reminder_id: int, *, by: str | None = None) -> Reminder:
        """Stop a reminder for good; posts that were still waiting lapse."""
        with self.store.session() as session:
            row = self._row(session, reminder_id)
            if row.status not in ("gestopt", "afgerond"):
                row.status, row.next_fire_at = "gestopt", None
                row.revision += 1
                for model in (DeliveryRow, SnoozeRow):
                    session.execute(
                        update(model)
                        .where(model.reminder_id == reminder_id, model.status == "wachtend")
                        .values(status="vervallen", revision=model.revision + 1)
                    )
                session.commit()
                log.info("herinnering %s gestopt door %s", reminder_id, by or "onbekend")
        self.notify(reminder_id)
        return to_view(row)

    def set_holiday_policy(self, reminder_id: int, choice: str, *, by: str | None = None) -> Reminder:
        """What happens to a meeting on a holiday or weekend: "ervoor", "erna", "overslaan" or
        "houden". Stored in the schedule, so the outbox applies it when the reminder fires."""
        if choice not in (*HOLIDAY_POLICY_TEXT, "houden"):
            raise ReminderError(
                f"Onbekende keuze '{choice}' voor feestdagen: kies ervoor, erna, overslaan of houden."
            )
        now = self.now()
        with self.store.session() as session:
            row = self._row(session, reminder_id)
            schedule = replace(Schedule.from_dict(row.schedule), on_holiday=choice)  # type: ignore[arg-type]
            row.schedule, row.spec = schedule.to_dict(), schedule.describe()
            if row.status == "actief":
                _plan_next(row, schedule, now)
            row.revision += 1
            session.commit()
        log.info("herinnering %s: feestdagen '%s' door %s", reminder_id, choice, by or "onbekend")
        self.notify(reminder_id)
        return to_view(row)

    def pause(self, reminder_id: int, *, by: str | None = None) -> Reminder:
        with self.store.session() as session:
            row = self._row(session, reminder_id)
            if row.status != "actief":
                raise ReminderError(
                    f"Herinnering {reminder_id} is {row.status}, niet actief: pauzeren kan "
                    "alleen bij een actieve herinnering. Bekijk ze met 'remind list'."
                )
            row.status, row.next_fire_at = "gepauzeerd", None
            row.revision += 1
            session.commit()
            log.info("herinnering %s gepauzeerd door %s", reminder_id, by or "onbekend")
        self.notify(reminder_id)
        return to_view(row)

    def resume(self, reminder_id: int, *, by: str | None = None) -> Reminder:
        """Continue with the first occurrence after now; nothing missed while paused fires."""
        now = self.now()
        with self.store.session() as session:
            row = self._row(session, reminder_id)
            if row.status != "gepauzeerd":
                raise ReminderError(
                    f"Herinnering {reminder_id} is {row.status}, niet gepauzeerd: hervatten "
                    "kan alleen na pauzeren."
                )
            schedule = Schedule.from_dict(row.schedule)
            row.status = "actief" if _plan_next(row, schedule, now) else "afgerond"
            row.revision += 1
            session.commit()
            log.info("herinnering %s hervat door %s", reminder_id, by or "onbekend")
        self.notify(reminder_id)
        return to_view(row)

    def snooze(
        self,
        reminder_id: int,
        occurrence: datetime,
        *,
        until: Literal["uur", "morgen"] | datetime,
        by: str | None = None,
    ) -> datetime:
        """Post this occurrence again later; a second snooze moves the first one."""
        now = self.now()
        due = self._snooze_due(until, now)
        with self.store.session() as session:
            row = self._row(session, reminder_id)
            if row.status == "gestopt":
                raise ReminderError(f"Herinnering {reminder_id} is gestopt; uitstellen kan niet.")
            pending = session.scalars(
                select(SnoozeRow).where(
                    SnoozeRow.reminder_id == reminder_id,
                    SnoozeRow.occurrence == occurrence,
                    SnoozeRow.status == "wachtend",
                )
            ).first()
            if pending:
                pending.due_at = pending.next_attempt_at = due
                pending.revision += 1
            else:
                session.add(_new_snooze(reminder_id, occurrence, due, by, now))
            session.commit()
        self.notify(reminder_id)
        return due

    def _snooze_due(self, until: Literal["uur", "morgen"] | datetime, now: datetime) -> datetime:
        if until == "uur":
            return now + timedelta(hours=1)
        if until == "morgen":
            tomorrow = now.astimezone(zone(self.tz)).date() + timedelta(days=1)
            return at_time(tomorrow, SNOOZE_TOMORROW_AT, zone(self.tz))
        if isinstance(until, datetime) and until.tzinfo and until > now:
            return until
        raise ReminderError("Kies 'over 1 uur', 'morgen' of een moment in de toekomst.")

    def acknowledge(self, reminder_id: int, occurrence: datetime, *, by: str) -> bool:
        """ "Gezien": mark the posts of this occurrence seen; pending repeats lapse."""
        now = self.now()
        with self.store.session() as session:
            self._row(session, reminder_id)
            found = 0
            for model in (DeliveryRow, SnoozeRow):
                match = (model.reminder_id == reminder_id, model.occurrence == occurrence)
                found += session.execute(
                    update(model)
                    .where(*match, model.acknowledged_by.is_(None))
                    .values(acknowledged_by=by, acknowledged_at=now)
                ).rowcount
            session.execute(
                update(SnoozeRow)
                .where(
                    SnoozeRow.reminder_id == reminder_id,
                    SnoozeRow.occurrence == occurrence,
                    SnoozeRow.status == "wachtend",
                )
                .values(status="vervallen", revision=SnoozeRow.revision + 1)
            )
            session.commit()
        self.notify(reminder_id)
        return found > 0

    # -- helpers -------------------------------------------------------------------------

    def _row(self, session: Session, reminder_id: int) -> ReminderRow:
        row = session.get(ReminderRow, reminder_id)
        if row is None:
            raise ReminderError(
                f"Herinnering {reminder_id} bestaat niet. Bekijk je herinneringen met "
                "'/herinnering lijst' of 'python -m bot remind list'."
            )
        return row

    def notify(self, reminder_id: int) -> None:
        """Tell subscribers (the scheduler) that a reminder changed."""
        for listener in self._listeners:
            try:
                listener(reminder_id)
            except Exception:  # a listener must never undo a stored change
                log.exception("listener voor herinnering %s faalde", reminder_id)


# -- validation ----------------------------------------------------------------------------


def _new_snooze(
    reminder_id: int, occurrence: datetime, due: datetime, by: str | None, now: datetime
) -> SnoozeRow:
    return SnoozeRow(
        reminder_id=reminder_id,
        occurrence=occurrence,
        due_at=due,
        next_attempt_at=due,
        requested_by=by,
        created_at=now,
        status="wachtend",
        attempts=0,
        revision=0,
        late=False,
    )


def _plan_next(row: ReminderRow, schedule: Schedule, now: datetime) -> datetime | None:
    """Point the row at its first occurrence still to remind of after `now` (None: none left)."""
    occurrence = first_to_remind(schedule, now)
    row.next_occurrence = occurrence
    row.next_fire_at = schedule.reminder_at(occurrence) if occurrence else None
    return occurrence
