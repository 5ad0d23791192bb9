"""Pure message building: Dutch text, Block Kit, buttons, escaping."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.models import Citation
from bot.slack.views.reminders import (
    ACTION_IDS,
    ACTIONS_BLOCK_ID,
    acknowledged_blocks,
    parse_action_value,
    render_reminder,
    snoozed_blocks,
    upcoming_blocks,
)
from jobs.models import Reminder, Upcoming
from jobs.schedule_nl import parse_lead, parse_schedule

AMS = ZoneInfo("Europe/Amsterdam")
OCCURRENCE = datetime(2026, 12, 3, 10, 0, tzinfo=AMS)


def reminder(**extra: object) -> Reminder:
    fields: dict[str, object] = {
        "id": 7,
        "kind": "pho",
        "title": "PHO Sociaal Domein",
        "channel": "C0PHO",
        "spec": "elke donderdag om 10:00",
        "phrase": "elke donderdag om 10:00",
        "schedule": parse_schedule("elke donderdag om 10:00", datetime(2026, 11, 23, 9, 0)),
        "status": "actief",
        "created_by": "U1",
        "created_at": datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
        "next_occurrence": OCCURRENCE,
        "next_fire_at": OCCURRENCE,
        **extra,
    }
    return Reminder(**fields)  # type: ignore[arg-type]


def section_text(blocks: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def test_pho_message_has_title_date_deadline_link_participants() -> None:
    pho = reminder(
        agenda_lead=parse_lead("3 werkdagen"),
        link="https://ris.example.nl/pho",
        participants=("U0AAA", "wethouder Jansen"),
    )
    message = render_reminder(pho, OCCURRENCE)
    body = section_text(message.blocks)
    assert message.blocks[0]["text"]["text"] == "PHO Sociaal Domein"
    assert "*Wanneer:* donderdag 3 december 2026 om 10:00" in body
    assert "*Agendapunten aanleveren vóór maandag 30 november 2026 om 10:00*" in body
    assert "<https://ris.example.nl/pho|openen>" in body
    assert "*Deelnemers:* <@U0AAA>, wethouder Jansen" in body
    assert message.text == "PHO Sociaal Domein — donderdag 3 december 2026 om 10:00"


def test_no_agenda_line_without_agenda_lead() -> None:
    assert "Agendapunten" not in section_text(render_reminder(reminder(), OCCURRENCE).blocks)


def test_buttons_carry_the_occurrence_and_round_trip() -> None:
    message = render_reminder(reminder(), OCCURRENCE)
    actions = message.blocks[-1]
    assert actions["block_id"] == ACTIONS_BLOCK_ID
    assert [e["action_id"] for e in actions["elements"]] == list(ACTION_IDS)
    values = {e["value"] for e in actions["elements"]}
    assert len(values) == 1
    assert parse_action_value(values.pop()) == (7, OCCURRENCE)
    with pytest.raises(ValueError):
        parse_action_value("7|gisteren")


def test_late_message_is_marked() -> None:
    message = render_reminder(reminder(kind="algemeen", title="Subsidie"), OCCURRENCE, late=True)
    assert message.blocks[0]["text"]["text"] == "Herinnering: Subsidie (later verstuurd)"
    assert "(later verstuurd)" in message.text


def test_user_text_cannot_inject_mentions_or_links() -> None:
    sneaky = reminder(kind="monitoring", title="<!channel>", cooperation="A & B <x|y>", subject="<@U999>")
    body = section_text(render_reminder(sneaky, OCCURRENCE).blocks)
    assert "<!channel>" not in body and "<@U999>" not in body
    assert "A &amp; B &lt;x|y&gt;" in body


def test_monitoring_checklist_lines_are_numbered_by_source() -> None:
    doc = Citation(1, "a.pdf", "Handreiking", "H2", 3, "q", "t")
    checklist = [(f"Vraag {i}?", doc) for i in range(8)]
    message = render_reminder(
        reminder(kind="monitoring", cooperation="ODRA"), OCCURRENCE, checklist=checklist
    )
    body = section_text(message.blocks)
    assert body.count("[1]") == 5  # at most five questions
    assert "[1] Handreiking — H2, p. 3" in str(message.blocks)


def test_after_a_click_the_buttons_make_way_for_a_note() -> None:
    blocks = render_reminder(reminder(), OCCURRENCE).blocks
    seen = acknowledged_blocks(blocks, "U0BBB")
    assert all(b.get("block_id") != ACTIONS_BLOCK_ID for b in seen)
    assert seen[-1]["elements"][0]["text"] == "✅ Gezien door <@U0BBB>"
    later = snoozed_blocks(blocks, "U0BBB", OCCURRENCE, "Europe/Amsterdam")
    assert "komt terug op donderdag 3 december 2026 om 10:00" in later[-1]["elements"][0]["text"]


def test_app_home_lists_upcoming_or_says_how_to_start() -> None:
    assert "/herinnering nieuw" in str(upcoming_blocks([]))
    blocks = upcoming_blocks([Upcoming(reminder(), OCCURRENCE, OCCURRENCE)])
    assert "#7 PHO Sociaal Domein (pho)" in blocks[1]["text"]["text"]
