"""What the listeners share: settings, the knowledge base, stores and services.

Built once by `build_app`. Listeners are module-level functions with a `deps` parameter;
`register` binds it with `bind` (bolt injects the other arguments by name), so a listener
is a plain function in tests and runs in-process under `app.dispatch(BoltRequest(...))`.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.datadir import adopt_salt, feedback_salt
from bot.knowledge.cases import CaseReview
from bot.slack.channel_scope import ChannelScopes
from bot.slack.flows.questions import Answerer
from bot.slack.flows.swot import SwotMaker
from bot.slack.ledger import QuestionLedger
from bot.slack.questions import QuestionRunner
from bot.slack.storage.answers import AnswerStore, FeedbackStore, drop_legacy_salt, legacy_salt
from bot.slack.storage.dedupe import SeenStore
from bot.slack.storage.tables import connect

if TYPE_CHECKING:
    from bot.knowledge.service import KnowledgeBase
    from jobs.reminders import ReminderService

log = logging.getLogger(__name__)


@dataclass
class Deps:
    settings: Settings
    kb: KnowledgeBase
    seen: SeenStore
    answers: AnswerStore
    feedback: FeedbackStore
    answerer: Answerer
    swot: SwotMaker
    ledger: QuestionLedger
    # Slow work (answers, SWOTs, case saves) runs here, never on the threads that ack requests.
    work_pool: ThreadPoolExecutor
    cases: CaseReview
    reminders: ReminderService | None = None  # when reminders are on
    reindexing: threading.Lock = field(
        default_factory=threading.Lock
    )  # one /samenwerking herindexeer at a time
    questions: QuestionRunner = field(init=False)

    def __post_init__(self) -> None:
        from bot.slack.flows.routing import handle_question

        self.questions = QuestionRunner(
            self.ledger, lambda client, ticket: handle_question(self, client, ticket), self.work_pool
        )

    @classmethod
    def create(
        cls,
        settings: Settings,
        kb: KnowledgeBase,
        *,
        reminders: ReminderService | None = None,
        stream_interval: float = 1.0,
    ) -> Deps:
        engine = connect(settings.db_url)
        answers = AnswerStore(engine)
        scopes = ChannelScopes()
        seen = SeenStore(engine)
        return cls(
            settings=settings,
            kb=kb,
            seen=seen,
            answers=answers,
            feedback=FeedbackStore(engine, salt=_salt_loader(settings, engine)),
            answerer=Answerer(kb, answers, stream_interval=stream_interval, scopes=scopes),
            swot=SwotMaker(kb),
            ledger=QuestionLedger(engine, seen, stale_after=settings.slack_question_stale_seconds),
            work_pool=ThreadPoolExecutor(settings.slack_workers, thread_name_prefix="slack-work"),
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


def bind(listener: Callable[..., Any], deps: Deps) -> Callable[..., Any]:
    """`listener` with `deps` bound by keyword. Bolt reads the positional parameter names to
    inject ack, body, client…; a keyword-bound `deps` is not among them, so bolt leaves it
    alone (no deep copy for lazy listeners, which a value in bolt's context would get)."""
    bound = functools.partial(listener, deps=deps)
    bound.__name__ = listener.__name__  # type: ignore[attr-defined]  # bolt names lazy listeners by it
    return bound


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
