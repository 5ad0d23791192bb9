"""The one module that imports an LLM client library (LangChain's OpenAI and Ollama models).

Everything else sees a LangChain `BaseChatModel`, so services and tests stay provider-neutral.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from bot.config import Settings

# One quick retry rides out a blip (a 502 from a proxy, a dropped connection); more would
# keep the user waiting while the extractive answer is ready anyway.
MAX_RETRIES = 1
# Any key will do for self-hosted servers without authentication (vLLM, Ollama's /v1), but
# the OpenAI client refuses to start without one.
_NO_KEY = "geen-sleutel"


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no LLM is set up (extractive mode)."""
    if not settings.llm_enabled:
        return None
    if settings.llm_provider == "ollama":
        return _ollama(settings)
    return _openai_compatible(settings)


# The client libraries are imported on first use: extractive-only installs never pay for them.
def _openai_compatible(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or _NO_KEY,
        timeout=settings.llm_timeout,
        max_retries=MAX_RETRIES,
        stream_chunk_timeout=settings.llm_timeout,  # async streams; sync ones use `timeout`
        temperature=0,  # answers should follow the passages, not vary between runs
    )


def _ollama(settings: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=settings.llm_model,
        base_url=settings.ollama_base_url,
        temperature=0,
        # Passed to the ollama client's httpx.Client: bounds connect and each read.
        client_kwargs={"timeout": settings.llm_timeout},
    )
