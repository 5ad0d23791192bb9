"""The live scheduler: APScheduler settings, real-time firing, missed-while-down, restarts,
and two processes on one store. Real subprocesses, real SQLite/PostgreSQL, Slack faked at
HTTP. Waits poll with generous limits; nothing asserts how long something took."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from slack_fake import FakeSlack

from bot.slack.poster import SlackPoster
from jobs import lease
from jobs.reminders import ReminderService
from jobs.schedule import Schedule
from jobs.scheduler import ReminderScheduler

AMS = ZoneInfo("Europe/Amsterdam")
WORKER = Path(__file__).with_name("reminder_worker.py")


def wait_for(condition: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"niet gebeurd: {what}")
        time.sleep(0.05)


def once_at(moment: datetime) -> Schedule:
    return Schedule("once", moment.astimezone(AMS).time(), at=moment.astimezone(AMS))


def add_once(service: ReminderService, moment: datetime, title: str = "T") -> int:
    return service.add(kind="algemeen", title=title, channel="C1", schedule=once_at(moment)).id


@pytest.fixture
def scheduler_factory(sqlite_url: str, fake_slack: FakeSlack) -> Iterator[Callable[..., ReminderScheduler]]:
    made: list[ReminderScheduler] = []

    def make(**options: object) -> ReminderScheduler:
        service = ReminderService(sqlite_url, tz="Europe/Amsterdam")
        options = {"lease_ttl_seconds": 3.0, "sync_seconds": 3600.0, **options}
        scheduler = ReminderScheduler(service, SlackPoster("xoxb", fake_slack.url), **options)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.shutdown()


# -- in-process --------------------------------------------------------------------------------


def test_apscheduler_has_grace_coalesce_and_jobs_by_import_path(
    scheduler_factory: Callable[..., ReminderScheduler],
) -> None:
    scheduler = scheduler_factory(grace_seconds=1800)
    scheduler.start()
    assert scheduler.wait_until_leader(30)
    reminder = scheduler.service.add(
        kind="algemeen", title="T", channel="C1", schedule="elke vrijdag om 16:00"
    )
    aps = scheduler.apscheduler
    assert aps is not None
    sweep = aps.get_job("sweep")
    assert (sweep.misfire_grace_time, sweep.coalesce, sweep.func_ref) == (
        1800,
        True,
        "jobs.deliver:sweep",
    )
    job = aps.get_job(f"herinnering:{reminder.id}")
    assert job.func_ref == "jobs.deliver:fire_reminder" and list(job.args) == [reminder.id]
    assert job.next_run_time == reminder.next_fire_at
    assert str(aps.timezone) == "Europe/Amsterdam"
    scheduler.service.cancel(reminder.id)
    assert aps.get_job(f"herinnering:{reminder.id}") is None
    scheduler.shutdown()
    assert lease.current_holder(scheduler.service.store, datetime.now(UTC)) is None


def test_due_reminder_is_posted_by_its_job(
    scheduler_factory: Callable[..., ReminderScheduler], fake_slack: FakeSlack
) -> None:
    scheduler = scheduler_factory()
    scheduler.start()
    assert scheduler.wait_until_leader(30)
    # Added while running: the service tells the scheduler, which arms a DateTrigger job
    # (the sweep runs only hourly here, so only that job can post it).
    reminder_id = add_once(scheduler.service, datetime.now(UTC) + timedelta(seconds=1.5))
    wait_for(lambda: len(fake_slack.posts()) == 1, "herinnering gepost")
    wait_for(
        lambda: scheduler.service.deliveries(reminder_id)[0].status == "verstuurd",
        "bezorging vastgelegd",
    )
    assert fake_slack.keys() == [fake_slack.posts()[0]["metadata"]["event_payload"]["key"]]
    assert "(later verstuurd)" not in fake_slack.posts()[0]["text"]


def test_job_that_fires_while_the_lease_renewal_is_late_still_posts(
    scheduler_factory: Callable[..., ReminderScheduler],
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under load the lease thread can be late past the lease's ttl just when a job fires.

    That job used to see `is_leader` False and return; nothing re-armed it until the next
    sweep (hourly here), so the reminder was never posted: the flaky failure of the test
    above. The job now renews the lease itself before it gives up.
    """
    real_acquire = lease.acquire
    stall = threading.Event()
    released = threading.Event()

    def starved_acquire(*args: object, **kwargs: object) -> bool:
        if stall.is_set() and threading.current_thread().name == "herinneringen-lease":
            stall.clear()
            released.wait(30)  # this renewal comes after the job has fired and posted
        return real_acquire(*args, **kwargs)

    monkeypatch.setattr(lease, "acquire", starved_acquire)
    scheduler = scheduler_factory()
    scheduler.start()
    assert scheduler.wait_until_leader(30)
    stall.set()
    wait_for(lambda: not stall.is_set(), "lease-thread vastgelopen")
    wait_for(lambda: not scheduler.is_leader, "lease verlopen volgens de klok")
    reminder_id = add_once(scheduler.service, datetime.now(UTC) + timedelta(seconds=0.5))
    try:
        wait_for(lambda: len(fake_slack.posts()) == 1, "herinnering gepost")
        wait_for(
            lambda: scheduler.service.deliveries(reminder_id)[0].status == "verstuurd",
            "bezorging vastgelegd",
        )
    finally:
        released.set()


