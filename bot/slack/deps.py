"""What the listeners share: settings, the knowledge base, stores and services.

Built once by `build_app`; listeners get it as an argument of `register`, never globals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from bot.case_review import CaseReview
from bot.config import Settings
from bot.datadir import adopt_salt, feedback_salt
from bot.slack.answering import Answerer
from bot.slack.answers import AnswerStore, FeedbackStore, drop_legacy_salt, legacy_salt
from bot.slack.db import connect
from bot.slack.dedupe import SeenStore
from bot.slack.swot_flow import SwotMaker

log = logging.getLogger(__name__)


@dataclass
class Deps:
    settings: Settings
    kb: Any  # bot.knowledge.KnowledgeBase (Any: tests may pass a stand-in without the index)
    seen: SeenStore
    answers: AnswerStore
    feedback: FeedbackStore
    answerer: Answerer
    swot: SwotMaker
    cases: CaseReview
    reminders: Any | None = None  # jobs.reminders.ReminderService, when reminders are on

    @classmethod
    def create(
        cls, settings: Settings, kb: Any, *, reminders: Any | None = None, stream_interval: float = 1.0
    ) -> Deps:
        engine = connect(settings.db_url)
        answers = AnswerStore(engine)
        return cls(
            settings=settings,
            kb=kb,
            seen=SeenStore(engine),
            answers=answers,
            feedback=FeedbackStore(engine, salt=_salt_loader(settings, engine)),
            answerer=Answerer(kb, answers, stream_interval=stream_interval),
            swot=SwotMaker(kb),
            cases=CaseReview(settings, kb),
            reminders=reminders,
        )

    def channel_allowed(self, channel: str | None) -> bool:
        """DMs always; channels only when listed in ALLOWED_CHANNELS (if that is set)."""
        allowed = self.settings.allowed_channels
        if not allowed or not channel or channel.startswith("D"):
            return True
        return channel in allowed

    def is_admin(self, user: str | None) -> bool:
        return bool(user) and user in self.settings.admin_users

    def is_editor(self, user: str | None) -> bool:
        """Knowledge editors and admins: their saved cases are indexed without review."""
        return self.cases.is_editor(user)


def _salt_loader(settings: Settings, engine: Engine) -> Callable[[], bytes]:
    """The feedback salt, read on the first vote; one left in the database by an older
    version moves to the salt file first, so earlier votes keep their hashes."""

    def load() -> bytes:
        if engine.dialect.name != "sqlite" and not settings.feedback_salt:
            log.warning(
                "FEEDBACK_SALT is niet gezet: met een gedeelde database maakt elke instantie een "
                "eigen sleutel in haar datamap. Zet op alle instanties dezelfde FEEDBACK_SALT."
            )
        old = legacy_salt(engine)
        if old and not settings.feedback_salt:
            adopt_salt(settings.bot_data_dir, old)
        if old:
            drop_legacy_salt(engine)
        return feedback_salt(settings.feedback_salt, settings.bot_data_dir)

    return load
