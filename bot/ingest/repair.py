"""Repair of PDF-extraction artifacts before chunking.

Joins are decided with evidence from a vocabulary (wordfreq's Dutch list and the corpus'
own intact words), never by a blind regex: "wil len" becomes "willen" but "de lijst" stays.
Nothing alphanumeric is dropped, so quoted passages still match the source text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.ingest.markup import blank_toc_lines, strip_markup
from bot.ingest.vocabulary import Vocabulary

SOFT = "\u00ad"  # marks a hyphen that stood at a line break until we decide on it
# Letters at which these PDFs split ligatures ("bli jven", "notit ie", "wil len", "bij lage").
LIGATURE_LEFT = set("iltjf")
LIGATURE_RIGHT = set("iltjf")
MAX_PARTS = 4
RARE_PART_ZIPF = 4.0  # 'len', 'lende', 'ies': words, but rarely on their own

TAG_RE = re.compile(r"</?(?:ul|ol|li|br|p|span|div|b|i|strong|em)\b[^>]*>", re.IGNORECASE)
BULLET_RE = re.compile(r"[•●▪◦■□➢►\uf0b7\uf0a7]")
LINE_HYPHEN_RE = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
TOKEN_RE = re.compile(r"\S+")
EDGE_LEAD_RE = re.compile(r"^[(\[\"'‘“]+")
EDGE_TRAIL_RE = re.compile(r"[.,;:!?)\]\"'’”]+$")
ALPHA_RE = re.compile(rf"^[^\W\d_{SOFT}]+(?:{SOFT}[^\W\d_]+)*$")


@dataclass(frozen=True)
class RepairResult:
    text: str
    joins: int  # ligature splits and line-break hyphenations repaired


def repair_text(text: str, vocab: Vocabulary | None = None) -> RepairResult:
    vocab = vocab or Vocabulary()
    text = blank_toc_lines(clean_markup(text))
    text, hyphen_marks = mark_line_hyphens(text)
    lines = []
    joins = 0
    for line in text.split("\n"):
        fixed, n = join_split_words(line, vocab)
        lines.append(fixed)
        joins += n
    text, resolved = resolve_soft_hyphens("\n".join(lines), vocab)
    return RepairResult(text=normalise_whitespace(text), joins=joins + resolved)


def clean_markup(text: str) -> str:
    """HTML list markup in table cells and bullet glyphs become plain '- ' items; other
    HTML/Markdown residue goes (bot/ingest/markup.py)."""
    text = TAG_RE.sub(" ", text)
    text = strip_markup(text)
    text = html.unescape(text)
    text = BULLET_RE.sub(" - ", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def mark_line_hyphens(text: str) -> tuple[str, int]:
    count = 0

    def _mark(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{match.group(1)}{SOFT}{match.group(2)}"

    return LINE_HYPHEN_RE.sub(_mark, text), count


def normalise_whitespace(text: str) -> str:
    text = re.sub(r"[ \f\v]+", " ", text)
    text = re.sub(r" ?\t[ \t]*", "\t", text)  # tabs separate table cells: keep one
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def join_split_words(line: str, vocab: Vocabulary) -> tuple[str, int]:
    """Greedy left-to-right: join the longest run of tokens that forms a known word.
    Separators between tokens that are not joined (tabs between table cells) are kept."""
    matches = list(TOKEN_RE.finditer(line))
    if len(matches) < 2:
        return line, 0
    tokens = [m.group(0) for m in matches]
    out = [line[: matches[0].start()]]
    joins = 0
    i = 0
    while i < len(tokens):
        span = _best_span(tokens, i, vocab)
        out.append("".join(tokens[i : i + span]))
        joins += span - 1
        i += span
        end = matches[i - 1].end()
        out.append(line[end : matches[i].start()] if i < len(tokens) else line[end:])
    return "".join(out), joins


def _best_span(tokens: list[str], start: int, vocab: Vocabulary) -> int:
    for span in range(min(MAX_PARTS, len(tokens) - start), 1, -1):
        parts = tokens[start : start + span]
        if _should_join(parts, vocab):
            return span
    return 1


def _should_join(parts: list[str], vocab: Vocabulary) -> bool:
    # Punctuation or a hyphenated prefix may lead the first part or trail the last
    # ("bli jven," / "(ti jdeli jke)" / "niet-vri jbli jvende").
    first = EDGE_LEAD_RE.sub("", parts[0]).rsplit("-", 1)[-1]
    last = EDGE_TRAIL_RE.sub("", parts[-1]).split("-", 1)[0]
    parts = [first, *parts[1:-1], last]
    if not all(ALPHA_RE.match(p) for p in parts):
        return False
    if any(p[0].isupper() for p in parts[1:]):
        return False
    pairs = zip(parts, parts[1:], strict=False)
    if not all(a[-1].lower() in LIGATURE_LEFT or b[0] in LIGATURE_RIGHT for a, b in pairs):
        return False
    joined = "".join(parts).replace(SOFT, "")
    if not vocab.is_word(joined):
        return False
    bare = [p.replace(SOFT, "") for p in parts]
    if any(not vocab.is_word(p) for p in bare):
        return True
    # All parts are words too ("wil len" vs "wat er"): join only when the whole is clearly
    # the likelier reading, or a part is a rare word and the corpus uses the joined word.
    weakest = min(vocab.zipf(p) for p in bare)
    if vocab.zipf(joined) >= weakest + 1.0:
        return True
    return weakest < RARE_PART_ZIPF and vocab.corpus_count(joined) >= 2


def resolve_soft_hyphens(text: str, vocab: Vocabulary) -> tuple[str, int]:
    """A hyphen at a line break: join ("be-stuurlijke"), or keep it ("Haren-Noord")."""
    resolved = 0

    def _decide(match: re.Match[str]) -> str:
        nonlocal resolved
        word = match.group(0)
        left, right = word.split(SOFT, 1)
        joined = left + right.replace(SOFT, "")
        if vocab.is_word(joined):
            resolved += 1
            return joined
        if right[:1].isupper() or (vocab.is_word(left) and vocab.is_word(right.replace(SOFT, ""))):
            return f"{left}-{right.replace(SOFT, '')}"
        resolved += 1
        return joined

    pattern = re.compile(rf"[^\s{SOFT}]*{SOFT}[^\s]*")
    while SOFT in text:
        new = pattern.sub(_decide, text)
        if new == text:
            text = text.replace(SOFT, "-")
        text = new
    return text, resolved
