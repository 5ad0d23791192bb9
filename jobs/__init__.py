"""Scheduled work: reminders for PHO's, monitoring moments and general reminders.

schedule_nl   Dutch phrase → Schedule (the one parser for CLI, Slack and the modal)
phrases_nl    the phrase table: every Dutch form as a template; words_nl: its word lists
schedule_forms  one builder per form; clock_nl: time of day; dates_nl: dates
plan          one truth: next meetings, reminders, holiday and lead-time notes (preview = add)
ics           a reminder as RFC 5545 (icalendar); phrase_bench: the phrase benchmark
schedule      Schedule/LeadTime: occurrences via dateutil rrule, DST-safe, holiday choice
calendar_nl   Europe/Amsterdam, Dutch holidays, werkdagen, Dutch date names
reminders     ReminderService: add/list/get/cancel/pause/resume/snooze/acknowledge
checks        what a user asks a reminder to be, checked (ReminderError in Dutch)
store         our tables (the source of truth), SQLite or PostgreSQL
outbox        due occurrences → exactly-once posts (claims, grace, retries)
lease         one scheduler per installation
scheduler     the APScheduler behind the lease
rows          table rows → the frozen views of jobs/models.py
deliver       job functions by import path, build_scheduler()
notices       what a due reminder says (Notice, Dutch text); oneliner: the one-line form
poster        the delivery interface (Poster protocol, Outgoing, PostError, ConsolePoster);
              bot/slack/poster.py implements it. Nothing in jobs knows of Slack.
"""
