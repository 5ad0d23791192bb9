"""Terminal chat for when no Slack tokens are set: a prompt, Dutch answers with citations.
Reads one question per line when stdin is not a terminal, and exits at end of input."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.cli.formatting import answer_text
from bot.errors import UserError
from bot.knowledge.service import KnowledgeBase
from bot.text import readable

WELCOME = (
    "Samenwerkbot — stel een vraag over intergemeentelijke samenwerking.\n"
    "Typ je vraag en druk op Enter. Stoppen: typ 'stop' of druk op Ctrl-D."
)
HISTORY_TURNS = 3  # as many earlier turns as a Slack thread passes on (HISTORY_PAIRS)
STOP_WORDS = {"stop", "exit", "quit", "q", "doei"}


def run_chat(kb: KnowledgeBase, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    # sys.stdin/stdout as they are when the chat starts (a test runner swaps them in).
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    interactive = stdin.isatty()
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")  # a stray byte must not end the chat
    history: list[tuple[str, str]] = []
    if interactive:
        print(WELCOME, file=stdout)
    while True:
        if interactive:
            print("\nVraag> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return 0
        question = readable(line).strip()
        if not question:
            continue
        if question.lower() in STOP_WORDS:
            return 0
        if not interactive:
            print(f"Vraag: {question}", file=stdout)
        print(_reply(kb, question, history), file=stdout, flush=True)
        if not interactive:
            print("", file=stdout)


def _reply(kb: KnowledgeBase, question: str, history: list[tuple[str, str]]) -> str:
    """Earlier turns go along, so "En wat zijn de nadelen daarvan?" keeps its topic."""
    try:
        answer = kb.ask(question, history=history[-HISTORY_TURNS:])
    except UserError as exc:
        return exc.message
    history.append((question, answer.answer))
    return answer_text(answer)
