"""Bad input on the command line: invalid bytes, broken batch files, wrong paths, Typer's
own usage errors. The entry point `bot.cli.app.main` runs in-process (process start-up is not
the point), except where the bytes in argv are."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli.app import main
from bot.cli.chat import run_chat
from bot.config import reset_settings
from tests.test_cli import run_bot

ENGLISH = (
    "No such option",
    "No such command",
    "Did you mean",
    "Invalid value",
    "Usage:",
    "Show this message",
    "Missing argument",
    "Error",
)


def run_main(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["python -m bot", *args])
    reset_settings()
    code: int | str | None = 0
    try:
        main()
    except SystemExit as done:
        code = done.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(code or 0), out, err


@pytest.mark.e2e
def test_invalid_bytes_in_the_question_argument(tmp_path: Path) -> None:
    done = run_bot("ask", "\udcff", data_dir=tmp_path / "data")  # argv byte 0xff
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "onleesbare tekens" in done.stderr


def test_chat_goes_on_after_invalid_bytes_on_stdin(knowledge_base) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Wat is SETA?\n\xff\xfe\nWat is een centrumgemeente?\n"), "utf-8")
    stdout = io.StringIO()
    assert run_chat(knowledge_base, stdin=stdin, stdout=stdout) == 0
    blocks = stdout.getvalue().split("Vraag: ")[1:]
    assert len(blocks) == 3
    assert "onleesbare tekens" in blocks[1]
    assert "centrumgemeente" in blocks[2] and "[1]" in blocks[2]


@pytest.fixture
def indexed_env(indexed_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOT_DATA_DIR", str(indexed_data_dir))
    return indexed_data_dir


MIXED_BATCH = b"\n".join(
    [
        b'{"id": "goed1", "question": "Wat is een ambtelijke fusie?"}',
        b"dit is geen json",
        b'{"id": "leeg", "question": null}',
        b'{"id": "bytes", "question": "Wat is \xff SETA?"}',
        b'{"id": "zonder"}',
        b"[1, 2]",
        b'{"id": "spaties", "question": "   "}',
        b"",
        b'{"id": "goed2", "question": "Wat is SETA?"}',
    ]
)


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.usefixtures("indexed_env")
def test_mixed_batch_answers_good_lines_and_reports_bad_ones_in_order(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    batch = tmp_path / "gemengd.jsonl"
    batch.write_bytes(MIXED_BATCH)
    code, out, _ = run_main([command, "--batch", str(batch), "--json"], capsys, monkeypatch)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [x["id"] for x in lines] == ["goed1", 2, "leeg", 4, "zonder", 6, "spaties", "goed2"]
    good = {"goed1", "goed2"}
    assert all("error" not in x for x in lines if x["id"] in good)
    assert all(x["error"] for x in lines if x["id"] not in good)
    assert "UTF-8" in lines[3]["error"] and "question" in lines[2]["error"]
    if command == "ask":
        assert all(x["answer"] for x in lines if x["id"] in good)
    else:
        assert all(x["results"] for x in lines if x["id"] in good)
    assert code == 1


@pytest.mark.usefixtures("indexed_env")
def test_batch_of_good_lines_exits_0(tmp_path: Path, capsys, monkeypatch) -> None:
    batch = tmp_path / "goed.jsonl"
    batch.write_text('{"id": 1, "question": "Wat is SETA?"}\n', encoding="utf-8")
    code, out, _ = run_main(["ask", "--batch", str(batch), "--json"], capsys, monkeypatch)
    assert code == 0 and json.loads(out)["id"] == 1


@pytest.mark.parametrize(("where", "expected"), [("map", "is een map"), ("ontbreekt.jsonl", "bestaat niet")])
def test_batch_path_that_is_no_file(where: str, expected: str, tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "map").mkdir()
    code, out, _ = run_main(["ask", "--batch", str(tmp_path / where), "--json"], capsys, monkeypatch)
    assert code == 2 and expected in json.loads(out)["error"]


@pytest.mark.parametrize("command", [["ask", "Wat is SETA?"], ["remind", "list"]])
def test_data_dir_below_a_file(command: list[str], tmp_path: Path, capsys, monkeypatch) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    monkeypatch.setenv("BOT_DATA_DIR", str(blocker / "data"))
    code, _, err = run_main(command, capsys, monkeypatch)
    assert code in (1, 2)
    assert "een deel van het pad is een bestand" in err


def test_bad_setting_value_names_the_variable(capsys, monkeypatch) -> None:
    monkeypatch.setenv("TOP_K", "veel")
    code, _, err = run_main(["ask", "Wat is SETA?"], capsys, monkeypatch)
    assert code == 2 and "TOP_K" in err and "geheel getal" in err


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["--nope"], "Onbekende optie: --nope"),
        (["ask", "--nope"], "Onbekende optie: --nope"),
        (["remind", "cancel", "abc"], "Ongeldige waarde voor 'nummer': verwacht een geheel getal"),
        (["search", "-k", "0", "centrumgemeente"], "moet minstens 1 zijn"),
        (["search", "-k"], "Optie '-k' heeft een waarde nodig"),
        (["ask", "een", "twee"], "Onverwacht extra argument: twee"),
        (["bestaatniet"], "Onbekend commando 'bestaatniet'"),
        (["asc", "vraag"], "Onbekend commando 'asc' (bedoel je 'ask'?)"),
        (["remind", "lijst"], "Onbekend commando 'lijst' (bedoel je 'list'?)"),
        (["remind", "show"], "Argument 'nummer' ontbreekt"),
        (["cases", "approve"], "Argument 'naam' ontbreekt"),
    ],
)
def test_typer_usage_errors_in_dutch(args: list[str], dutch: str, capsys, monkeypatch) -> None:
    code, _, err = run_main(args, capsys, monkeypatch)
    assert code == 2
    assert dutch in err
    assert not [word for word in ENGLISH if word in err], err


@pytest.mark.parametrize(
    "args", [["--help"], ["ask", "--help"], ["remind", "--help"], ["remind", "add", "--help"]]
)
def test_help_texts_in_dutch(args: list[str], capsys, monkeypatch) -> None:
    code, out, _ = run_main(args, capsys, monkeypatch)
    assert code == 0
    assert "Gebruik:" in out and "Toon deze hulp en stop." in out and "Opties" in out
    assert not [word for word in ENGLISH if word in out], out
