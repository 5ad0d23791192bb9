"""Sentences chosen by meaning: the similarity of each candidate to the question, from the
bundled e5 model.

A sentence is scored by the e5 vectors of the chunk windows that hold it (bot/index/windows.py:
short, sentence-aligned texts that retrieval already embeds at index time). The question's
vector is computed once for retrieval; scoring the candidates then costs a dot product, not
another model call. Embedding each candidate sentence at question time instead cost about
0,3-1 s per question with the C engine on this machine (README, "Antwoorden"), far over the
60 ms budget for a warm `ask`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from bot.answer.units import Unit
from bot.models import Passage

PREFIX = 60  # characters of a unit that identify its window


def window_meaning(
    query_vector: Sequence[float],
    windows: dict[str, list[tuple[str, Sequence[float]]]],
    passages: Sequence[Passage],
):
    """A Meaning for the composer. `windows`: chunk id → [(window text, vector)]; a store
    that keeps no window texts gives each sentence its chunk's best window."""
    query = np.asarray(query_vector, dtype=np.float32)
    scored: dict[str, list[tuple[str, float]]] = {
        chunk_id: [
            (_norm(text or ""), float(np.dot(query, np.asarray(vec, dtype=np.float32)))) for text, vec in rows
        ]
        for chunk_id, rows in windows.items()
    }

    def meaning(units: Sequence[Unit]) -> list[float]:
        out = []
        for unit in units:
            rows = scored.get(passages[unit.rank].chunk.id, [])
            key = _norm(unit.text)[:PREFIX]
            sims = [sim for text, sim in rows if key in text]
            out.append(max(sims) if sims else max((sim for _, sim in rows), default=0.0))
        return out

    return meaning


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())
