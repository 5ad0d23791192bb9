"""Waiting for what the app sent to the fake Slack, and reading it back."""

from __future__ import annotations

import json
from typing import Any

from tests.slack.fake_slack import Call, FakeSlack


def progress_post(fake: FakeSlack, channel: str, **match: Any) -> Call:
    """The "Even zoeken…" message, once Slack has accepted it."""
    return fake.wait_for(
        lambda: [
            c
            for c in fake.calls_to("chat.postMessage", channel=channel, **match)
            if "Even zoeken" in c.get("text", "") and succeeded(c)
        ]
    )[-1]


def final_update(fake: FakeSlack, channel: str, ts: str) -> Call | None:
    """The last accepted chat.update of a message that is not a streaming (partial) update."""
    updates = [
        c
        for c in fake.calls_to("chat.update", channel=channel, ts=ts)
        if succeeded(c) and "Antwoord wordt geschreven" not in c.all_text
    ]
    return updates[-1] if updates else None


def succeeded(call: Call) -> bool:
    return call.status == 200 and bool(call.result and call.result.get("ok"))


def wait_answer(fake: FakeSlack, channel: str, **match: Any) -> tuple[Call, Call]:
    post = progress_post(fake, channel, **match)
    return post, fake.wait_for(lambda: final_update(fake, channel, post.ts))


def elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("accessory"):
        return [block["accessory"]]
    return block.get("elements", []) if block["type"] in ("actions", "context_actions") else []


def action_ids(call: Call) -> set[str]:
    return {e["action_id"] for b in call.blocks for e in elements(b) if "action_id" in e}


def button_value(call: Call, action_id: str) -> str:
    return next(e["value"] for b in call.blocks for e in elements(b) if e.get("action_id") == action_id)


def feedback_value(call: Call, positive: bool) -> str:
    """The value of 👍 (positive) or 👎 in the answer's feedback_buttons."""
    found = [e for b in call.blocks for e in elements(b) if e.get("type") == "feedback_buttons"]
    assert len(found) == 1, f"expected one feedback_buttons element, found {len(found)}"
    return found[0]["positive_button" if positive else "negative_button"]["value"]


def responses(fake: FakeSlack, name: str) -> list[Call]:
    """Posts to the response_url named `name` (see FakeSlack.response_url)."""
    return [c for c in fake.calls_to("response_url") if c.path.endswith("/" + name)]


def command_reply(
    running: Any, text: str, *, user: str, channel: str = "C0KANAAL1", command: str = "/herinnering"
) -> str:
    """What a slash command finally shows: the ack's text, or the answer that replaced it
    through the response_url once the slow part (the database) was done."""
    from tests.slack.driver import unique

    name = unique("cmd")
    reply = running.sender.command(
        text, user=user, channel=channel, command=command, response_url=running.fake.response_url(name)
    )
    assert reply.status == 200 and reply.seconds < 3.0  # Slack gives up after 3 s
    acked = json.loads(reply.body)["text"] if reply.body.startswith("{") else reply.body
    if not acked.startswith("Even verwerken"):
        return acked
    final = running.fake.wait_for(
        lambda: [r for r in responses(running.fake, name) if r.get("replace_original")]
    )
    return str(final[-1]["text"])
