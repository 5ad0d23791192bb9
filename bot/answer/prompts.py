"""Load the Dutch prompt templates in `prompts/` as LangChain chat prompts.

A prompt file holds two parts, each starting at a line of its own: `<!-- system -->` (the rules)
and `<!-- human -->` (the template that receives the question and the passages). Text before
the first marker is a note for maintainers and is not sent.

The system part may not contain variables. That keeps anything that comes from a user or a
document out of the system message, so a passage can never rewrite the rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder, PromptTemplate

ANSWER = "answer"
FOLLOWUP = "followup"
SWOT = "swot"

_MARKER = re.compile(r"^<!--\s*(system|human)\s*-->\s*$", re.MULTILINE)


class PromptFileError(ValueError):
    """A prompt file is missing a part or puts variables in its system part."""


def split_prompt_file(text: str) -> tuple[str, str]:
    """Return (system, human) from the text of a prompt file."""
    parts: dict[str, str] = {}
    matches = list(_MARKER.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        parts[match.group(1)] = text[match.end() : end].strip()
    if not parts.get("system") or not parts.get("human"):
        raise PromptFileError("prompt file needs a '<!-- system -->' and a '<!-- human -->' part")
    return parts["system"], parts["human"]


def load_prompt(prompts_dir: Path, name: str) -> ChatPromptTemplate:
    """The chat prompt `prompts_dir/<name>.md`: system rules, optional history, human part."""
    return _load(prompts_dir.resolve(), name)


@lru_cache(maxsize=16)
def _load(prompts_dir: Path, name: str) -> ChatPromptTemplate:
    path = prompts_dir / f"{name}.md"
    system, human = split_prompt_file(path.read_text(encoding="utf-8"))
    if PromptTemplate.from_template(system).input_variables:
        raise PromptFileError(f"{path}: the system part may not contain {{variables}}")
    return ChatPromptTemplate.from_messages(
        [
            ("system", system),
            # Earlier turns of a thread sit between the rules and the new question.
            MessagesPlaceholder("history", optional=True),
            ("human", human),
        ]
    )
