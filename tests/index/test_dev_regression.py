"""Retrieval and answer quality on the dev set must not fall below a floor (the targets
are checked by `make bench`; this catches regressions)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

FLOOR_HIT = 0.90  # measured 0.930 on 02-12-2026 (README, Benchmark); 0.884 before; first: 0.651
FLOOR_RECALL = 0.75  # measured 0.777 on 02-12-2026; 0.748 before; 0.624 on 01-12; the first composer: 0.395
DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"


def norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def supports(question: dict, text: str) -> bool:
    return any(norm(e) and norm(e) in norm(text) for e in question["evidence"])


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    if not DEV.exists():
        pytest.skip(f"dev set not found at {DEV}")
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_retrieval_floor(knowledge_base, questions: list[dict]) -> None:
    answerable = [q for q in questions if q["doc"]]
    hits5 = 0
    reciprocal = 0.0
    for q in answerable:
        texts = [p.chunk.text for p in knowledge_base.search(q["question"], 10)]
        rank = next((i for i, t in enumerate(texts) if supports(q, t)), None)
        if rank is not None:
            hits5 += rank < 5
            reciprocal += 1 / (rank + 1)
    assert hits5 / len(answerable) >= 0.95  # the target; measured 0.953 on 03-12-2026 (README, Benchmark)
    assert reciprocal / len(answerable) >= 0.85  # the target; measured 0.861 (0.853, 0.841, 0.814 before)


@pytest.fixture(scope="module")
def answers(knowledge_base, questions: list[dict]) -> dict:
    """Each dev question asked once for both answer floors (the slow part of this module)."""
    return {q["question"]: knowledge_base.ask(q["question"]) for q in questions}


def test_answer_floor(answers: dict, questions: list[dict]) -> None:
    grounded = abstained = 0
    for q in questions:
        answer = answers[q["question"]]
        if q["doc"]:
            grounded += answer.found and any(supports(q, c.text) for c in answer.citations)
        else:
            abstained += not answer.found
    # 33/43 measured: answers quote only the passages that answer, no longer the top three
    # by default (README, Benchmark); answer-text below is the stricter measure.
    assert grounded / sum(1 for q in questions if q["doc"]) >= 0.72
    assert abstained == sum(1 for q in questions if not q["doc"])  # measured 5/5: refusal stays honest


CITE_MARK = re.compile(r"\[\d+(?:\s*[,;]\s*\d+)*\]")


def test_answer_text_floor(answers: dict, questions: list[dict]) -> None:
    """What the reader sees: does the answer text itself hold the evidence (the rule of
    score.py answer-text)? Short answers, and the unanswerable ones refused."""
    hits = recall = words = 0.0
    answerable = [q for q in questions if q["doc"]]
    for q in answerable:
        answer = answers[q["question"]]
        text = norm(CITE_MARK.sub(" ", answer.answer)) if answer.found else ""
        got = [norm(e) in text for e in q["evidence"] if norm(e)]
        hits += any(got)
        recall += sum(got) / max(len(got), 1)
        words += len(answer.answer.split())
    assert hits / len(answerable) >= FLOOR_HIT
    assert recall / len(answerable) >= FLOOR_RECALL
    assert words / len(answerable) <= 85  # measured 76 (README, Benchmark)
