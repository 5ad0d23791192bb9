"""Pure Block Kit for /herinnering: the "nieuw" modal with a date preview, and reading its
state back. No I/O; the listener in listeners/reminders.py calls the service."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.slack.views.blocks import Block, section
from bot.text import mrkdwn
from jobs.notices import preview_moments

MODAL_NEW = "herinnering_nieuw"
ACTION_PREVIEW = "herinnering_voorbeeld"
ACTION_ICS = "herinnering_ics"
ACTION_HOLIDAY = "herinnering_feestdag"
HOLIDAY_LABELS = {
    "houden": "Gewoon laten staan (met een melding)",
    "ervoor": "Verschuif naar de werkdag ervoor",
    "erna": "Verschuif naar de werkdag erna",
    "overslaan": "Sla over",
}
KIND_LABELS = {
    "pho": "PHO (portefeuillehoudersoverleg)",
    "monitoring": "Monitoringsmoment",
    "algemeen": "Algemeen",
}
_LEAD_TAIL = re.compile(r"(tevoren|vooraf|ervoor|daarvoor|eerder)\s*$", re.I)

HELP = (
    "*Herinneringen* voor PHO's, monitoringsmomenten en andere afspraken:\n"
    "• `/herinnering nieuw`: een formulier, met een voorbeeld van de eerstvolgende data.\n"
    '• `/herinnering pho "PHO Sociaal Domein" #kanaal elke derde woensdag van de maand om 10 uur, '
    "1 week van tevoren`: in één regel.\n"
    "• `/herinnering lijst`: jouw herinneringen.\n"
    "• `/herinnering ics 12`: herinnering 12 als agenda-bestand (.ics) voor Outlook of Google.\n"
    "• `/herinnering pauze 12`, `/herinnering hervat 12`, `/herinnering stop 12`."
)


@dataclass(frozen=True)
class NewReminder:
    kind: str
    title: str
    channel: str
    phrase: str  # schedule with the lead time appended
    agenda_lead: str | None
    cooperation: str | None
    on_holiday: str | None = None


def _input(block_id: str, label: str, element: Block, *, optional: bool = False, hint: str = "") -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _text(action_id: str, placeholder: str) -> Block:
    return {
        "type": "plain_text_input",
        "action_id": action_id,
        "placeholder": {"type": "plain_text", "text": placeholder},
    }


ACTION_OPEN_FORM = "herinnering_formulier"


def _option(kind: str) -> Block:
    return {"text": {"type": "plain_text", "text": KIND_LABELS[kind]}, "value": kind}


def _holiday_option(choice: str) -> Block:
    return {"text": {"type": "plain_text", "text": HOLIDAY_LABELS[choice]}, "value": choice}


def new_reminder_modal(
    channel: str | None = None, preview: list[str] | None = None, kind: str = "algemeen"
) -> Block:
    channel_select: Block = {
        "type": "conversations_select",
        "action_id": "kanaal",
        "default_to_current_conversation": True,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel and channel[0] in "CG":
        channel_select["initial_conversation"] = channel
    blocks = [
        _input(
            "soort",
            "Soort",
            {
                "type": "static_select",
                "action_id": "soort",
                "initial_option": _option(kind if kind in KIND_LABELS else "algemeen"),
                "options": [_option(k) for k in KIND_LABELS],
            },
        ),
        _input("titel", "Titel", _text("titel", "PHO Sociaal Domein")),
        _input("kanaal", "Kanaal", channel_select, hint="Nodig de bot daar eerst uit."),
        _input(
            "planning",
            "Wanneer",
            _text("planning", "elke derde woensdag van de maand om 10 uur"),
            hint="Bijvoorbeeld: elke vrijdag om 16:00 · op 12 maart 2027 om 13:30 · elke werkdag",
        ),
        _input(
            "vooraf",
            "Hoe lang van tevoren herinneren",
            _text("vooraf", "1 week van tevoren"),
            optional=True,
            hint="Leeg: op het moment zelf.",
        ),
        _input("agenda", "PHO: deadline agendapunten", _text("agenda", "3 werkdagen"), optional=True),
        _input(
            "feestdag",
            "Valt het op een feestdag of in het weekend?",
            {
                "type": "static_select",
                "action_id": "feestdag",
                "initial_option": _holiday_option("houden"),
                "options": [_holiday_option(k) for k in HOLIDAY_LABELS],
            },
            optional=True,
        ),
        _input(
            "samenwerking",
            "Monitoring: naam van de samenwerking",
            _text("samenwerking", "Regionale Uitvoeringsdienst"),
            optional=True,
        ),
        {
            "type": "actions",
            "block_id": "voorbeeld_knop",
            "elements": [
                {
                    "type": "button",
                    "action_id": ACTION_PREVIEW,
                    "text": {"type": "plain_text", "text": "Toon de eerstvolgende data"},
                }
            ],
        },
    ]
    if preview:
        blocks.append(section("\n".join(preview)))
    return {
        "type": "modal",
        "callback_id": MODAL_NEW,
        "title": {"type": "plain_text", "text": "Nieuwe herinnering"},
        "submit": {"type": "plain_text", "text": "Opslaan"},
        "close": {"type": "plain_text", "text": "Annuleren"},
        "blocks": blocks,
    }


def plan_prompt_blocks(text: str, channel: str | None, kind: str) -> list[Block]:
    """The panel's answer to "Plan een PHO-herinnering": how it works, and a button that
    opens the form (for the channel the user views, when there is one)."""
    value = f"{kind}|{channel or ''}"
    opener = {
        "type": "button",
        "action_id": ACTION_OPEN_FORM,
        "style": "primary",
        "value": value,
        "text": {"type": "plain_text", "text": "Herinnering plannen"},
    }
    return [section(text), {"type": "actions", "block_id": "plan_herinnering", "elements": [opener]}]


def read_modal(values: dict[str, dict[str, Any]]) -> NewReminder:
    """The modal's state (view.state.values) as one request for ReminderService.add."""

    def text(block: str) -> str:
        return (values.get(block, {}).get(block, {}).get("value") or "").strip()

    kind = (values.get("soort", {}).get("soort", {}).get("selected_option") or {}).get("value") or "algemeen"
    channel = values.get("kanaal", {}).get("kanaal", {}).get("selected_conversation") or ""
    return NewReminder(
        kind=kind,
        title=text("titel"),
        channel=channel,
        phrase=with_lead(text("planning"), text("vooraf")),
        agenda_lead=text("agenda") or None,
        cooperation=text("samenwerking") or None,
        on_holiday=(values.get("feestdag", {}).get("feestdag", {}).get("selected_option") or {}).get("value"),
    )


