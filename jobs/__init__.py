"""Scheduled work: reminders for PHO's, monitoring moments and general reminders.

schedule_nl   Dutch phrase → Schedule (the one parser for CLI, Slack and the modal)
phrases_nl    the phrase table: every Dutch form as a template; words_nl: its word lists
schedule_forms  one builder per form; clock_nl: time of day; dates_nl: dates
plan          one truth: next meetings, reminders, holiday and lead-time notes (preview = add)
ics           a reminder as RFC 5545 (icalendar); phrase_bench: the phrase benchmark
schedule      Schedule/LeadTime: occurrences via dateutil rrule, DST-safe, holiday choice
calendar_nl   Europe/Amsterdam, Dutch holidays, werkdagen, Dutch date names
reminders     ReminderService: add/list/get/cancel/pause/resume/snooze/acknowledge
store         our tables (the source of truth), SQLite or PostgreSQL
outbox        due occurrences → exactly-once posts (claims, grace, retries)
lease         one scheduler per installation
scheduler     the APScheduler behind the lease
deliver       job functions by import path, SlackPoster, build_scheduler()
messages      pure Block Kit + Dutch text; oneliner: the one-line /herinnering form
"""
