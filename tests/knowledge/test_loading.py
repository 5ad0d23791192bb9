"""Components the knowledge base loads on first use, when the first questions come together."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.answer import llm
from bot.config import Settings
from bot.knowledge.service import KnowledgeBase


def test_a_second_question_waits_for_the_chat_model_the_first_is_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found when two simultaneous first questions in LLM mode got one streamed answer and
    one extractive: the second saw "loaded" while the first was still building the model."""
    building, built = threading.Event(), object()

    def slow_build(_settings: Settings) -> object:
        building.set()
        release.wait(60)
        return built

    release = threading.Event()
    monkeypatch.setattr(llm, "build_chat_model", slow_build)
    kb = KnowledgeBase(
        Settings(_env_file=None, bot_data_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    )
    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(kb.chat_model))
    first.start()
    assert building.wait(60)
    # Lets the build finish while the second question is (with the fix) waiting for it.
    timer = threading.Timer(0.5, release.set)
    timer.start()
    second = kb.chat_model
    first.join(60)
    timer.cancel()
    assert second is built and got == [built]
