"""Samenwerkbot: answers, SWOTs and reminders for inter-municipal cooperation."""

__version__ = "0.1.0"
