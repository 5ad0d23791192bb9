"""`make bench`: build time, latencies, memory and dev-set quality, with the targets."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.cli.formatting import passage_json
from bot.config import Settings
from bot.knowledge.service import KnowledgeBase

TARGETS = {
    "build_s": 60.0,
    "cold_ask_s": 8.0,
    "warm_ask_p50_ms": 60.0,  # issue 11: sentence scoring must not make it slow
    "R@5": 0.95,
    "MRR@10": 0.85,
    "grounded": 0.85,
    "abstained": 4,
    "answer_hit": 0.90,
    "evidence_recall": 0.75,
    "list_recall": 0.70,
    "mean_words": 80,
}


def run_bench(questions_path: Path, scorer: Path) -> int:
    if not questions_path.exists() or not scorer.exists():
        print(
            f"Vragenset of scorer niet gevonden ({questions_path}, {scorer}). "
            "Geef ze op met --questions en --scorer.",
            file=sys.stderr,
        )
        return 2
    lines = questions_path.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        data_dir = Path(tmp) / "data"
        kb = KnowledgeBase(Settings(_env_file=None, bot_data_dir=data_dir))
        started = time.perf_counter()
        report = kb.index(rebuild=True)
        build_s = time.perf_counter() - started
        print(
            f"Volledige index: {build_s:.1f} s, {report.chunks} stukken uit {report.documents} documenten "
            f"(doel ≤ {TARGETS['build_s']:.0f} s)"
        )
        cold = _cold_ask(data_dir)
        print(f"Koude start `ask`: {cold:.2f} s (doel ≤ {TARGETS['cold_ask_s']:.0f} s)")
        _warm_latencies(kb, questions)
        retrieval, answers = _dev_results(kb, questions, Path(tmp))
        print(f"Piekgeheugen (RSS) van dit proces: {_peak_rss_mb():.0f} MB")
        print("Dev-set retrieval (score.py retrieval):")
        print("  " + _score(scorer, "retrieval", questions_path, retrieval))
        print("Dev-set antwoorden (score.py answers):")
        print("  " + _score(scorer, "answers", questions_path, answers))
        print("Dev-set antwoordtekst per vraagtype (score.py answer-text):")
        print("  " + _score(scorer, "answer-text", questions_path, answers))
        print(
            f"Doelen: R@5 ≥ {TARGETS['R@5']}, MRR@10 ≥ {TARGETS['MRR@10']}, "
            f"grounded ≥ {TARGETS['grounded']:.0%}, abstained ≥ {TARGETS['abstained']} van 5; "
            f"antwoordtekst: answer-hit ≥ {TARGETS['answer_hit']}, evidence-recall ≥ "
            f"{TARGETS['evidence_recall']}, lijsten recall ≥ {TARGETS['list_recall']}, "
            f"≤ {TARGETS['mean_words']} woorden per antwoord"
        )
        from bot.swot.gold import print_swot_bench

        print_swot_bench(kb)
    return 0


def _cold_ask(data_dir: Path) -> float:
    env = {**os.environ, "BOT_DATA_DIR": str(data_dir), "BOT_ENV_FILE": ""}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "Wat is een ambtelijke fusie?", "--json"],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _warm_latencies(kb: KnowledgeBase, questions: list[dict]) -> None:
    kb.ask("Wat is een centrumgemeente?")  # load models and index first
    for label, call in (("search", lambda q: kb.search(q, 10)), ("ask", kb.ask)):
        times = []
        for q in questions:
            started = time.perf_counter()
            call(q["question"])
            times.append((time.perf_counter() - started) * 1000)
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        target = f" (doel p50 ≤ {TARGETS['warm_ask_p50_ms']:.0f} ms)" if label == "ask" else ""
        print(f"Warm `{label}`: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(times)} vragen{target}")


def _dev_results(kb: KnowledgeBase, questions: list[dict], folder: Path) -> tuple[Path, Path]:
    retrieval, answers = folder / "retrieval.jsonl", folder / "answers.jsonl"
    with retrieval.open("w", encoding="utf-8") as r_out, answers.open("w", encoding="utf-8") as a_out:
        for q in questions:
            passages = kb.search(q["question"], 10)
            results = [passage_json(i, p) for i, p in enumerate(passages, 1)]
            r_out.write(json.dumps({"id": q["id"], "results": results}, ensure_ascii=False) + "\n")
            answer = kb.ask(q["question"]).to_dict()
            a_out.write(json.dumps({"id": q["id"], **answer}, ensure_ascii=False) + "\n")
    return retrieval, answers


def _score(scorer: Path, mode: str, questions: Path, results: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(scorer), mode, str(questions), str(results)],
        capture_output=True,
        text=True,
        check=False,
    )
    return (done.stdout or done.stderr).strip().replace("\n", "\n  ")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
