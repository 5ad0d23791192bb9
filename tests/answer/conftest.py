"""Fixtures for the LLM tests: a fake endpoint on loopback, settings that point at it, passages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel

from bot.answer.llm import build_chat_model
from bot.config import PROJECT_ROOT, Settings
from bot.models import Chunk, Passage

from .fake_openai import FakeOpenAI

PROMPTS_DIR = PROJECT_ROOT / "prompts"
API_KEY = "sk-test-niet-loggen"

PASSAGE_TEXTS = [
    (
        "Gemeenschappelijke regeling",
        "Een gemeenschappelijke regeling is een publiekrechtelijke samenwerking op grond van "
        "de Wgr. De deelnemende gemeenten dragen bevoegdheden over aan het openbaar lichaam. "
        "Het algemeen bestuur bestaat uit vertegenwoordigers van de raden.",
    ),
    (
        "Ambtelijke fusie",
        "Bij een ambtelijke fusie voegen gemeenten hun ambtelijke organisaties samen. "
        "De gemeenten blijven bestuurlijk zelfstandig. Een nadeel is dat de afstand tussen "
        "bestuur en organisatie groter wordt.",
    ),
    (
        "Centrumgemeente",
        "In het centrumgemeentemodel voert één gemeente taken uit voor de andere gemeenten. "
        "De andere gemeenten sluiten daarvoor een dienstverleningsovereenkomst.",
    ),
]


def make_passages(texts: list[tuple[str, str]] | None = None) -> list[Passage]:
    """Passages as retrieval would return them (no index needed)."""
    return [
        Passage(
            chunk=Chunk(
                id=f"c{i}",
                source=f"00{i}_bron.txt",
                title=f"Handreiking samenwerking deel {i}",
                section=section,
                page=i + 10,
                text=text,
            ),
            score=1.0 / i,
        )
        for i, (section, text) in enumerate(texts or PASSAGE_TEXTS, start=1)
    ]


def llm_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "llm_provider": "openai",
        "llm_model": "test-model",
        "llm_api_key": API_KEY,
        "llm_timeout": 1.0,  # the timeout test must stay fast
        "prompts_dir": PROMPTS_DIR,
    }
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def chat_model(fake_llm: FakeOpenAI) -> BaseChatModel:
    model = build_chat_model(llm_settings(llm_base_url=fake_llm.base_url))
    assert model is not None
    return model


@pytest.fixture
def passages() -> list[Passage]:
    return make_passages()
