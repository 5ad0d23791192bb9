"""The bot's own tables: answers, feedback, seen events (SQLAlchemy)."""
