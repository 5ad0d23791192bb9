"""APScheduler job functions (by import path) and the scheduler wiring.

APScheduler calls `jobs.deliver:sweep`, `jobs.deliver:fire_reminder` and
`jobs.deliver:fire_snooze` with plain ids; they hand the work to the scheduler that holds
the lease in this process. Keep these names stable: jobs refer to them by import path.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jobs.poster import ConsolePoster, Poster
from jobs.scheduler import ReminderScheduler, active_scheduler

if TYPE_CHECKING:
    from bot.config import Settings
    from jobs.outbox import ChecklistProvider

log = logging.getLogger(__name__)


# -- job functions (referenced by import path) ----------------------------------------------


def sweep() -> None:
    scheduler = active_scheduler()
    if scheduler is None:
        log.warning("sweep overgeslagen: geen actieve herinneringen-scheduler in dit proces")
        return
    scheduler.run_sweep()


def fire_reminder(reminder_id: int) -> None:
    scheduler = active_scheduler()
    if scheduler is None:
        log.warning("herinnering %s niet verwerkt: geen actieve scheduler", reminder_id)
        return
    scheduler.run_reminder(reminder_id)


def fire_snooze(snooze_id: int) -> None:
    scheduler = active_scheduler()
    if scheduler is None:
        log.warning("uitstel %s niet verwerkt: geen actieve scheduler", snooze_id)
        return
    scheduler.run_snooze(snooze_id)


# -- wiring ------------------------------------------------------------------------------


def build_scheduler(
    settings: Settings,
    *,
    checklist_provider: ChecklistProvider | None = None,
    poster: Poster | None = None,
    lease_ttl_seconds: float = 60.0,
    sync_seconds: float = 30.0,
) -> ReminderScheduler:
    """The scheduler for `serve`: call `.start()` after building, `.shutdown()` on exit.

    The edge that starts it hands in its poster (bot/slack/poster.py: build_poster);
    without one reminders go to the terminal.
    """
    from jobs.reminders import ReminderService

    service = ReminderService(settings.db_url, tz=settings.timezone)
    return ReminderScheduler(
        service,
        poster or ConsolePoster(),
        grace_seconds=settings.reminder_grace_seconds,
        lease_ttl_seconds=lease_ttl_seconds,
        sync_seconds=sync_seconds,
        checklist_provider=checklist_provider,
    )
