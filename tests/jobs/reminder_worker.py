"""Test harness: run the real reminder worker in a subprocess, optionally at another time.

    python reminder_worker.py run [--at ISO] [-- worker args]   → `python -m jobs run`
    python reminder_worker.py tick --expect N                   → Outbox.tick() in a loop,
                                                                   no lease (claims only),
                                                                   until N posts are recorded
Settings come from the environment (DATABASE_URL, SLACK_API_URL, ...), as in production.
`--at` starts the clock at that moment and lets it run (time-machine), so a restart test
can start "just before" a reminder without waiting for it in real time.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime


def _tick_loop(expect: int, limit: float = 90.0) -> None:
    from sqlalchemy import func, select

    from bot.config import get_settings
    from bot.slack.poster import build_poster
    from jobs.outbox import Outbox
    from jobs.reminders import ReminderService
    from jobs.store import DeliveryRow

    settings = get_settings()
    service = ReminderService(settings.db_url, tz=settings.timezone)
    outbox = Outbox(service, build_poster(settings))
    sent = select(func.count()).where(DeliveryRow.status == "verstuurd")
    end = time.monotonic() + limit
    while time.monotonic() < end:
        outbox.tick()
        with service.store.session() as session:
            if session.scalar(sent) >= expect:
                return
        time.sleep(0.02)


def main() -> int:
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "tick":
        _tick_loop(int(args[args.index("--expect") + 1]))
        return 0
    if args[:1] == ["--at"]:
        import time_machine

        time_machine.travel(datetime.fromisoformat(args[1]), tick=True).start()
        args = args[2:]
    from jobs.__main__ import main as worker_main

    return worker_main(["run", *args])


if __name__ == "__main__":
    raise SystemExit(main())
