"""The phrase table as parametrised tests: every phrase of the benchmark set gives exactly its
dates (or its Dutch refusal), and every form in the table is reachable."""

from __future__ import annotations

import json

import pytest

from jobs.phrase_bench import DEFAULT_SET, check
from jobs.phrases_nl import SCHEDULE_FORMS, TIME_FORMS
from jobs.schedule_forms import BUILDERS

CASES = [json.loads(line) for line in DEFAULT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_large_and_covers_every_group() -> None:
    groups = {case["group"] for case in CASES}
    assert len(CASES) >= 60
    assert {"tijdwoorden", "einddatum", "vooraf", "feestdagen", "zomertijd", "fout"} <= groups


@pytest.mark.parametrize("case", CASES, ids=[c["phrase"] or "<leeg>" for c in CASES])
def test_phrase_gives_exactly_its_dates(case: dict) -> None:
    assert check(case) is None


def test_every_form_has_a_builder_and_time_forms_are_named() -> None:
    assert {name for _, name in SCHEDULE_FORMS} <= set(BUILDERS)
    assert all(template.strip() and name for template, name in TIME_FORMS)


def test_a_wrong_expectation_is_reported() -> None:
    case = {"phrase": "morgen", "start": "2026-11-23T09:00", "occurrences": ["2026-11-25T09:00:00+01:00"]}
    assert "≠" in (check(case) or "")
    refused = {"phrase": "morgen", "start": "2026-11-23T09:00", "error": "bestaat niet"}
    assert "niet geweigerd" in (check(refused) or "")
