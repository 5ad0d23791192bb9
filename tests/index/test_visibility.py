"""Visibility of sources: parsed from sources.yaml and front matter, kept in the index, and
used by a question's scope (the organisations that will read the answer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.visibility import EVERYONE, Scope, VisibilityError, parse_visibility
from bot.knowledge.service import KnowledgeBase
from tests.test_cli import invoke_bot

TEAM_A, TEAM_B, TEAM_C = "T0GEMEENTEA", "T0GEMEENTEB", "T0GEMEENTEC"
YAML = f"""fusie.txt:
  title: "Notitie ambtelijke fusie"
  visibility: [{TEAM_A}]
centrum.txt:
  visibility: "{TEAM_A}, {TEAM_B}"
"""


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, EVERYONE),
        ("openbaar", EVERYONE),
        ("Openbaar", EVERYONE),
        ([TEAM_A, "openbaar"], EVERYONE),
        (TEAM_A, frozenset({TEAM_A})),
        (f"{TEAM_A}, {TEAM_B}", frozenset({TEAM_A, TEAM_B})),
        ([TEAM_A, "E0ORGANISATIE"], frozenset({TEAM_A, "E0ORGANISATIE"})),
    ],
)
def test_visibility_values(value: object, expected: frozenset[str]) -> None:
    assert parse_visibility(value, "x.txt") == expected


@pytest.mark.unit
@pytest.mark.parametrize("value", [[], "gemeente-haren", ["t0kleineletters"], [TEAM_A, 12], 7, {"a": 1}, ""])
def test_bad_visibility_is_a_dutch_error_naming_the_file(value: object) -> None:
    with pytest.raises(VisibilityError) as caught:
        parse_visibility(value, "nota.txt")
    message = caught.value.message
    assert message.startswith("nota.txt: zichtbaarheid") and "openbaar" in message
    assert "niet geïndexeerd" in message


@pytest.mark.unit
def test_a_shared_scope_needs_every_organisation() -> None:
    both = Scope.of_teams([TEAM_A, TEAM_B])
    assert both.allows(EVERYONE)
    assert both.allows(frozenset({TEAM_A, TEAM_B, TEAM_C}))
    assert not both.allows(frozenset({TEAM_A}))
    assert Scope.of_teams([TEAM_A]).allows(frozenset({TEAM_A}))
    assert not Scope().allows(frozenset({TEAM_A}))  # unknown organisations: only public
    assert Scope().allows(EVERYONE)


def _sources(kb: KnowledgeBase, question: str, scope: Scope | None) -> set[str]:
    return {p.chunk.source for p in kb.search(question, 10, scope=scope)}


QUESTION = "ambtelijke fusie centrumgemeente shared service center"


def test_scope_filters_search_and_ask(settings: Settings, knowledge_dir: Path) -> None:
    (knowledge_dir / "sources.yaml").write_text(YAML, encoding="utf-8")
    kb = KnowledgeBase(settings)
    assert kb.index().ok
    everything = {"fusie.txt", "centrum.txt", "ssc.md"}
    assert _sources(kb, QUESTION, None) == everything
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_A])) == everything
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_A, TEAM_B])) == {"centrum.txt", "ssc.md"}
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_C])) == {"ssc.md"}
    assert _sources(kb, QUESTION, Scope()) == {"ssc.md"}

    question = "Wat is een ambtelijke fusie?"
    shared = kb.ask(question, scope=Scope.of_teams([TEAM_A, TEAM_B]))
    assert shared.left_out
    assert "fusie.txt" not in {c.source for c in shared.citations} | {p.chunk.source for p in shared.related}
    own = kb.ask(question, scope=Scope.of_teams([TEAM_A]))
    assert not own.left_out and own.found and "fusie.txt" in {c.source for c in own.citations}


def test_front_matter_visibility_and_a_change_in_sources_yaml_without_rereading(
    settings: Settings, knowledge_dir: Path
) -> None:
    ssc = knowledge_dir / "sources" / "ssc.md"
    ssc.write_text(ssc.read_text(encoding="utf-8").replace("---\n", f"---\nzichtbaarheid: [{TEAM_B}]\n", 1))
    kb = KnowledgeBase(settings)
    kb.index()
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_A])) == {"fusie.txt", "centrum.txt"}

    (knowledge_dir / "sources.yaml").write_text(YAML, encoding="utf-8")
    report = kb.index()
    assert report.ok and report.documents == 0 and report.skipped == 3  # no file read again
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_B])) == {"centrum.txt", "ssc.md"}
    # sources.yaml cannot open up what a file's own front matter restricts
    (knowledge_dir / "sources.yaml").write_text("ssc.md:\n  visibility: openbaar\n", encoding="utf-8")
    kb.index()
    assert _sources(kb, QUESTION, Scope.of_teams([TEAM_A])) == {"fusie.txt", "centrum.txt"}


def test_bad_visibility_keeps_the_document_out_of_the_index(settings: Settings, knowledge_dir: Path) -> None:
    kb = KnowledgeBase(settings)
    kb.index()
    assert "fusie.txt" in _sources(kb, QUESTION, None)
    (knowledge_dir / "sources.yaml").write_text("fusie.txt:\n  visibility: iedereen\n", encoding="utf-8")
    report = kb.index()
    assert not report.ok and any(
        e.startswith("fusie.txt (sources.yaml): zichtbaarheid") for e in report.errors
    )
    assert "fusie.txt" not in _sources(kb, QUESTION, None)  # was public; now out until fixed
    again = kb.index()
    assert not again.ok and "fusie.txt" not in _sources(kb, QUESTION, None)
    (knowledge_dir / "sources.yaml").write_text(f"fusie.txt:\n  visibility: [{TEAM_A}]\n", encoding="utf-8")
    assert kb.index().ok
    assert "fusie.txt" in _sources(kb, QUESTION, Scope.of_teams([TEAM_A]))


def test_cli_index_reports_a_bad_visibility_in_dutch(knowledge_dir: Path, tmp_path: Path) -> None:
    case = knowledge_dir / "cases" / "fout.md"
    case.write_text("---\ntitle: Fout\nzichtbaarheid: 42\n---\nTekst over samenwerking.\n", encoding="utf-8")
    done = invoke_bot("index", data_dir=tmp_path / "cli-data", env={"KNOWLEDGE_DIR": str(knowledge_dir)})
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "fout.md: zichtbaarheid moet 'openbaar' of een lijst team-id's zijn" in output
    assert "Traceback" not in output


def test_the_scoped_view_hides_sources_from_searches_and_chunks(
    settings: Settings, knowledge_dir: Path
) -> None:
    (knowledge_dir / "sources.yaml").write_text(YAML, encoding="utf-8")
    kb = KnowledgeBase(settings)
    kb.index()
    public = kb.scoped(Scope())
    assert {p.chunk.source for p in public.search(QUESTION, 10)} == {"ssc.md"}
    assert {c.source for c in public.state().chunks} == {"ssc.md"}
    assert {c.source for c in kb.scoped(Scope.of_teams([TEAM_A])).state().chunks} == {
        "fusie.txt",
        "centrum.txt",
        "ssc.md",
    }


def test_cli_answers_as_an_organisation_sees_it(knowledge_dir: Path, tmp_path: Path) -> None:
    import json

    (knowledge_dir / "sources.yaml").write_text(YAML, encoding="utf-8")
    data, env = tmp_path / "cli-data", {"KNOWLEDGE_DIR": str(knowledge_dir)}
    assert invoke_bot("index", data_dir=data, env=env).returncode == 0
    done = invoke_bot(
        "ask", "Wat is een ambtelijke fusie?", "--team", TEAM_B, "--json", data_dir=data, env=env
    )
    body = json.loads(done.stdout)
    assert body["left_out"] is True and "fusie.txt" not in {c["source"] for c in body["citations"]}
    found = invoke_bot("search", QUESTION, "--team", "openbaar", "--json", data_dir=data, env=env)
    assert {r["source"] for r in json.loads(found.stdout)["results"]} == {"ssc.md"}
    plain = invoke_bot(
        "ask", "Wat is een ambtelijke fusie?", "--team", f"{TEAM_A},{TEAM_B}", data_dir=data, env=env
    )
    assert "Niet alle bronnen zijn gebruikt" in plain.stdout
    bad = invoke_bot("ask", "Wat is een ambtelijke fusie?", "--team", "gemeente-x", data_dir=data, env=env)
    assert bad.returncode == 2 and "'gemeente-x' is geen team-id" in bad.stderr + bad.stdout
    assert "Traceback" not in bad.stderr + bad.stdout