def with_lead(phrase: str, lead: str) -> str:
    """ "elke vrijdag" + "1 week" → "elke vrijdag, 1 week van tevoren" (the parser's form)."""
    lead = lead.strip(" ,")
    if not lead or not phrase:
        return phrase
    if not _LEAD_TAIL.search(lead):
        lead += " van tevoren"
    return f"{phrase}, {lead}"


def preview_lines(result: dict[str, Any]) -> list[str]:
    """From jobs.plan.preview: the canonical phrase, the next dates and what to know."""
    lines = [f"*Planning:* {mrkdwn(result['spec'])}"]
    for line in preview_moments(result):
        lines.append(f":warning: {mrkdwn(line)}" if line.startswith("Let op:") else f"• {mrkdwn(line)}")
    return lines


def confirmation_blocks(headline: str, lines: list[str], reminder_id: int) -> list[Block]:
    """The "aangemaakt" message: the reminder, its next dates and notes, the .ics button and,
    when a date falls on a holiday or weekend, the choice what to do then."""
    body = "\n".join([headline, *(f"• {mrkdwn(line)}" for line in lines)])
    buttons = [_button(ACTION_ICS, str(reminder_id), "Exporteer naar agenda (.ics)")]
    if any("valt op" in line for line in lines):
        for choice in ("ervoor", "erna", "overslaan"):
            buttons.append(_button(ACTION_HOLIDAY, f"{reminder_id}|{choice}", HOLIDAY_LABELS[choice]))
    return [section(body), {"type": "actions", "block_id": "herinnering_export", "elements": buttons}]


def _button(action_id: str, value: str, label: str) -> Block:
    return {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {"type": "plain_text", "text": label},
    }


def field_for_error(message: str) -> str:
    """Which modal field a service error is about, to show it next to that field."""
    lowered = message.lower()
    for word, block in (
        ("titel", "titel"),
        ("samenwerking", "samenwerking"),
        ("agendapunt", "agenda"),
        ("kanaal", "kanaal"),
        ("soort", "soort"),
    ):
        if word in lowered:
            return block
    return "planning"
