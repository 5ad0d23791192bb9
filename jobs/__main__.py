"""`python -m jobs run`: a reminder worker without the Slack app (settings from the env).

Several workers (or bot processes) may run at once; the database lease picks one.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs", description="Herinneringen-worker")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--lease-ttl", type=float, default=60.0, help="seconden")
    parser.add_argument("--sync", type=float, default=30.0, help="seconden tussen sweeps")
    args = parser.parse_args(argv)

    # The process entry point is the one place in jobs that wires in the Slack poster.
    from bot.config import get_settings
    from bot.slack.poster import build_poster
    from jobs.deliver import build_scheduler

    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(message)s")
    from bot.datadir import make_private

    make_private(settings.bot_data_dir)  # the SQLite database and its WAL files: 0600
    scheduler = build_scheduler(
        settings, poster=build_poster(settings), lease_ttl_seconds=args.lease_ttl, sync_seconds=args.sync
    )
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    scheduler.start()
    print(f"herinneringen-worker {scheduler.holder} draait", flush=True)
    stop.wait()
    scheduler.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
