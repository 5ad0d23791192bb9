"""`python -m bot swot`: the JSON contract, Markdown output and Dutch errors with exit
code 2, in-process (Typer's CliRunner) against the full index."""

from __future__ import annotations

import json
from pathlib import Path

from bot.models import QUADRANTS
from tests.swot.test_swot_tables import EXPECTED
from tests.test_cli import invoke_bot as run_bot


def test_json_contract_for_a_table(indexed_data_dir: Path) -> None:
    done = run_bot("swot", "fusie van ambtelijke organisaties", "--json", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["topic"] == "ambtelijke fusie" and body["basis"] == "tabel"
    for q in QUADRANTS:
        assert [i["text"] for i in body[q]] == EXPECTED["ambtelijke fusie"][q]
        for item in body[q]:
            [c] = item["citations"]
            assert set(c) == {"n", "source", "title", "section", "page", "quote", "text"}
            assert c["n"] == 1 and c["quote"] == item["text"]


def test_markdown_format(indexed_data_dir: Path) -> None:
    done = run_bot("swot", "centrumgemeente", "--format", "markdown", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("## SWOT: centrumgemeente\n")
    assert "*Samengesteld uit passages in de documenten.*" in out
    assert "| Sterktes | Zwaktes |" in out and "| Kansen | Bedreigingen |" in out
    assert "**Bronnen**" in out and "\n1. " in out


def test_unknown_topic_exits_2_with_dutch_error(indexed_data_dir: Path) -> None:
    done = run_bot("swot", "digitalisering", "--json", data_dir=indexed_data_dir)
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error.startswith("Ik ken geen samenwerkingsvorm die lijkt op 'digitalisering'.")
    assert "ambtelijke fusie" in error
    plain = run_bot("swot", "digitalisering", data_dir=indexed_data_dir)
    assert plain.returncode == 2 and plain.stdout == ""
    assert plain.stderr.startswith("Ik ken geen samenwerkingsvorm") and "Traceback" not in plain.stderr


def test_bad_input_exits_2(tmp_path: Path) -> None:
    bad_format = run_bot("swot", "ambtelijke fusie", "--format", "pdf", data_dir=tmp_path)
    assert bad_format.returncode == 2
    assert "Onbekend formaat 'pdf'. Kies text, markdown of json." in bad_format.stderr
    no_index = run_bot("swot", "ambtelijke fusie", "--json", data_dir=tmp_path / "leeg")
    assert no_index.returncode == 2
    assert "python -m bot index" in json.loads(no_index.stdout)["error"]
    assert "Traceback" not in no_index.stderr
