"""A Slack message (with its thread) as a case-knowledge file: Markdown with YAML front
matter, the format of knowledge/cases/. Pure; `bot.knowledge.cases` decides where it goes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import yaml

from bot.knowledge.cases import CaseFile
from bot.slack.views.mrkdwn import from_slack
from bot.text import shorten

TITLE_CHARS = 80
_PEOPLE = re.compile(r"<(?:@[UW][A-Z0-9]+|![^>]*)(?:\|[^>]*)?>")  # mentions and broadcasts


def case_markdown(
    messages: list[dict[str, Any]],
    channel: str,
    saved_at: datetime,
    *,
    team_id: str | None = None,
    visibility: list[str] | None = None,
    shared: bool = False,
) -> CaseFile | None:
    """None when there is no text to keep. Authors are left out: the case is about the
    cooperation, not about who wrote what. `team_id`: the saver's organisation;
    `visibility`: the organisations that saw the message (its channel's); `shared`: it came
    from a Slack Connect channel, so it may hold a partner's words."""
    bodies = [plain(m.get("text") or "") for m in messages]
    bodies = [b for b in bodies if b]
    if not bodies:
        return None
    first_ts = str(messages[0].get("ts", "0"))
    title = shorten(bodies[0].split("\n", 1)[0], TITLE_CHARS)
    front = {
        "title": title,
        "bron": "Slack",
        "kanaal": channel,
        "bericht_ts": first_ts,
        "opgeslagen": saved_at.strftime("%Y-%m-%d %H:%M"),
    }
    if team_id:
        front["team_id"] = team_id
    if visibility:
        front["zichtbaarheid"] = visibility
    if shared:
        front["gedeeld_kanaal"] = True
    parts = [
        "---",
        yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(),
        "---",
        "",
        "## Bericht",
        "",
        bodies[0],
    ]
    if len(bodies) > 1:
        parts += ["", "## Reacties in de thread", ""]
        parts += [f"- {b.replace(chr(10), chr(10) + '  ')}" for b in bodies[1:]]
    name = f"slack-{channel}-{first_ts.replace('.', '-')}.md"
    return CaseFile(name=name, title=title, text="\n".join(parts) + "\n")


def plain(text: str) -> str:
    """Slack mrkdwn → readable text, once: links keep label and address, mentions and
    broadcasts disappear. What the user typed as `&lt;!channel&gt;` stays text."""
    return from_slack(_PEOPLE.sub("", text)).strip()
