"""Due occurrences → delivery rows → posts: at least once, never twice.

1. `materialize`: for each active reminder whose next reminder moment has come, insert one
   delivery row per (reminder, occurrence) — a unique key, so a second process cannot add
   it again — and advance the reminder (guarded by its revision). Moments further back than
   the grace time are recorded as "gemist" and logged, never silently dropped.
2. `send_due`: claim a waiting row with one guarded UPDATE (only one process wins), post,
   record the outcome. A failed post goes back to "wachtend" with exponential backoff.
   Before re-posting after an attempt whose outcome is unknown, the poster is asked whether
   the message already reached the channel (Slack message metadata carries our key).

Step 1 lives in `jobs.materialize`, the recording of outcomes in `jobs.outcomes`; this module
claims and posts.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from bot.models import Citation
from jobs.materialize import Materializer
from jobs.models import Reminder, TickReport
from jobs.notices import Notice, checklist_query
from jobs.outcomes import OutboxModel, Outcomes
from jobs.poster import METADATA_EVENT, ConsolePoster, Outgoing, Poster, PostError
from jobs.reminders import ReminderService
from jobs.rows import to_view
from jobs.store import DeliveryRow, ReminderRow, SnoozeRow

log = logging.getLogger(__name__)

ChecklistProvider = Callable[[str], list[tuple[str, Citation]]]


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Outbox:
    def __init__(
        self,
        service: ReminderService,
        poster: Poster,
        *,
        grace: timedelta = timedelta(hours=1),
        late_after: timedelta = timedelta(minutes=2),
        claim_timeout: timedelta = timedelta(minutes=5),
        max_attempts: int = 12,
        backoff_base: timedelta = timedelta(seconds=30),
        backoff_cap: timedelta = timedelta(minutes=30),
        checklist_provider: ChecklistProvider | None = None,
        holder: str | None = None,
        may_post: Callable[[], bool] | None = None,
        fence: Callable[[], str | None] | None = None,
        orphan_settle: timedelta = timedelta(seconds=30),
    ) -> None:
        self.service = service
        self.store = service.store
        self.poster = poster
        self.claim_timeout = claim_timeout
        self.checklist_provider = checklist_provider
        self.holder = holder or default_holder()
        # The scheduler passes its lease token ("do I still hold the lease?"), checked right
        # before every post: a process paused past its lease must not post what it claimed
        # before the pause. None: not leading; "": no lease in use (a single process).
        allowed = may_post or (lambda: True)
        self.fence = fence or (lambda: "" if allowed() else None)
        self.orphan_settle = orphan_settle  # lets an old leader's post in flight land first
        self.materializer = Materializer(service, grace=grace, late_after=late_after)
        self.outcomes = Outcomes(
            service, poster, max_attempts=max_attempts, backoff_base=backoff_base, backoff_cap=backoff_cap
        )

    # -- entry points ------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> TickReport:
        """Everything that is due: new occurrences, waiting posts, retries, snoozes."""
        now = now or self.service.now()
        report = TickReport()
        self.materialize(now, report=report)
        self.send_due(now, report=report)
        return report

    def fire_reminder(self, reminder_id: int, now: datetime | None = None) -> TickReport:
        now = now or self.service.now()
        report = TickReport()
        self.materialize(now, reminder_id=reminder_id, report=report)
        self.send_due(now, reminder_id=reminder_id, report=report)
        return report

    def recover_orphans(self, now: datetime | None = None) -> int:
        """Take back posts that another holder claimed but never recorded (it died).

        Only for a new lease holder: the previous one's lease has expired, so its claims are
        orphans. They go back to "wachtend" with an attempt counted, which makes the next
        send look in the channel first: if the dead process did post, it is not posted again.
        """
        now = now or self.service.now()
        recovered = 0
        with self.store.session() as session:
            for model in (DeliveryRow, SnoozeRow):
                recovered += session.execute(
                    update(model)
                    .where(model.status == "bezig", model.claimed_by != self.holder)
                    .values(
                        status="onzeker",
                        attempts=model.attempts + 1,
                        next_attempt_at=now + self.orphan_settle,
                        revision=model.revision + 1,
                        error="overgenomen na uitval van een andere worker",
                    )
                ).rowcount
            session.commit()
        if recovered:
            log.warning("%s onbevestigde post(s) van een uitgevallen worker overgenomen", recovered)
        return recovered

    def fire_snooze(self, snooze_id: int, now: datetime | None = None) -> TickReport:
        now = now or self.service.now()
        report = TickReport()
        if snooze_id in self._due_rows(SnoozeRow, now, None, row_id=snooze_id):
            self._send(SnoozeRow, snooze_id, now, report)
        return report

    # -- 1. occurrences → delivery rows ----------------------------------------------------

    def materialize(
        self, now: datetime, *, reminder_id: int | None = None, report: TickReport | None = None
    ) -> None:
        self.materializer.materialize(now, reminder_id=reminder_id, report=report)

    # -- 2. rows → posts -------------------------------------------------------------------

    def send_due(
        self, now: datetime, *, reminder_id: int | None = None, report: TickReport | None = None
    ) -> None:
        report = report or TickReport()
        for model in (DeliveryRow, SnoozeRow):
            for row_id in self._due_rows(model, now, reminder_id):
                self._send(model, row_id, now, report)

    def _due_rows(
        self, model: OutboxModel, now: datetime, reminder_id: int | None, row_id: int | None = None
    ) -> list[int]:
        stale = now - self.claim_timeout
        query = select(model.id).where(
            or_(
                (model.status.in_(RETRY_STATES)) & (model.next_attempt_at <= now),
                (model.status == "bezig") & (model.claimed_at < stale),
            )
        )
        if reminder_id is not None:
            query = query.where(model.reminder_id == reminder_id)
        if row_id is not None:
            query = query.where(model.id == row_id)
        with self.store.session() as session:
            return list(session.scalars(query.order_by(model.next_attempt_at).limit(200)))

    def _send(self, model: OutboxModel, row_id: int, now: datetime, report: TickReport) -> None:
        claim = self._claim(model, row_id, now)
        if claim is None:
            return  # another worker has it
        row, reminder, before = claim
        if self.fence() is None:
            self.outcomes.finish(model, row, status=_retry_state(before), claimed_by=None)
            return
        if _lapsed(model, reminder):
            self.outcomes.finish(model, row, status="vervallen", error=f"herinnering {reminder.status}")
            report.skipped += 1
            return
        outgoing = self._outgoing(model, row, reminder)
        if row.attempts > 0 or before != "wachtend":
            known, found = self._already_posted(outgoing, row)
            if found:
                self.outcomes.finish(model, row, status="verstuurd", channel=found[0], ts=found[1])
                report.sent += 1
                return
            if not known:  # cannot tell whether it is there: never post blindly
                self.outcomes.unknown(model, row, reminder, "controle in het kanaal mislukt", now, report)
                return
        token = self.fence()  # again right before the network call: the check may have taken long
        if token is None:
            self.outcomes.finish(model, row, status=_retry_state(before), claimed_by=None)
            return
        outgoing = replace(outgoing, metadata={**outgoing.metadata, "lease": token})
        try:
            channel, ts = self.poster.post(outgoing)
        except PostError as exc:
            if exc.uncertain:
                self.outcomes.unknown(model, row, reminder, str(exc), now, report)
            else:
                self.outcomes.failed(model, row, reminder, exc, now, report)
            return
        self.outcomes.finish(
            model, row, status="verstuurd", channel=channel, ts=ts, claimed_by=token[:100] or None
        )
        report.sent += 1

    def _claim(self, model: OutboxModel, row_id: int, now: datetime) -> tuple[Any, Reminder, str] | None:
        with self.store.session() as session:
            row = session.get(model, row_id)
            if row is None or not self._claimable(row, now):
                return None  # taken, done, or not due (any more) since the due-query
            before = row.status
            won = session.execute(
                update(model)
                .where(model.id == row_id, model.revision == row.revision)
                .values(
                    status="bezig",
                    claimed_by=self.holder,
                    claimed_at=now,
                    revision=row.revision + 1,
                )
            )
            if won.rowcount != 1:
                session.rollback()
                return None
            session.commit()
            session.refresh(row)
            reminder = to_view(session.get_one(ReminderRow, row.reminder_id))
        return row, reminder, before

    def _claimable(self, row: Any, now: datetime) -> bool:
        """Waiting and due, or claimed so long ago that its claimer must have died.

        Checked again on the row as read right before the guarded UPDATE: another process
        may have claimed it since the due-query, and a fresh claim must never be taken.
        """
        if row.status in RETRY_STATES:
            return row.next_attempt_at <= now
        if row.status == "bezig":
            return row.claimed_at is not None and row.claimed_at < now - self.claim_timeout
        return False

    def _outgoing(self, model: OutboxModel, row: Any, reminder: Reminder) -> Outgoing:
        repeat = model is SnoozeRow
        checklist = self._checklist(reminder) if reminder.kind == "monitoring" else []
        notice = Notice(reminder, row.occurrence, late=bool(row.late), repeat=repeat, checklist=checklist)
        stamp = f"{row.occurrence:%Y%m%dT%H%M%SZ}"
        key = f"uitstel:{row.id}" if repeat else f"herinnering:{reminder.id}:{stamp}"
        metadata = {"key": key, "reminder_id": reminder.id, "occurrence": stamp}
        return Outgoing(reminder.channel, notice, key, metadata)

    def _checklist(self, reminder: Reminder) -> list[tuple[str, Citation]]:
        if self.checklist_provider is None:
            return []
        try:
            return list(self.checklist_provider(checklist_query(reminder)))
        except Exception:  # the reminder matters more than its checklist
            log.exception("evaluatievragen voor herinnering %s niet opgehaald", reminder.id)
            return []

    def _already_posted(self, outgoing: Outgoing, row: Any) -> tuple[bool, tuple[str, str] | None]:
        """(known, found): known is False when the channel could not be checked."""
        since = (row.claimed_at or row.next_attempt_at) - timedelta(days=1)
        try:
            return True, self.poster.find_posted(row.channel or outgoing.channel, outgoing.key, since)
        except PostError as exc:
            log.warning("controle op eerdere post van %s mislukt: %s", outgoing.key, exc)
            return False, None


RETRY_STATES = ("wachtend", "onzeker")  # "onzeker": posted or not, to be checked first


def _retry_state(before: str) -> str:
    """A released claim keeps what was known: unknown stays unknown."""
    return "onzeker" if before in ("onzeker", "bezig") else "wachtend"


def _lapsed(model: OutboxModel, reminder: Reminder) -> bool:
    if reminder.status == "gestopt":
        return True
    return model is DeliveryRow and reminder.status == "gepauzeerd"


__all__: Sequence[str] = (
    "ConsolePoster",
    "Outbox",
    "Outgoing",
    "PostError",
    "Poster",
    "METADATA_EVENT",
)
