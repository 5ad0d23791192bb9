"""Check the `[n]` citation markers in model output against the passages it was given.

Pure functions, no I/O. The rule is strict because a civil servant must be able to trust
every sentence: a marker that names no passage is removed, and a sentence left without a
valid marker is dropped (not guessed at). Renumbering is a separate step so that a SWOT can
number its sources across all items, while an answer numbers its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_MARKER_BODY = r"[\d\s,;\-–]*\d[\d\s,;\-–]*"
# One or more adjacent markers: "[1]", "[1, 3]", "[2-4]", "[1][2]", "[1], [2]".
MARKER_RUN = re.compile(rf"\[{_MARKER_BODY}\](?:[\s,;]*\[{_MARKER_BODY}\])*")
_NUMBER_OR_RANGE = re.compile(r"(\d+)(?:\s*[-–]\s*(\d+))?")
_MAX_RANGE = 20  # "[1-9999]" is not a citation worth expanding
# A sentence ends at . ! ? or …; markers right after the full stop still belong to it.
_BOUNDARY = re.compile(rf"(?<=[.!?…])((?:\s*\[{_MARKER_BODY}\])*)\s+(?=[A-ZÀ-Ý0-9\"'“‘(])")
_LIST_PREFIX = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NORMALISED = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class CheckedText:
    """Model text after the check; valid markers normalised to `[n]` with the original n."""

    text: str
    cited: tuple[int, ...]  # passage numbers (1-based, as given) in order of first citation
    claims: dict[int, tuple[str, ...]]  # passage number -> the sentences that cite it
    dropped: int  # sentences removed for lack of a valid citation
    invalid_markers: int  # marker numbers that named no passage


def marker_numbers(run: str) -> list[int]:
    """All numbers in a marker run, ranges expanded, duplicates kept in order."""
    numbers: list[int] = []
    for match in _NUMBER_OR_RANGE.finditer(run):
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else start
        if start < end <= start + _MAX_RANGE:
            numbers.extend(range(start, end + 1))
        else:
            numbers.extend([start] if end == start else [start, end])
    return numbers


def split_sentences(line: str) -> list[str]:
    """Split one line of model text into sentences, keeping trailing markers attached."""
    parts = _BOUNDARY.split(line.strip())
    # re.split with one group alternates: sentence, markers, sentence, markers, ..., sentence
    sentences = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    return [s.strip() for s in sentences if s.strip()]


def _check_sentence(sentence: str, n_passages: int) -> tuple[str, list[int], int]:
    """Rewrite one sentence's markers; return (sentence, valid numbers, invalid count)."""
    valid_all: list[int] = []
    invalid = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal invalid
        numbers = marker_numbers(match.group(0).strip())
        valid = list(dict.fromkeys(n for n in numbers if 1 <= n <= n_passages))
        invalid += sum(1 for n in numbers if not 1 <= n <= n_passages)
        valid_all.extend(valid)
        return (" " + "".join(f"[{n}]" for n in valid)) if valid else ""

    rewritten = MARKER_RUN.sub(rewrite, sentence)
    # The marker took its leading space along; close any gap it left before punctuation.
    rewritten = re.sub(r"\s+(?=\[\d+\])", " ", rewritten)
    rewritten = re.sub(r"\s+([.,;:!?])", r"\1", rewritten).strip()
    return rewritten, list(dict.fromkeys(valid_all)), invalid


def strip_markers(text: str) -> str:
    """The text without any citation markers (for comparing a claim with a passage)."""
    return re.sub(r"\s+([.,;:!?])", r"\1", MARKER_RUN.sub("", text)).strip()


def check_citations(text: str, n_passages: int) -> CheckedText:
    """Remove markers naming no passage and drop sentences left without a valid one.

    Line structure (paragraphs, list items) is kept; a line whose sentences all go is removed.
    """
    out_lines: list[str] = []
    cited: dict[int, list[str]] = {}
    dropped = invalid_total = 0
    for line in text.strip().splitlines():
        prefix_match = _LIST_PREFIX.match(line)
        prefix = prefix_match.group(0).lstrip() if prefix_match else ""
        body = line[prefix_match.end() :] if prefix_match else line
        kept: list[str] = []
        for sentence in split_sentences(body):
            rewritten, valid, invalid = _check_sentence(sentence, n_passages)
            invalid_total += invalid
            if not valid:
                dropped += 1
                continue
            kept.append(rewritten)
            for n in valid:
                cited.setdefault(n, []).append(strip_markers(rewritten))
        if kept:
            out_lines.append(prefix + " ".join(kept))
        elif not body.strip() and out_lines and out_lines[-1]:
            out_lines.append("")  # keep paragraph breaks, never two in a row
    return CheckedText(
        text="\n".join(out_lines).strip(),
        cited=tuple(cited),
        claims={n: tuple(sentences) for n, sentences in cited.items()},
        dropped=dropped,
        invalid_markers=invalid_total,
    )


def numbering(cited: Iterable[int]) -> dict[int, int]:
    """Map passage numbers to citation numbers 1..m in order of first citation."""
    return {n: i for i, n in enumerate(dict.fromkeys(cited), start=1)}


def renumber(text: str, mapping: Mapping[int, int]) -> str:
    """Rewrite normalised markers `[k]` in checked text to `[mapping[k]]`."""
    return _NORMALISED.sub(lambda m: f"[{mapping[int(m.group(1))]}]", text)
