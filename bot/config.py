"""The only place that reads the environment (env vars and `.env`)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_MODEL = "bundled:multilingual-e5-small-q4"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Paths
    bot_data_dir: Path = Field(default=Path("data"))
    knowledge_dir: Path = Field(default=PROJECT_ROOT / "knowledge")
    prompts_dir: Path = Field(default=PROJECT_ROOT / "prompts")

    # Embeddings and store
    embedding_model: str = BUNDLED_MODEL
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "samenwerkbot"

    # Limits per source file when indexing (a bigger file is skipped with a Dutch message)
    max_file_mb: float = Field(default=20.0, gt=0)
    max_document_chars: int = Field(default=2_000_000, gt=0)
    max_docx_unpacked_mb: float = Field(default=100.0, gt=0)

    # Retrieval and answers
    top_k: int = 10
    answer_min_coverage: float = 0.15  # calibrated on the dev set's unanswerable questions
    max_question_chars: int = 2000

    # Slack
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    # NoDecode: "C1,C2" from the environment reaches _split_csv as text instead of failing as JSON.
    allowed_channels: Annotated[list[str], NoDecode] = Field(default_factory=list)
    admin_users: Annotated[list[str], NoDecode] = Field(default_factory=list)
    slack_workers: int = Field(default=16, ge=1)  # threads for slow work (answers, SWOTs, saves)
    # A question whose process stopped beating this long is taken over by another (or the
    # restarted) process and finished.
    slack_question_stale_seconds: float = Field(default=30.0, gt=0)
    # Editors' "Bewaar als casuskennis" is indexed at once; anyone else's waits for review.
    knowledge_editors: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_case_chars: int = 50_000
    # Key for the hashed user ids of 👍/👎 votes; empty: a 0600 file in BOT_DATA_DIR.
    feedback_salt: str | None = None

    # LLM (optional; none configured -> extractive mode)
    llm_provider: str = "openai"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    ollama_base_url: str = "http://localhost:11434"

    # Reminders
    database_url: str | None = None
    index_database_url: str | None = None  # PostgreSQL for the catalogue and keyword index
    timezone: str = "Europe/Amsterdam"
    reminder_grace_seconds: int = 3600

    log_level: str = "INFO"

    @field_validator("allowed_channels", "admin_users", "knowledge_editors", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.bot_data_dir / "chroma"

    @property
    def cases_data_dir(self) -> Path:
        """Case knowledge saved from Slack lands here (the repo's knowledge/ stays read-only)."""
        return self.bot_data_dir / "cases"

    @property
    def sqlite_path(self) -> Path:
        return self.bot_data_dir / "samenwerkbot.sqlite3"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path.resolve()}"

    @property
    def llm_enabled(self) -> bool:
        if self.llm_provider == "ollama":
            return bool(self.llm_model)
        return bool(self.llm_base_url and self.llm_model)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    # BOT_ENV_FILE="" turns the .env file off (tests must not pick up a developer's tokens).
    env_file = os.environ.get("BOT_ENV_FILE", ".env") or None
    return Settings(_env_file=env_file)


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