def test_reminder_added_while_the_sweep_reads_the_table_keeps_its_job(
    scheduler_factory: Callable[..., ReminderScheduler],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sweep reads which jobs should exist, then removes the others. A reminder added in
    between was armed at once but missing from that snapshot, so the sweep removed its job and
    only the next sweep (hourly here) armed it again: found when the test at the top failed
    under load. The sweep now takes its snapshot again when reminders changed meanwhile."""
    scheduler = scheduler_factory()
    scheduler.start()
    assert scheduler.wait_until_leader(30)
    real_wanted = scheduler._wanted_jobs
    snapshot_taken, go_on = threading.Event(), threading.Event()

    def slow_snapshot(reminder_id: int | None = None) -> dict:
        wanted = real_wanted(reminder_id)
        if reminder_id is None and threading.current_thread().name == "trage-sweep":
            snapshot_taken.set()
            go_on.wait(60)
        return wanted

    monkeypatch.setattr(scheduler, "_wanted_jobs", slow_snapshot)
    sweep = threading.Thread(target=scheduler.run_sweep, name="trage-sweep")
    sweep.start()
    assert snapshot_taken.wait(60)
    reminder = scheduler.service.add(
        kind="algemeen", title="T", channel="C1", schedule="elke vrijdag om 16:00"
    )
    assert scheduler.apscheduler.get_job(f"herinnering:{reminder.id}") is not None
    go_on.set()
    sweep.join(60)
    assert not sweep.is_alive()
    job = scheduler.apscheduler.get_job(f"herinnering:{reminder.id}")
    assert job is not None and job.next_run_time == reminder.next_fire_at


def test_missed_while_down_within_and_beyond_grace(
    scheduler_factory: Callable[..., ReminderScheduler],
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
    with time_machine.travel(start, tick=True) as traveller:
        scheduler = scheduler_factory()
        service = scheduler.service
        beyond = service.add(kind="algemeen", title="Oud", channel="C1", schedule="elke dag om 10:00").id
        within = service.add(kind="algemeen", title="Recent", channel="C1", schedule="vandaag om 12:00").id
        # The bot was down from 9:00 to 12:30: 10:00 is 2.5 h ago, 12:00 half an hour.
        traveller.move_to(datetime(2026, 11, 23, 12, 30, tzinfo=AMS))
        with caplog.at_level(logging.WARNING, logger="jobs.outbox"):
            scheduler.start()
            assert scheduler.wait_until_leader(30)
            wait_for(lambda: len(fake_slack.posts()) == 1, "gemiste herinnering gepost")
            wait_for(
                lambda: (
                    service.get(beyond).next_occurrence is not None
                    and service.get(beyond).next_occurrence.day == 24
                ),
                "volgende ingepland",
            )
            wait_for(
                lambda: [d.status for d in service.deliveries(within)] == ["verstuurd"],
                "bezorging vastgelegd",
            )
        [post] = fake_slack.posts()
        assert post["text"].startswith("Herinnering: Recent (later verstuurd)")
        assert [d.status for d in service.deliveries(beyond)] == ["gemist"]
        assert any("gemist" in r.getMessage() for r in caplog.records)
        job = scheduler.apscheduler.get_job(f"herinnering:{beyond}")
        assert job.next_run_time == datetime(2026, 11, 24, 10, 0, tzinfo=AMS)


# -- real processes ------------------------------------------------------------------------------


class Workers:
    """Worker subprocesses on one store, with their logs kept for failure reports."""

    def __init__(self, db_url: str, fake: FakeSlack, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_API_URL": fake.url,
            "BOT_DATA_DIR": str(tmp_path / "data"),
            "LOG_LEVEL": "INFO",
        }
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen[bytes]] = []
        self.service = ReminderService(db_url, tz="Europe/Amsterdam")

    def start(self, *args: str, mode: str = "run") -> subprocess.Popen[bytes]:
        log = open(self.tmp_path / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), mode, *args],
            env=self.env,
            cwd=self.tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def leader_pid(self) -> int | None:
        holder = lease.current_holder(self.service.store, datetime.now(UTC) - timedelta(hours=2))
        return int(holder.rsplit(":", 1)[1]) if holder else None

    def stop(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        proc.send_signal(sig)
        proc.wait(timeout=30)

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """`wait_for`, with the workers' logs in the failure report."""
        try:
            wait_for(condition, what)
        except AssertionError:
            raise AssertionError(f"niet gebeurd: {what}\n--- worker logs ---\n{self.logs()}") from None

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
        self.service.store.dispose()


def _workers(db_url: str, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(db_url, fake_slack, tmp_path)
    yield group
    group.close()


@pytest.fixture
def workers(db_url: str, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Workers]:
    """Workers on SQLite and on PostgreSQL (the multi-process tests)."""
    yield from _workers(db_url, fake_slack, tmp_path)


@pytest.fixture
def sqlite_workers(sqlite_url: str, fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Workers]:
    """Workers on SQLite only: restart behaviour does not depend on the database, and
    every worker start costs seconds on a busy machine."""
    yield from _workers(sqlite_url, fake_slack, tmp_path)


def test_reminders_survive_a_restart(sqlite_workers: Workers, fake_slack: FakeSlack) -> None:
    workers = sqlite_workers
    first = workers.start("--lease-ttl", "3", "--sync", "1")
    workers.wait_for(lambda: workers.leader_pid() == first.pid, "eerste worker leidt")
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    ids = [add_once(workers.service, due), add_once(workers.service, due + timedelta(seconds=1))]
    workers.stop(first)  # stopped long before anything is due
    assert fake_slack.posts() == []
    # Started again "just before" the first reminder (its clock starts there and runs on).
    second = workers.start("--at", (due - timedelta(seconds=1)).isoformat(), "--lease-ttl", "3")
    workers.wait_for(lambda: len(fake_slack.posts()) == 2, "beide herinneringen gepost na herstart")
    assert sorted(fake_slack.keys()) == sorted(set(fake_slack.keys()))

    def recorded() -> bool:  # the worker records a post after Slack answered it
        return all(d.status == "verstuurd" for r in ids for d in workers.service.deliveries(r))

    workers.wait_for(recorded, "beide bezorgingen vastgelegd")
    for reminder_id in ids:
        [delivery] = workers.service.deliveries(reminder_id)
        assert (delivery.status, delivery.late) == ("verstuurd", False)
    workers.stop(second)


def test_missed_while_down_fires_once_on_start_marked_later(
    sqlite_workers: Workers, fake_slack: FakeSlack
) -> None:
    workers = sqlite_workers
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    reminder_id = add_once(workers.service, due)
    # Nothing ran at `due`; a worker starts 40 minutes later (grace: 1 hour).
    workers.start("--at", (due + timedelta(minutes=40)).isoformat(), "--lease-ttl", "3")
    workers.wait_for(lambda: len(fake_slack.posts()) == 1, "gemiste herinnering gepost")
    assert "(later verstuurd)" in fake_slack.posts()[0]["text"]
    workers.wait_for(lambda: workers.service.deliveries(reminder_id)[0].status == "verstuurd", "vastgelegd")
    assert workers.service.deliveries(reminder_id)[0].late


def test_two_processes_one_store_each_occurrence_posted_once(workers: Workers, fake_slack: FakeSlack) -> None:
    procs = [workers.start("--lease-ttl", "2", "--sync", "0.5") for _ in range(2)]
    workers.wait_for(lambda: workers.leader_pid() in {p.pid for p in procs}, "een van beide leidt")
    now = datetime.now(UTC)
    ids = [add_once(workers.service, now + timedelta(seconds=2 + i / 2), f"R{i}") for i in range(6)]
    workers.wait_for(lambda: len(fake_slack.posts()) >= 2, "eerste posts")
    # Kill the leader without a goodbye: the other must take over when the lease expires.
    leader = next(p for p in procs if p.pid == workers.leader_pid())
    workers.stop(leader, signal.SIGKILL)
    standby = next(p for p in procs if p is not leader)
    workers.wait_for(lambda: workers.leader_pid() == standby.pid, "de andere neemt het over")
    workers.wait_for(lambda: len(fake_slack.posts()) >= 6, "alle zes gepost")
    workers.wait_for(
        lambda: all(workers.service.deliveries(i)[0].status == "verstuurd" for i in ids),
        "alle bezorgingen vastgelegd",
    )
    keys = fake_slack.keys()
    assert len(keys) == 6 and len(set(keys)) == 6
    assert standby.poll() is None
    workers.stop(standby)


def test_concurrent_outboxes_without_lease_never_post_twice(
    sqlite_workers: Workers, fake_slack: FakeSlack
) -> None:
    """Even when two processes both tick (a lease lost mid-run), the row claims hold.
    (On PostgreSQL the same claims are exercised by the two-process test above.)"""
    workers = sqlite_workers
    now = datetime.now(UTC)
    for i in range(12):
        add_once(workers.service, now + timedelta(seconds=1 + i * 0.1), f"R{i}")
    procs = [workers.start("--expect", "12", mode="tick") for _ in range(2)]
    for proc in procs:
        proc.wait(timeout=60)
    keys = fake_slack.keys()
    assert len(keys) == 12 and len(set(keys)) == 12


def test_shutdown_never_hangs_while_jobs_re_arm(
    scheduler_factory: Callable[..., ReminderScheduler],
) -> None:
    """Sweeps re-arm jobs (APScheduler's job-store lock) while we stop: no deadlock."""
    first = scheduler_factory()
    for i in range(20):
        first.service.add(kind="algemeen", title=f"R{i}", channel="C1", schedule=f"elke dag om 8:{i:02d}")
    for _ in range(8):
        scheduler = scheduler_factory(sync_seconds=0.01, lease_ttl_seconds=30.0)
        scheduler.start()
        assert scheduler.wait_until_leader(30)
        wait_for(lambda s=scheduler: len(s.apscheduler.get_jobs()) > 20, "jobs ingepland")
        stopper = threading.Thread(target=scheduler.shutdown)
        stopper.start()
        stopper.join(timeout=30)
        assert not stopper.is_alive(), "shutdown hangt"
