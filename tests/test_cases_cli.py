"""`python -m bot cases list|approve|reject|remove`: the review queue of case knowledge on
the command line. A queued case is not searchable; approving indexes it (and records who
approved), removing takes it out again. Bad names get a Dutch message and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.config import Settings
from bot.ingest.metadata import split_front_matter
from bot.knowledge.cases import CaseFile, CaseReview
from tests.test_cli import invoke_bot

CASE = CaseFile(
    "slack-C0KANAAL1-1700000000-000100.md",
    "Samenwerking Lindeveld",
    "---\ntitle: Samenwerking Lindeveld\nbron: Slack\n---\n\n## Bericht\n\n"
    "De gemeenten rond Lindeveld delen sinds 2024 één leerplichtbureau met een gezamenlijke "
    "leerplichtambtenaar.\n",
)
NAME = CASE.name.removesuffix(".md")


def queued(settings: Settings) -> CaseReview:
    review = CaseReview(settings, kb=None)
    case, report = review.submit(CASE, "U0GAST0001")
    assert case.status == "wacht" and report is None
    return review


def test_list_and_reject(tmp_path: Path) -> None:
    data = tmp_path / "data"
    review = queued(Settings(_env_file=None, bot_data_dir=data))
    listed = invoke_bot("cases", "list", "--json", data_dir=data)
    assert listed.returncode == 0, listed.stderr
    (case,) = json.loads(listed.stdout)["cases"]
    assert case["name"] == NAME and case["status"] == "wacht" and case["saved_by"] == "U0GAST0001"

    assert invoke_bot("cases", "reject", NAME, data_dir=data).returncode == 0
    assert review.pending() == [] and not list(data.rglob("*.md"))
    again = invoke_bot("cases", "reject", NAME, data_dir=data)
    assert again.returncode == 2 and "wacht niet" in again.stderr and "Traceback" not in again.stderr
    hostile = invoke_bot("cases", "approve", "../../etc/passwd", "--json", data_dir=data)
    assert hostile.returncode == 2 and "geen geldige casusnaam" in json.loads(hostile.stdout)["error"]


@pytest.fixture
def small_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    knowledge = tmp_path / "knowledge"
    (knowledge / "sources").mkdir(parents=True)
    (knowledge / "sources" / "fusie.txt").write_text(
        "Ambtelijke fusie\n\nBij een ambtelijke fusie gaan de ambtelijke organisaties op in één "
        "werkorganisatie.",
        encoding="utf-8",
    )
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    from bot.config import reset_settings

    reset_settings()
    return Settings(_env_file=None, bot_data_dir=Path(str(tmp_path / "data")), knowledge_dir=knowledge)


def test_approve_makes_it_searchable_and_remove_takes_it_out(small_kb: Settings) -> None:
    from bot.cli.app import app
    from bot.knowledge.service import KnowledgeBase

    KnowledgeBase(small_kb).index()
    queued(small_kb)

    def found() -> bool:
        hits = KnowledgeBase(small_kb).search("leerplichtbureau Lindeveld", 3)
        return CASE.name in [p.chunk.source for p in hits]

    assert not found()
    result = CliRunner().invoke(app, ["cases", "approve", NAME, "--door", "U0REDACT01"])
    assert result.exit_code == 0, result.output
    front, _ = split_front_matter((small_kb.cases_data_dir / CASE.name).read_text(encoding="utf-8"))
    assert front["opgeslagen_door"] == "U0GAST0001" and front["goedgekeurd_door"] == "U0REDACT01"
    assert found()

    result = CliRunner().invoke(app, ["cases", "remove", NAME])
    assert result.exit_code == 0, result.output
    assert not (small_kb.cases_data_dir / CASE.name).exists() and not found()
