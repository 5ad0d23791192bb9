"""Who may change a reminder. Pure; the edges (Slack, CLI) ask before they call the service.

- Its owner is whoever created it; one made without an owner (from the CLI) belongs to
  the admins (ADMIN_USERS).
- The owner and the admins may stop, pause and resume it.
- Its participants may also answer a posted reminder: "Gezien" and snooze.
"""

from __future__ import annotations

from collections.abc import Collection

from jobs.models import Reminder


def may_manage(reminder: Reminder, user: str | None, admins: Collection[str]) -> bool:
    if not user:
        return False
    return user in admins or (bool(reminder.created_by) and user == reminder.created_by)


def may_respond(reminder: Reminder, user: str | None, admins: Collection[str]) -> bool:
    """ "Gezien" and snooze: the owner, the admins and the participants."""
    return may_manage(reminder, user, admins) or (bool(user) and user in reminder.participants)
