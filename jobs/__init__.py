"""Scheduled work: reminders for PHO's, monitoring moments and general reminders.

Layers: `schedule_nl` (Dutch phrase → `Schedule`), `reminders` (the service, our own tables),
`outbox` (turns due occurrences into exactly-once Slack posts), `scheduler` (one APScheduler
behind a database lease), `deliver` (job functions by import path + the Slack poster),
`messages` (pure Block Kit).
"""
