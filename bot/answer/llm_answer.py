"""Answers and SWOTs written by a chat model, cited from the passages and checked afterwards.

Every function here returns None when the model's output cannot be used; the caller then gives
the extractive answer. The user never sees an LLM error, only (at worst) the extractive mode.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from bot.answer.citation_check import check_citations, numbering, renumber, strip_markers
from bot.answer.prompts import ANSWER, FOLLOWUP, SWOT, load_prompt
from bot.answer.quotes import best_quote
from bot.models import QUADRANTS, Answer, Citation, Passage, SwotItem

logger = logging.getLogger(__name__)

# The prompts ask for exactly this sentence when the passages do not answer the question
# (the extractive composer's own not-found text is extractive.NOT_FOUND).
REFUSAL = "De documenten geven hierop geen antwoord."
PARTIAL_EVERY = 40  # characters between streamed updates; Slack rate-limits chat.update
HISTORY_MESSAGES = 6  # earlier messages sent along with a follow-up question

_PASSAGE_TAG = re.compile(r"<(\s*/?\s*passages?\b)", re.IGNORECASE)


def format_passages(passages: Sequence[Passage]) -> str:
    """Number the passages and wrap each one in delimiters the prompt declares to be data."""
    blocks = []
    for n, passage in enumerate(passages, start=1):
        chunk = passage.chunk
        attrs = f'n="{n}" titel="{_attr(chunk.title)}" sectie="{_attr(chunk.section)}"'
        if chunk.page is not None:
            attrs += f' pagina="{chunk.page}"'
        # A passage must not be able to close its own delimiter and speak outside it.
        text = _PASSAGE_TAG.sub(r"&lt;\1", chunk.text.strip())
        blocks.append(f"<passage {attrs}>\n{text}\n</passage>")
    return "\n\n".join(blocks)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _fallback(reason: str) -> None:
    # One line per fallback, naming only the cause: no passage text, no key, no URL.
    logger.warning("LLM output not used (%s); falling back to extractive mode", reason)


def _history_messages(history: Sequence[tuple[str, str]] | None) -> list[BaseMessage]:
    """(role, text) pairs, role "human"/"user" or "ai"/"assistant", as chat messages."""
    messages: list[BaseMessage] = []
    for role, text in (history or [])[-HISTORY_MESSAGES:]:
        if role in ("human", "user"):
            messages.append(HumanMessage(text))
        elif role in ("ai", "assistant"):
            # Old markers point at other passages; left in, the model tends to copy them.
            messages.append(AIMessage(strip_markers(text)))
        else:
            raise ValueError(f"unknown history role {role!r}: use 'human' or 'ai'")
    return messages


class _Partial:
    """Throttled streaming callback; a failing callback stops updates, not the answer."""

    def __init__(self, callback: Callable[[str], None]) -> None:
        self._callback: Callable[[str], None] | None = callback
        self._shown = 0

    def __call__(self, text: str) -> None:
        if self._callback is None or len(text) - self._shown < PARTIAL_EVERY:
            return
        self._shown = len(text)
        try:
            self._callback(text)
        except Exception:  # the edge's problem (e.g. Slack down); the answer still matters
            logger.warning("streaming callback failed; no further partial updates", exc_info=True)
            self._callback = None


def _call_model(
    chat_model: BaseChatModel,
    messages: list[BaseMessage],
    on_partial: Callable[[str], None] | None = None,
) -> str | None:
    """The model's reply text, or None (logged) when the endpoint fails in any way."""
    try:
        if on_partial is None:
            return chat_model.invoke(messages).text
        partial, text = _Partial(on_partial), ""
        for chunk in chat_model.stream(messages):
            text += chunk.text
            partial(text)
        return text
    # Broad on purpose: openai, httpx, ollama and LangChain each raise their own types for
    # timeouts, HTTP errors and malformed replies, and every one of them means "fall back".
    except Exception as exc:
        status = getattr(exc, "status_code", None)
        _fallback(type(exc).__name__ + (f" HTTP {status}" if status else ""))
        return None


def _citation(n: int, passage: Passage, claims: Sequence[str]) -> Citation:
    chunk = passage.chunk
    return Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        page=chunk.page,
        quote=best_quote(chunk.text, claims),
        text=chunk.text,
    )


def _says_not_found(raw: str, any_valid_citation: bool) -> bool:
    """The fixed phrase alone (a marker on it changes nothing), or the phrase and no sources."""
    said = " ".join(strip_markers(raw).lower().split())
    phrase = REFUSAL.lower()
    return said == phrase or (phrase.rstrip(".") in said and not any_valid_citation)


