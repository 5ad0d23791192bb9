"""Residue of HTML and Markdown in extracted text ("<h3>Meerinzicht</h3> <p>…</p>",
"[BDO Benchmark.pdf](#)", "*voor elkaar*") and tables of contents: none of it may end up in
a quote. Words are kept; only the markup around them goes."""

from __future__ import annotations

import re

HTML_HEADING_RE = re.compile(r"<h[1-6]\b[^>]*>\s*(.*?)\s*</h[1-6]>\s*", re.IGNORECASE | re.DOTALL)
HTML_TAG_RE = re.compile(
    r"</?(?:ul|ol|li|br|p|span|div|b|i|u|strong|em|a|font|table|thead|tbody|tr|td|th|sup|sub|h[1-6])\b[^>]*>",
    re.IGNORECASE,
)
MD_LINK_RE = re.compile(r"\[((?:[^\]\\]|\\.)+)\]\([^)\s]*\)")
MD_EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,2}|_{2})(?=\S)([^*\n]+?)(?<=\S)\1(?![\w*])")
MD_ESCAPE_RE = re.compile(r"\\([()\[\]*_#])")

# A table-of-contents entry: a title followed by dot leaders and/or a page number.
TOC_LEADER_RE = re.compile(r"(?:\.{4,}|…{2,}|\t)\s*\d{1,3}\s*$")
TOC_NUMBERED_RE = re.compile(r"^(?:Hoofdstuk\s+)?\d+(?:\.\d+)*\.?\s+\S.{0,100}?\s\d{1,3}\s*$", re.IGNORECASE)
INDEX_ENTRY_RE = re.compile(r"^[^\W\d].{1,60}?\s\d{1,3}(?:\s*[,–-]\s*\d{1,3})+\s*$")
TOC_TITLE_RE = re.compile(r"^(?:inhoud|inhoudsopgave|inhoudstafel|index|register)\s*:?\s*$", re.IGNORECASE)
TOC_RUN = 3  # lines that merely end in a number count only in a run like a real ToC


def strip_markup(text: str) -> str:
    text = HTML_HEADING_RE.sub(lambda m: f"{m.group(1)}: " if m.group(1) else "", text)
    text = HTML_TAG_RE.sub(" ", text)
    text = MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = MD_EMPHASIS_RE.sub(lambda m: m.group(2), text)
    return MD_ESCAPE_RE.sub(r"\1", text)


def is_toc_entry(line: str) -> bool:
    return bool(TOC_LEADER_RE.search(line))


def blank_toc_lines(text: str) -> str:
    """Table-of-contents and index lines become blank (same length, so offsets hold)."""
    lines = text.split("\n")
    maybe = [bool(TOC_NUMBERED_RE.match(s.strip()) or INDEX_ENTRY_RE.match(s.strip())) for s in lines]
    sure = [is_toc_entry(s.rstrip()) and len(s.split()) <= 16 for s in lines]
    drop = [False] * len(lines)
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if i < len(lines) and not line.strip():
            continue  # blank lines do not break a run
        if i < len(lines) and (maybe[i] or sure[i]):
            run.append(i)
            continue
        if run and (len(run) >= TOC_RUN or sum(sure[j] for j in run) >= 2):
            for j in run:
                drop[j] = True
            _drop_title(lines, run[0], drop)
        run = []
    return "\n".join(" " * len(s) if d else s for s, d in zip(lines, drop, strict=True))


def _drop_title(lines: list[str], first: int, drop: list[bool]) -> None:
    for j in range(first - 1, max(-1, first - 4), -1):
        if TOC_TITLE_RE.match(lines[j].strip()):
            drop[j] = True
            return
        if lines[j].strip():
            return
