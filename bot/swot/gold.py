"""SWOT from passages measured against a hand-made gold set (tests/swot/gold/swot_gold.jsonl).

Gold: one line per item, {"topic", "quadrant", "source", "span"}, the span copied from the
document. An item shown by the bot matches a gold item when the gold span occurs in the
item's text after both are normalised the way ../shared/eval/score.py does (NFKC, lower
case, every non-alphanumeric removed): a cut-off item does not match.

  recall     gold items found in their quadrant, counting at most 8 per quadrant, over
             min(8, gold items) per quadrant
  precision  shown items that match a gold item of their own quadrant
  misfiled   share of the shown items that match gold which match it only in another quadrant
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.models import QUADRANTS, Swot

GOLD_PATH = PROJECT_ROOT / "tests" / "swot" / "gold" / "swot_gold.jsonl"
CAP = 8


def norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def load_gold(path: Path = GOLD_PATH) -> dict[str, dict[str, list[str]]]:
    """topic -> quadrant -> normalised spans."""
    gold: dict[str, dict[str, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            topic = gold.setdefault(row["topic"], {q: [] for q in QUADRANTS})
            topic[row["quadrant"]].append(norm(row["span"]))
    return gold


@dataclass
class Score:
    found: int = 0  # gold items found in their quadrant (capped per quadrant)
    wanted: int = 0  # min(8, gold items) summed over quadrants
    shown: int = 0
    right: int = 0  # shown items matching gold of their own quadrant
    matched: int = 0  # shown items matching any gold item of the topic
    misfiled: int = 0
    per_quadrant: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        for name in ("found", "wanted", "shown", "right", "matched", "misfiled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.wanted if self.wanted else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def misfiled_share(self) -> float:
        return self.misfiled / self.matched if self.matched else 0.0


def score_swot(swot: Swot, gold: dict[str, list[str]]) -> Score:
    """How one SWOT compares with the gold items of its topic."""
    score = Score()
    for q in QUADRANTS:
        texts = [norm(item.text) for item in swot.quadrant(q)]
        hits = sum(1 for span in gold[q] if any(span in t for t in texts))
        score.found += min(hits, CAP)
        score.wanted += min(len(gold[q]), CAP)
        score.per_quadrant[q] = (min(hits, CAP), min(len(gold[q]), CAP))
        for text in texts:
            own = any(span in text for span in gold[q])
            other = any(span in text for o in QUADRANTS if o != q for span in gold[o])
            score.shown += 1
            score.right += own
            score.matched += own or other
            score.misfiled += other and not own
    return score


def score_topics(build: Callable[[str], Swot], gold: dict[str, dict[str, list[str]]]) -> dict[str, Score]:
    """Scores per topic, plus "totaal"; a topic the bot cannot make scores zero."""
    scores: dict[str, Score] = {}
    total = Score()
    for topic, quadrants in gold.items():
        try:
            swot = build(topic)
        except Exception:  # an unknown or empty topic finds nothing
            swot = Swot(topic=topic, basis="passages")
        scores[topic] = score_swot(swot, quadrants)
        total.add(scores[topic])
    scores["totaal"] = total
    return scores


def report_lines(scores: dict[str, Score]) -> Iterable[str]:
    yield f"  {'onderwerp':32} {'recall':>7} {'precisie':>9} {'verkeerd':>9} {'punten':>7}"
    for topic, s in scores.items():
        yield (f"  {topic:32} {s.recall:7.2f} {s.precision:9.2f} {s.misfiled_share:9.0%} {s.shown:7d}")


def print_swot_bench(kb: object, gold_path: Path = GOLD_PATH) -> None:
    """The SWOT section of `make bench`."""
    from bot.swot.service import build_swot

    if not gold_path.exists():
        print(f"SWOT-goudset niet gevonden ({gold_path}); SWOT-meting overgeslagen.")
        return
    scores = score_topics(lambda topic: build_swot(topic, kb), load_gold(gold_path))
    print(f"SWOT uit passages tegen de goudset ({gold_path.name}; recall telt ≤ {CAP} per kwadrant):")
    for line in report_lines(scores):
        print(line)
    print("Doelen: recall ≥ 0.60, precisie ≥ 0.80, verkeerd kwadrant ≤ 5%")
