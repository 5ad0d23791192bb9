"""How a post attempt ends, recorded on its outbox row under the row's revision: sent,
failed (retried with exponential backoff, or given up and the owner told), or unknown
("onzeker": checked in the channel before any re-post)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from bot.text import mrkdwn
from jobs.models import Reminder, TickReport
from jobs.poster import Poster, PostError
from jobs.reminders import ReminderService
from jobs.store import DeliveryRow, SnoozeRow

log = logging.getLogger(__name__)

OutboxModel = type[DeliveryRow] | type[SnoozeRow]


class Outcomes:
    def __init__(
        self,
        service: ReminderService,
        poster: Poster,
        *,
        max_attempts: int,
        backoff_base: timedelta,
        backoff_cap: timedelta,
    ) -> None:
        self.service = service
        self.store = service.store
        self.poster = poster
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap

    def _delay(self, attempts: int) -> timedelta:
        return min(self.backoff_base * 2 ** (attempts - 1), self.backoff_cap)

    def unknown(
        self, model: OutboxModel, row: Any, reminder: Reminder, reason: str, now: datetime, report: TickReport
    ) -> None:
        """Outcome unknown: check again later (found by its metadata key), never re-post now."""
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            self.finish(model, row, status="mislukt", error=f"uitkomst onbekend: {reason}", attempts=attempts)
            report.failed += 1
            log.error("post %s: na %s pogingen niet vast te stellen of hij er staat", row.id, attempts)
            self._tell_owner(
                reminder, "Slack bleef onbereikbaar, dus de bot kon niet nagaan of hij er staat."
            )
            return
        delay = self._delay(attempts)
        self.finish(
            model,
            row,
            status="onzeker",
            error=f"uitkomst onbekend: {reason}",
            attempts=attempts,
            next_attempt_at=now + delay,
        )
        report.retried += 1
        log.warning("post %s: uitkomst onbekend (%s); over %s opnieuw nagaan", row.id, reason, delay)

    def _tell_owner(self, reminder: Reminder, advice: str) -> None:
        """A reminder that will not arrive must not fail silently: its creator hears it."""
        if not reminder.created_by:
            return
        text = (
            f"Je herinnering '{mrkdwn(reminder.title)}' (#{reminder.id}) kon niet worden geplaatst. {advice} "
            "Deze keer is overgeslagen; de volgende keer probeert de bot het weer."
        )
        try:
            self.poster.notify(reminder.created_by, text)
        except Exception:
            log.exception("eigenaar van herinnering %s niet ingelicht", reminder.id)

    def failed(
        self,
        model: OutboxModel,
        row: Any,
        reminder: Reminder,
        exc: PostError,
        now: datetime,
        report: TickReport,
    ) -> None:
        attempts = row.attempts + 1
        if exc.retryable and attempts < self.max_attempts:
            delay = self._delay(attempts)
            self.finish(
                model,
                row,
                status="wachtend",
                error=str(exc),
                attempts=attempts,
                next_attempt_at=now + delay,
            )
            report.retried += 1
            log.warning("post %s mislukt (poging %s), opnieuw over %s: %s", row.id, attempts, delay, exc)
            return
        self.finish(model, row, status="mislukt", error=str(exc), attempts=attempts)
        report.failed += 1
        log.error("post %s definitief mislukt na %s pogingen: %s", row.id, attempts, exc)
        self._tell_owner(reminder, exc.advice or f"Slack weigerde het bericht ({exc}).")

    def finish(
        self,
        model: OutboxModel,
        row: Any,
        *,
        status: str,
        **values: Any,
    ) -> None:
        if status == "verstuurd":
            values["sent_at"] = self.service.now()
            values["error"] = None
        with self.store.session() as session:
            done = session.execute(
                update(model)
                .where(model.id == row.id, model.revision == row.revision)
                .values(status=status, revision=row.revision + 1, **values)
            )
            session.commit()
        if done.rowcount != 1:
            log.warning(
                "%s %s: claim intussen overgenomen; uitkomst %s niet vastgelegd",
                model.__tablename__,
                row.id,
                status,
            )