def generate_answer(
    question: str,
    passages: list[Passage],
    *,
    chat_model: BaseChatModel | None,
    prompts_dir: Path,
    history: list[tuple[str, str]] | None = None,
    on_partial: Callable[[str], None] | None = None,
) -> Answer | None:
    """An LLM answer citing `passages` as [n], or None: use the extractive answer instead.

    `history` holds earlier (role, text) turns of a thread and selects the follow-up prompt.
    `on_partial` receives the raw text so far while the model streams (unchecked: show it as
    provisional and replace it with the returned answer).
    """
    if chat_model is None or not passages:
        logger.debug("no chat model or no passages: extractive mode")
        return None
    prompt = load_prompt(prompts_dir, FOLLOWUP if history else ANSWER)
    messages = prompt.format_messages(
        vraag=question, passages=format_passages(passages), history=_history_messages(history)
    )
    raw = _call_model(chat_model, messages, on_partial)
    if raw is None:
        return None
    return _checked_answer(question, raw, passages)


def _checked_answer(question: str, raw: str, passages: list[Passage]) -> Answer | None:
    if not raw.strip():
        _fallback("empty reply")
        return None
    checked = check_citations(raw, len(passages))
    if _says_not_found(raw, bool(checked.cited)):
        return Answer(question=question, found=False, answer=REFUSAL, mode="llm")
    if not checked.cited:
        _fallback("no valid citation in reply")
        return None
    logger.info(
        "LLM answer: %d passages cited, %d uncited sentences dropped, %d invalid markers removed",
        len(checked.cited),
        checked.dropped,
        checked.invalid_markers,
    )
    mapping = numbering(checked.cited)
    citations = [_citation(new, passages[old - 1], checked.claims[old]) for old, new in mapping.items()]
    return Answer(
        question=question,
        found=True,
        answer=renumber(checked.text, mapping),
        mode="llm",
        citations=citations,
    )


def generate_swot(
    topic: str,
    passages: list[Passage],
    *,
    chat_model: BaseChatModel | None,
    prompts_dir: Path,
) -> dict[str, list[SwotItem]] | None:
    """SWOT quadrants from `passages`, every item cited and checked, or None (fall back).

    Like the extractive SWOT, an item's text carries no markers: its `citations` do, numbered
    1..m across the whole SWOT in quadrant order, so one source list serves all quadrants.
    """
    if chat_model is None or not passages:
        logger.debug("no chat model or no passages: extractive SWOT")
        return None
    messages = load_prompt(prompts_dir, SWOT).format_messages(
        onderwerp=topic, passages=format_passages(passages)
    )
    raw = _call_model(chat_model, messages)
    if raw is None:
        return None
    items = parse_swot_json(raw)
    if items is None:
        _fallback("SWOT reply is not the expected JSON")
        return None
    return _checked_swot(items, passages)


def _checked_swot(items: dict[str, list[str]], passages: list[Passage]) -> dict[str, list[SwotItem]] | None:
    checked = {
        q: [c for c in (check_citations(t, len(passages)) for t in items[q]) if c.cited] for q in QUADRANTS
    }
    mapping = numbering(n for q in QUADRANTS for c in checked[q] for n in c.cited)
    if not mapping:
        _fallback("no SWOT item with a valid citation")
        return None
    return {
        q: [
            SwotItem(
                text=strip_markers(c.text),
                citations=[_citation(mapping[n], passages[n - 1], c.claims[n]) for n in c.cited],
            )
            for c in checked[q]
        ]
        for q in QUADRANTS
    }


def parse_swot_json(raw: str) -> dict[str, list[str]] | None:
    """The four quadrants as lists of item texts, or None when the reply is not that JSON.

    Lenient about what models add around JSON (code fences, a sentence before it) and about
    key case; strict about shape.
    """
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    data = {str(k).strip().lower(): v for k, v in data.items()}
    if not any(q in data for q in QUADRANTS):
        return None
    out: dict[str, list[str]] = {}
    for q in QUADRANTS:
        value = data.get(q, [])
        if not isinstance(value, list):
            return None
        out[q] = [_item_text(v) for v in value if _item_text(v)]
    return out


def _item_text(value: object) -> str:
    if isinstance(value, dict):  # {"tekst": "..."} instead of a plain string
        value = value.get("tekst") or value.get("text") or ""
    return value.strip() if isinstance(value, str) else ""
