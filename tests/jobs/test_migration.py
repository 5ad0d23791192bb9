"""A database made before `team_id` existed is brought up to date in place: the columns are
added, every row stays (real SQLite and real PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table, insert, inspect, select

from bot.db import add_missing_columns, create_db_engine
from bot.slack.storage import tables as slack_tables
from bot.slack.storage.answers import AnswerStore, FeedbackStore
from bot.slack.storage.records import AnswerRecord, SourceRef
from jobs.reminders import ReminderService
from jobs.rows import to_view
from jobs.schedule_nl import parse_schedule
from jobs.store import Base, ReminderRow, Store

NEW_COLUMNS = {"team_id", "user_team", "left_out"}
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _old_schema(metadata: MetaData) -> MetaData:
    """The same tables as an older version created them: without the new columns."""
    old = MetaData()
    for table in metadata.sorted_tables:
        Table(table.name, old, *[c._copy() for c in table.columns if c.name not in NEW_COLUMNS])
    return old


def _fill_old_database(url: str) -> None:
    engine = create_db_engine(url)
    old_slack, old_jobs = _old_schema(slack_tables.metadata), _old_schema(Base.metadata)
    old_slack.create_all(engine)
    old_jobs.create_all(engine)
    sources = [
        {"n": 1, "title": "Nota", "section": "", "page": None, "quote": "q", "text": "t", "source": "a"}
    ]
    with engine.begin() as conn:
        conn.execute(
            insert(old_slack.tables["slack_answers"]).values(
                id="oud1", question="Wat is SETA?", answer="Samen en toch apart.", found=True,
                mode="extractive", sources=sources, channel="C1", message_ts="1.1", thread_ts=None,
                created_at=1.0,
            )
        )  # fmt: skip
        conn.execute(
            insert(old_slack.tables["slack_feedback"]).values(
                answer_id="oud1", user_hash="h", vote="goed", question="Wat is SETA?", answer="…",
                sources=sources, created_at=1.0,
            )
        )  # fmt: skip
        conn.execute(
            insert(old_jobs.tables["reminders"]).values(
                id=7, kind="algemeen", title="Oude herinnering", channel="C1", spec="elke vrijdag",
                phrase="elke vrijdag", schedule=parse_schedule("elke vrijdag", NOW).to_dict(), details={}, status="gestopt", created_by="U1",
                created_at=NOW, revision=0,
            )
        )  # fmt: skip
    engine.dispose()


def _columns(engine: object, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}  # type: ignore[arg-type]


def test_old_database_gets_team_columns_and_keeps_its_rows(db_url: str) -> None:
    _fill_old_database(db_url)
    engine = slack_tables.connect(db_url)  # what the Slack edge does at start
    store = Store(db_url)  # what the reminders do
    assert {"team_id", "user_team"} <= _columns(engine, "slack_questions")
    assert "team_id" in _columns(engine, "slack_answers") and "team_id" in _columns(engine, "slack_feedback")
    assert "team_id" in _columns(store.engine, "reminders")

    answers = AnswerStore(engine)
    old = answers.get("oud1")
    assert old is not None and old.question == "Wat is SETA?" and old.sources[0].title == "Nota"
    assert old.left_out is False
    with engine.connect() as conn:
        assert conn.execute(select(slack_tables.feedback_table.c.vote)).scalars().all() == ["goed"]
    with store.session() as session:
        reminder = to_view(session.get(ReminderRow, 7))
    assert reminder.title == "Oude herinnering" and reminder.team_id is None

    record = AnswerRecord("nieuw1", "Wat is een SSC?", True, "Een shared service center.", "extractive",
                          [SourceRef(1, "Nota", "", None, "q", "t", "a")])  # fmt: skip
    answers.save(record, channel="C2", message_ts="2.2", thread_ts=None, team_id="T0GEMEENTEB")
    FeedbackStore(engine, salt=lambda: b"zout").record(record, "U2", "slecht", team_id="T0GEMEENTEB")
    t, f = slack_tables.answers_table.c, slack_tables.feedback_table.c
    with engine.connect() as conn:
        assert conn.execute(select(t.team_id).where(t.id == "nieuw1")).scalar() == "T0GEMEENTEB"
        assert conn.execute(select(f.team_id).where(f.answer_id == "nieuw1")).scalar() == "T0GEMEENTEB"
    engine.dispose()
    store.dispose()


def test_reminders_keep_their_team(db_url: str) -> None:
    service = ReminderService(db_url, clock=lambda: NOW)
    made = service.add(
        kind="algemeen", title="Evaluatie", channel="C0KANAAL1", schedule="elke vrijdag om 10:00",
        created_by="U1", team_id="T0GEMEENTEA",
    )  # fmt: skip
    assert made.team_id == "T0GEMEENTEA"
    assert service.get(made.id).team_id == "T0GEMEENTEA"
    assert service.get(made.id).to_dict()["team_id"] == "T0GEMEENTEA"


def test_adding_columns_twice_is_harmless(sqlite_url: str) -> None:
    _fill_old_database(sqlite_url)
    engine = create_db_engine(sqlite_url)
    first = add_missing_columns(engine, slack_tables.metadata)
    assert "slack_answers.team_id" in first and "slack_questions.user_team" in first
    assert add_missing_columns(engine, slack_tables.metadata) == []
    engine.dispose()
