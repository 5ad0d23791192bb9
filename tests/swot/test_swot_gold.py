"""A floor on the SWOT-from-passages quality, measured against the hand-made gold set
(tests/swot/gold/swot_gold.jsonl, eight topics without a SWOT table) on the real index.
The same figures are printed by `make bench`."""

from __future__ import annotations

from bot.models import QUADRANTS, Citation, Swot, SwotItem
from bot.swot.gold import load_gold, score_swot, score_topics
from bot.swot.service import build_swot

RECALL_FLOOR = 0.66
PRECISION_FLOOR = 0.88
MISFILED_CEILING = 0.05


def test_gold_set_floor(knowledge_base) -> None:
    scores = score_topics(lambda topic: build_swot(topic, knowledge_base), load_gold())
    total = scores["totaal"]
    assert total.recall >= RECALL_FLOOR, {t: round(s.recall, 2) for t, s in scores.items()}
    assert total.precision >= PRECISION_FLOOR, {t: round(s.precision, 2) for t, s in scores.items()}
    assert total.misfiled_share <= MISFILED_CEILING


def test_scorer_counts_cut_items_as_missing_and_wrong_quadrants_as_misfiled() -> None:
    gold = {q: [] for q in QUADRANTS}
    gold["sterktes"] = ["heteerstevoordeel", "hettweedevoordeel"]
    gold["bedreigingen"] = ["eenrisicodathetgroeit"]

    def item(text: str) -> SwotItem:
        return SwotItem(text, [Citation(1, "a.txt", "A", "S", None, text, text)])

    swot = Swot(
        "t",
        "passages",
        sterktes=[item("Het eerste voordeel."), item("Het twee…")],
        zwaktes=[item("Er is een risico dat het groeit.")],
    )
    score = score_swot(swot, gold)
    assert (score.found, score.wanted) == (1, 3)
    assert (score.shown, score.right, score.matched, score.misfiled) == (3, 1, 2, 1)
