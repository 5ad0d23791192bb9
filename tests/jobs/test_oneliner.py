"""The one-line `/herinnering` form, parsed and handed to the real service."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jobs.oneliner import OneLine, parse_one_line
from jobs.reminders import ReminderError, ReminderService


def test_issue_example_with_escaped_channel_and_agenda_clause() -> None:
    line = parse_one_line(
        'pho "PHO Sociaal Domein" <#C0PHO123|pho-sociaal> elke derde woensdag van de maand '
        "om 10 uur, 1 week van tevoren, agendapunten 3 werkdagen"
    )
    assert line == OneLine(
        kind="pho",
        title="PHO Sociaal Domein",
        channel="C0PHO123",
        phrase="elke derde woensdag van de maand om 10 uur, 1 week van tevoren",
        agenda_lead="3 werkdagen",
    )


def test_plain_channel_name_and_curly_quotes() -> None:
    line = parse_one_line("Monitoring “Jaarevaluatie ODRA” #regio-west op 12 maart 2027 om 13:30")
    assert (line.kind, line.title, line.channel, line.phrase, line.agenda_lead) == (
        "monitoring",
        "Jaarevaluatie ODRA",
        "#regio-west",
        "op 12 maart 2027 om 13:30",
        None,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ik begrijp deze herinnering niet"),
        ('feest "Borrel" #kanaal morgen', "Onbekende soort 'feest'"),
        ("pho PHO #kanaal morgen", "Gebruik: /herinnering pho"),
    ],
)
def test_bad_one_liners_explain_the_form(text: str, message: str) -> None:
    with pytest.raises(ReminderError, match=message):
        parse_one_line(text)


def test_one_liner_feeds_the_service(sqlite_url: str) -> None:
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        line = parse_one_line(
            'pho "PHO Sociaal Domein" <#C0PHO123> elke donderdag om 10:00, 1 week van tevoren, '
            "agenda 3 werkdagen van tevoren"
        )
        reminder = ReminderService(sqlite_url).add(
            kind=line.kind,
            title=line.title,
            channel=line.channel,
            schedule=line.phrase,
            agenda_lead=line.agenda_lead,
        )
    assert reminder.spec == "elke donderdag om 10:00, 1 week van tevoren"
    assert reminder.agenda_lead is not None and reminder.agenda_lead.describe() == ("3 werkdagen van tevoren")
