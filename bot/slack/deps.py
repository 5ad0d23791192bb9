"""What the listeners share: settings, the knowledge base, stores and services.

Built once by `build_app`; listeners get it as an argument of `register`, never globals.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bot.config import Settings
from bot.slack.answering import Answerer
from bot.slack.answers import AnswerStore, FeedbackStore
from bot.slack.db import connect
from bot.slack.dedupe import SeenStore
from bot.slack.ledger import QuestionLedger
from bot.slack.questions import QuestionRunner
from bot.slack.swot_flow import SwotMaker


@dataclass
class Deps:
    settings: Settings
    kb: Any  # bot.knowledge.KnowledgeBase (Any: tests may pass a stand-in without the index)
    seen: SeenStore
    answers: AnswerStore
    feedback: FeedbackStore
    answerer: Answerer
    swot: SwotMaker
    ledger: QuestionLedger
    # Slow work (answers, SWOTs, case saves) runs here, never on the threads that ack requests.
    work_pool: ThreadPoolExecutor
    reminders: Any | None = None  # jobs.reminders.ReminderService, when reminders are on
    questions: QuestionRunner = field(init=False)

    def __post_init__(self) -> None:
        from bot.slack.routing import handle_question

        self.questions = QuestionRunner(
            self.ledger, lambda client, ticket: handle_question(self, client, ticket), self.work_pool
        )

    @classmethod
    def create(
        cls,
        settings: Settings,
        kb: Any,
        *,
        reminders: Any | None = None,
        stream_interval: float = 1.0,
    ) -> Deps:
        engine = connect(settings.db_url)
        answers = AnswerStore(engine)
        seen = SeenStore(engine)
        return cls(
            settings=settings,
            kb=kb,
            seen=seen,
            answers=answers,
            feedback=FeedbackStore(engine),
            answerer=Answerer(kb, answers, stream_interval=stream_interval),
            swot=SwotMaker(kb),
            ledger=QuestionLedger(engine, seen, stale_after=settings.slack_question_stale_seconds),
            work_pool=ThreadPoolExecutor(settings.slack_workers, thread_name_prefix="slack-work"),
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
