"""Scheduled work: reminders for PHO's, monitoring moments and general reminders.

schedule_nl   Dutch phrase → Schedule (the one parser for CLI, Slack and the modal)
schedule      Schedule/LeadTime: occurrences via dateutil rrule, DST-safe
calendar_nl   Europe/Amsterdam, Dutch holidays, werkdagen, Dutch date names
reminders     ReminderService: add/list/get/cancel/pause/resume/snooze/acknowledge
store         our tables (the source of truth), SQLite or PostgreSQL
outbox        due occurrences → exactly-once posts (claims, grace, retries)
lease         one scheduler per installation
scheduler     the APScheduler behind the lease
deliver       job functions by import path, SlackPoster, build_scheduler()
messages      pure Block Kit + Dutch text; oneliner: the one-line /herinnering form
"""
