"""One APScheduler per installation, behind a database lease.

Every bot process may create a `ReminderScheduler` and call `start()`: a small thread tries
to take the lease (`jobs.lease`) and renews it every ttl/3. Only the holder starts its
BackgroundScheduler; the others wait and take over when the lease expires or is released.

The APScheduler jobs live in memory and are rebuilt from our reminder table whenever a
process takes the lease (our table is the only source of truth; a persistent job store
would be a second copy that drifts when the CLI cancels a reminder). Jobs refer to
module-level functions by import path ("jobs.deliver:fire_reminder") with reminder ids as
arguments, so swapping in a persistent job store would work unchanged.

Jobs: "herinnering:<id>" at each reminder's next moment, "uitstel:<id>" at each snooze, and
"sweep" every `sync_seconds` (new or changed reminders from other processes, retries, and
anything a job missed). `misfire_grace_time` is the grace setting (APScheduler's default of
1 second would silently drop a job that starts slightly late) and `coalesce` is on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select

from jobs import lease
from jobs.calendar_nl import zone
from jobs.outbox import ChecklistProvider, Outbox, Poster, default_holder
from jobs.reminders import ReminderService
from jobs.store import ReminderRow, SnoozeRow

log = logging.getLogger(__name__)

_active: ReminderScheduler | None = None  # the leading scheduler of this process, if any
_active_lock = threading.Lock()


def active_scheduler() -> ReminderScheduler | None:
    """The scheduler that holds the lease in this process (used by `jobs.deliver`)."""
    return _active


class ReminderScheduler:
    def __init__(
        self,
        service: ReminderService,
        poster: Poster,
        *,
        grace_seconds: int = 3600,
        lease_ttl_seconds: float = 60.0,
        sync_seconds: float = 30.0,
        late_after_seconds: float = 120.0,
        backoff_base_seconds: float = 30.0,
        checklist_provider: ChecklistProvider | None = None,
        holder: str | None = None,
        workers: int = 4,
    ) -> None:
        self.service = service
        self.holder = holder or default_holder()
        self.grace_seconds = int(grace_seconds)
        self.lease_ttl = timedelta(seconds=lease_ttl_seconds)
        self.sync_seconds = sync_seconds
        self.workers = workers
        self.outbox = Outbox(
            service,
            poster,
            grace=timedelta(seconds=grace_seconds),
            late_after=timedelta(seconds=late_after_seconds),
            backoff_base=timedelta(seconds=backoff_base_seconds),
            checklist_provider=checklist_provider,
            holder=self.holder,
            fence=self._fence,
        )
        self._scheduler: BackgroundScheduler | None = None
        self._lease_until = datetime.min.replace(tzinfo=UTC)
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._leading = threading.Event()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition()
        self._running = 0  # job bodies in flight
        self._changes = 0  # reminder changes seen; a sweep whose snapshot is stale retries
        self._changes_lock = threading.Lock()
        service.subscribe(self._on_change)

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Start competing for the lease in a background thread (returns at once)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._keep_lease, name="herinneringen-lease", daemon=True)
        self._thread.start()

    def shutdown(self, wait: bool = True) -> None:
        """Stop scheduling and release the lease so a standby process takes over at once."""
        self._stop.set()
        if self._thread is not None and wait:
            self._thread.join(timeout=30)
        self._thread = None
        was_leading = self._step_down()
        if was_leading and wait:
            # Let posts in flight finish and be recorded before a standby may take over.
            self._wait_idle(timeout=60)
        if was_leading:
            try:
                lease.release(self.service.store, self.holder, self.service.now())
            except Exception:
                log.exception("lease niet vrijgegeven; hij verloopt vanzelf")

    def _fence(self) -> str | None:
        """Checked right before every post: still leading, by our clock and the database."""
        if not self._still_leading():
            return None
        return lease.fence_token(self.service.store, self.holder, self.service.now())

    @property
    def is_leader(self) -> bool:
        with self._lock:
            return self._scheduler is not None and self.service.now() < self._lease_until

    def _still_leading(self) -> bool:
        """May this process act now? A job can fire just when the lease's renewal is late (a
        starved process, a slow database): then renew it here rather than drop the job, which
        only the next sweep would pick up again. The guarded UPDATE still says no when another
        process has taken the lease meanwhile."""
        if self.is_leader:
            return True
        if self._scheduler is None or self._stop.is_set():
            return False
        self._renew_once()
        return self.is_leader

    def wait_until_leader(self, timeout: float) -> bool:
        return self._leading.wait(timeout)

    @property
    def apscheduler(self) -> BackgroundScheduler | None:
        return self._scheduler

    # -- the lease -----------------------------------------------------------------------

    def _keep_lease(self) -> None:
        interval = self.lease_ttl.total_seconds() / 3
        while not self._stop.is_set():
            self._renew_once()
            self._stop.wait(interval)

    def _renew_once(self) -> None:
        now = self.service.now()
        try:
            held = lease.acquire(self.service.store, self.holder, self.lease_ttl, now)
        except Exception:
            # Database unreachable: keep leading only while the lease we had still runs.
            log.exception("lease niet vernieuwd")
            held = False
            if now < self._lease_until:
                return
        if held:
            with self._lock:
                self._lease_until = now + self.lease_ttl
            if self._scheduler is None and not self._stop.is_set():
                self._become_leader()
        elif self._scheduler is not None:
            log.warning("lease verloren door %s; scheduler stopt", self.holder)
            self._step_down()

    def _become_leader(self) -> None:
        global _active
        tz = zone(self.service.tz)
        scheduler = BackgroundScheduler(
            timezone=tz,
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(self.workers)},
            job_defaults={
                "misfire_grace_time": self.grace_seconds,
                "coalesce": True,
                "max_instances": 1,
            },
        )
        with _active_lock:
            if _active is not None and _active is not self:
                log.error("al een actieve scheduler in dit proces; deze start niet")
                return
            _active = self
        try:
            self.outbox.recover_orphans()
        except Exception:  # the sweep retries stale claims later anyway
            log.exception("overnemen van onbevestigde posts mislukt")
        # The first sweep runs at once: it catches up on whatever fell due while no process
        # held the lease, and arms a job per reminder.
        scheduler.add_job(
            "jobs.deliver:sweep",
            IntervalTrigger(seconds=self.sync_seconds),
            id="sweep",
            next_run_time=datetime.now(tz),
            replace_existing=True,
        )
        with self._lock:
            self._scheduler = scheduler
        scheduler.start()
        self._leading.set()
        log.info("herinneringen-scheduler gestart (%s)", self.holder)

    def _step_down(self) -> bool:
        global _active
        with self._lock:
            scheduler, self._scheduler = self._scheduler, None
            self._lease_until = datetime.min.replace(tzinfo=UTC)
        self._leading.clear()
        with _active_lock:
            if _active is self:
                _active = None
        if scheduler is None:
            return False
        # wait=False: APScheduler holds its job-store lock while it waits for running jobs,
        # and our jobs re-arm jobs (which takes that lock), so waiting there can deadlock.
        # `shutdown` waits for our own in-flight count instead.
        scheduler.shutdown(wait=False)
        log.info("herinneringen-scheduler gestopt (%s)", self.holder)
        return True

    # -- job bodies (called through jobs.deliver) ---------------------------------------

    def run_sweep(self) -> None:
        with self._in_flight():
            if not self._still_leading():
                return
            report = self.outbox.tick()
            if report.sent or report.missed or report.failed or report.retried:
                log.info("herinneringen: %s", report)
            self._sync_jobs()

    def run_reminder(self, reminder_id: int) -> None:
        with self._in_flight():
            if self._still_leading():
                self.outbox.fire_reminder(reminder_id)
                self._arm_reminder(reminder_id)

    def run_snooze(self, snooze_id: int) -> None:
        with self._in_flight():
            if self._still_leading():
                self.outbox.fire_snooze(snooze_id)

    @contextmanager
    def _in_flight(self) -> Iterator[None]:
        with self._idle:
            self._running += 1
        try:
            yield
        finally:
            with self._idle:
                self._running -= 1
                self._idle.notify_all()

    def _wait_idle(self, timeout: float) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._running == 0, timeout):
                log.warning("nog %s job(s) bezig bij het stoppen", self._running)

    # -- keeping APScheduler's jobs in line with our table --------------------------------

    def _on_change(self, reminder_id: int) -> None:
        with self._changes_lock:
            self._changes += 1
        if self._scheduler is not None:
            self._arm_reminder(reminder_id)
            self._arm_snoozes(reminder_id)

    def _sync_jobs(self, attempts: int = 5) -> None:
        """Make APScheduler's jobs match the table. A reminder added while the sweep reads the
        table is armed by `_on_change` but missing from the sweep's snapshot: removing jobs
        from a stale snapshot would drop it, so the snapshot is taken again instead."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        for _ in range(attempts):
            seen = self._changes
            wanted = self._wanted_jobs()
            with self._changes_lock:
                if seen != self._changes:
                    continue
                for job in scheduler.get_jobs():
                    if job.id != "sweep" and job.id not in wanted:
                        job.remove()
            break
        else:
            return  # changes keep coming: each one armed its own job; the next sweep tidies up
        for job_id, (func, arg, run_at) in wanted.items():
            self._arm(job_id, func, arg, run_at)

    def _wanted_jobs(self, reminder_id: int | None = None) -> dict[str, tuple[str, int, datetime]]:
        reminders = select(ReminderRow.id, ReminderRow.next_fire_at).where(
            ReminderRow.status == "actief", ReminderRow.next_fire_at.is_not(None)
        )
        snoozes = select(SnoozeRow.id, SnoozeRow.due_at).where(SnoozeRow.status == "wachtend")
        if reminder_id is not None:
            reminders = reminders.where(ReminderRow.id == reminder_id)
            snoozes = snoozes.where(SnoozeRow.reminder_id == reminder_id)
        wanted: dict[str, tuple[str, int, datetime]] = {}
        with self.service.store.session() as session:
            for rid, fire_at in session.execute(reminders):
                wanted[f"herinnering:{rid}"] = ("jobs.deliver:fire_reminder", rid, fire_at)
            for sid, due_at in session.execute(snoozes):
                wanted[f"uitstel:{sid}"] = ("jobs.deliver:fire_snooze", sid, due_at)
        return wanted

    def _arm_reminder(self, reminder_id: int) -> None:
        wanted = self._wanted_jobs(reminder_id)
        job_id = f"herinnering:{reminder_id}"
        if job_id in wanted:
            func, arg, run_at = wanted[job_id]
            self._arm(job_id, func, arg, run_at)
        elif self._scheduler is not None and self._scheduler.get_job(job_id):
            self._scheduler.remove_job(job_id)

    def _arm_snoozes(self, reminder_id: int) -> None:
        for job_id, (func, arg, run_at) in self._wanted_jobs(reminder_id).items():
            if job_id.startswith("uitstel:"):
                self._arm(job_id, func, arg, run_at)

    def _arm(self, job_id: str, func: str, arg: int, run_at: datetime) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return
        existing = scheduler.get_job(job_id)
        if existing is not None and existing.next_run_time == run_at:
            return  # already armed for that moment (keeps the sweep quiet in the logs)
        # A moment already past runs now; the outbox decides whether it is late or missed.
        run_at = max(run_at, datetime.now(UTC))
        try:
            scheduler.add_job(
                func, DateTrigger(run_date=run_at), args=[arg], id=job_id, replace_existing=True
            )
        except Exception:  # scheduler shutting down: the next leader's sweep re-arms it
            log.debug("job %s niet ingepland", job_id, exc_info=True)
