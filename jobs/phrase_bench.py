"""The phrase benchmark: Dutch schedule phrases with the dates they must give, every one exact.

    python -m jobs.phrase_bench [--phrases FILE.jsonl] [--verbose]

One JSON object per line: "phrase", "start" (local time), and either "occurrences" (ISO 8601
with offset; optional "reminders", "note" — text the preview must say — and "ends": no
further occurrence after these) or "error" (text the Dutch refusal must contain). Exit code
0 when every phrase is exact, 1 otherwise. `make bench` runs it on jobs/phrase_bench.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.errors import ScheduleError
from jobs.plan import preview

DEFAULT_SET = Path(__file__).with_name("phrase_bench.jsonl")


def check(case: dict[str, Any], tz: str = "Europe/Amsterdam") -> str | None:
    """None when the phrase gives exactly what the case expects, else what went wrong."""
    start = datetime.fromisoformat(case["start"])
    expected = case.get("occurrences") or []
    try:
        got = preview(case["phrase"], start, len(expected) + (1 if case.get("ends") else 0) or 1, tz)
    except ScheduleError as exc:
        if "error" in case and case["error"].lower() in exc.message.lower():
            return None
        return f"geweigerd: {exc.message}"
    if "error" in case:
        return f"niet geweigerd (verwacht: {case['error']}); kreeg {got['occurrences']}"
    if got["occurrences"] != expected:
        return f"data {got['occurrences']} ≠ {expected}"
    if "reminders" in case and got.get("reminders") != case["reminders"]:
        return f"herinneringen {got.get('reminders')} ≠ {case['reminders']}"
    said = " ".join(got.get("notes", []) + [h["note"] for h in got.get("holidays", [])])
    if "note" in case and case["note"].lower() not in said.lower():
        return f"melding '{case['note']}' ontbreekt (gezegd: {said or 'niets'})"
    return None


def run(path: Path, verbose: bool = False) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    failures, groups, exact = [], Counter(), Counter()
    for case in cases:
        group = case.get("group", "overig")
        groups[group] += 1
        problem = check(case)
        if problem:
            failures.append(f"  ✗ {case['phrase']!r}: {problem}")
        else:
            exact[group] += 1
            if verbose:
                print(f"  ✓ {case['phrase']!r}")
    print(f"Planningszinnen: {sum(exact.values())}/{len(cases)} exact ({path.name})")
    for group in sorted(groups):
        print(f"  {group}: {exact[group]}/{groups[group]}")
    print("\n".join(failures))
    return 0 if not failures else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark van de Nederlandse planningszinnen.")
    parser.add_argument("--phrases", type=Path, default=DEFAULT_SET, help="JSON Lines met zinnen en data.")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not args.phrases.is_file():
        print(f"Zinnenset '{args.phrases}' niet gevonden. Geef een bestand met --phrases.", file=sys.stderr)
        return 2
    try:
        return run(args.phrases, args.verbose)
    except (ValueError, KeyError) as exc:
        print(
            f"Zinnenset '{args.phrases}' is ongeldig: {exc}. Zie de uitleg in jobs/phrase_bench.py.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
