"""One `register(app, deps)` per surface; `register_listeners` wires them all, the same way
for Socket Mode and HTTP."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import (
    actions,
    ask_shortcuts,
    assistant,
    commands,
    events,
    reminders,
    shortcuts,
    swot,
)


def register_listeners(app: App, deps: Deps) -> None:
    # The panel first: its middleware takes DM-thread messages before the plain DM listener.
    assistant.register(app, deps)
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    shortcuts.register(app, deps)
    ask_shortcuts.register(app, deps)
    swot.register(app, deps)
    reminders.register(app, deps)
