from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from bot.answer.llm import MAX_RETRIES, build_chat_model

from .conftest import llm_settings


def test_no_llm_settings_means_no_model() -> None:
    assert build_chat_model(llm_settings(llm_base_url=None)) is None
    assert build_chat_model(llm_settings(llm_base_url="http://x/v1", llm_model=None)) is None


def test_openai_compatible_endpoint() -> None:
    model = build_chat_model(llm_settings(llm_base_url="http://llm.local/v1", llm_timeout=7))
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://llm.local/v1"
    assert model.model_name == "test-model"
    assert model.request_timeout == 7
    assert model.max_retries == MAX_RETRIES


def test_endpoint_without_key_still_builds() -> None:
    # Self-hosted servers need no key, but the OpenAI client refuses to start without one.
    model = build_chat_model(llm_settings(llm_base_url="http://vllm:8000/v1", llm_api_key=None))
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://vllm:8000/v1"
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == "geen-sleutel"


def test_ollama_provider_uses_ollama_base_url() -> None:
    settings = llm_settings(llm_provider="ollama", ollama_base_url="http://ollama:11434")
    model = build_chat_model(settings)
    assert isinstance(model, ChatOllama)
    assert model.base_url == "http://ollama:11434"
    assert model.model == "test-model"
    assert model.client_kwargs == {"timeout": 1.0}
