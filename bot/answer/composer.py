"""Compose an extractive answer that follows the question's shape.

A lead sentence that answers, then the items of a list or the two sides of a comparison,
each with its citation number. Every statement is a verbatim span of a passage; only the
side labels of a comparison ("Operationele:") are words of the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.answer.answerability import QUANTITY_RE, focus_stems, subject_terms
from bot.answer.shapes import Question, content_words, side_stems
from bot.answer.units import MIN_WORDS, ItemList, Unit, passage_units, quotable
from bot.index.keyword import stem_tokens
from bot.models import Passage

TOP_PASSAGES = 5
FRAME = -1  # the "rank" of a templated frame line: it quotes nothing, so it cites nothing
WIDE_PASSAGES = 10
Meaning = Callable[[Sequence[Unit]], list[float]]  # similarity of each unit to the question

LEX_WEIGHT = 1.0
MEANING_WEIGHT = 0.3
MEANING_SPREAD = 0.1
HEADING_WEIGHT = 0.25
RANK_PRIOR = (0.12, 0.08, 0.05, 0.03, 0.0)
SHAPE_BONUS = 0.25
FOCUS_BONUS = 2.0  # a lead-in that names what the question lists ("…keuzen op het volgende vlak:")
SIDE_ALONE = 0.2  # a comparison side's sentence that does not also name the other side
SIDE_FIRST = 0.2
SIDE_WORDS = 6  # a side is said in a sentence, not in a two-word item ("Openbaar lichaam;")
MAX_ITEMS = 12
LIST_RATIO = 0.8  # a list question takes the best list when it scores this share of the lead
ITEM_CREDIT = 0.3
ITEM_WORDS = 24  # a long item is quoted up to here, then "…"
SECOND_SOURCE = 0.6
SECOND_RANKS = 2
SUPPORT_RATIO = 0.75  # another passage's sentence is added when it scores this share of the lead
NEXT_RATIO = 0.5  # the sentence after the lead is added when it scores this share of the lead
MAX_WORDS = 75  # beyond the lead and its list
CONNECTIVE_RE = re.compile(
    r"^(?:Dit|Deze|Dat|Die|Daarbij|Daarnaast|Daardoor|Hierdoor|Hierbij|Ook|Toch|Maar|Later|Wel|Zo|"
    r"Bovendien|Verder|Vervolgens|Uiteindelijk|Het|Ze|Zij|Hij)\b"
)
REASON_MARKERS_RE = re.compile(
    r"\b(omdat|doordat|want|vanwege|daardoor|waardoor|zodat|reden|oorzaak|toen|dankzij|immers|"
    r"leidde|leidt|als gevolg|ten gevolge|anders|minder goed|niet goed|mits|daarom|"
    r"om\s+\w+(?:\s+\w+){0,6}\s+te)\b",  # "om … te": a purpose
    re.IGNORECASE,
)
NUMBER_IN_TEXT_RE = re.compile(
    r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|honderd|duizend)\b", re.I
)
DATE_IN_TEXT_RE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b\d{1,2}\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|"
    r"oktober|november|december)\b",
    re.IGNORECASE,
)
ABBREVIATION_RE = re.compile(r"([A-Za-zÀ-ÿ][\w-]{3,40}(?:\s+[\w-]+){0,3})\s*\(([A-Z][A-Za-z]{1,6})\)")
INLINE_ENUM_RE = re.compile(r"(?:^|\s)\(?\d{1,2}\)\s")
NUMBERED_RE = re.compile(r"^(?:\d{1,2}[.)]|[a-h][.)]|\(\d{1,2}\))\s")
NAME_WEIGHT = 0.5
PREFIX_MIN = 5
COMPOUND_HEAD = 0.5
CASE_PENALTY = 0.06  # case files summarise the documents: at equal merit quote the document
DEFINING_RE = re.compile(r"\b(is|zijn|betekent|houdt in|staat voor|wordt|heet|noemen|genoemd|verstaan)\b")


@dataclass
class Scored:
    unit: Unit
    score: float


@dataclass
class Composition:
    lines: list[tuple[str, int]]  # (text, passage rank); rank FRAME: a frame line without citation


def compose(
    question: Question,
    passages: Sequence[Passage],
    idf: Callable[[str], float],
    meaning: Meaning | None = None,
) -> Composition:
    top = list(passages[:TOP_PASSAGES])
    units, lists = _all_units(top)
    candidates = [u for u in units if quotable(u)]
    wanted = {"number": NUMBER_IN_TEXT_RE, "date": DATE_IN_TEXT_RE}.get(question.shape)
    if wanted is not None and not _specific(candidates, wanted, question, top):
        top = list(passages[:WIDE_PASSAGES])  # a number or date may stand a little further down
        units, lists = _all_units(top)
        candidates = [u for u in units if quotable(u)]
        if not _specific(candidates, wanted, question, top):
            return Composition([])  # no number or date about the subject: no answer
    if not candidates:
        return Composition([])
    question = _with_aliases(question, top)
    scored = _score(question, candidates, top, idf, meaning)
    by_list = {lst.id: lst for lst in lists}
    lead = _lead(question, scored)
    if question.shape == "compare" and not (lead.unit.intro and lead.unit.list_id is not None):
        lines = _compare(question, scored, units)
        if lines:
            return Composition(lines)
    chosen_list = _list_for(question, lead, scored, by_list, units, top)
    if chosen_list is not None:
        return Composition(_list_lines(chosen_list, lead, top))
    return Composition(_prose(lead, scored, units))


def _specific(
    units: list[Unit], wanted: re.Pattern[str], question: Question, passages: list[Passage]
) -> bool:
    """Some sentence holds a number or date (for "Wanneer is X ontstaan?" next to what
    happened) in a passage that names the question's subject."""
    subjects = subject_terms(question.text)
    for unit in units:
        if wanted.search(unit.text) and _event(question, unit):
            chunk = passages[unit.rank].chunk
            where = f"{chunk.title} {chunk.section} {chunk.text}".lower()
            if all(s in where for s in subjects):
                return True
    return False


def _event(question: Question, unit: Unit) -> bool:
    return question.event is None or _match(question.event, _stems(unit.text)) > 0


def _answers_when(question: Question, unit: Unit, wanted: re.Pattern[str]) -> bool:
    """The best lead for a number or date question: the number or date in a sentence that
    names the subject and what is counted or what happened."""
    if not wanted.search(unit.text) or not _event(question, unit):
        return False
    lower = unit.text.lower()
    if not all(s in lower for s in subject_terms(question.text)):
        return False
    if question.shape == "number":  # what is counted ("Hoeveel inwoners…"), one of two words
        counted = focus_stems(question.text, QUANTITY_RE)
        return not counted or any(_match(c, _stems(unit.text)) > 0 for c in counted)
    return True


def _all_units(passages: list[Passage]) -> tuple[list[Unit], list[ItemList]]:
    units: list[Unit] = []
    lists: list[ItemList] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages):
        own, own_lists = passage_units(rank, passage.chunk.text, first_id=len(lists))
        for unit in own:
            key = _norm(unit.text)
            if key in seen and not unit.item:
                unit.pos = -1  # a duplicate (overlapping chunks, case files quoting a source)
            seen.add(key)
        units.extend(u for u in own if u.pos >= 0)
        lists.extend(own_lists)
    return units, lists


def _with_aliases(question: Question, passages: list[Passage]) -> Question:
    """Abbreviations the passages spell out ("dienstverleningsovereenkomst (DVO)"): a
    sentence that says "DVO" then matches a question that says the long form, and back."""
    aliases: dict[str, set[str]] = {}
    for passage in passages:
        for match in ABBREVIATION_RE.finditer(passage.chunk.text):
            long_stems = stem_tokens(match.group(1))
            short = stem_tokens(match.group(2))
            if not long_stems or not short:
                continue
            for stem in question.stems:
                if stem == long_stems[-1]:
                    aliases.setdefault(stem, set()).add(short[0])
                elif stem == short[0]:
                    aliases.setdefault(stem, set()).update(long_stems[-1:])
    return replace(question, aliases={k: frozenset(v) for k, v in aliases.items()}) if aliases else question


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _score(
    question: Question,
    units: list[Unit],
    passages: list[Passage],
    idf: Callable[[str], float],
    meaning: Meaning | None,
) -> list[Scored]:
    meanings = _normalised(meaning(units)) if meaning else [0.0] * len(units)
    names = {s for s in question.stems if any(s.startswith(n[:4]) for n in subject_terms(question.text))}

    def weight(stem: str) -> float:
        # The names in a question set the scene (the passage is about them already); the
        # other words say what is asked ("bestuurlijke leiding").
        return idf(stem) * (NAME_WEIGHT if stem in names else 1.0)

    headings = [_overlap(question.stems, p.chunk.heading, idf) for p in passages]
    out = []
    for unit, sim in zip(units, meanings, strict=True):
        lexical = _overlap(question.stems, unit.text, weight, aliases=question.aliases)
        score = LEX_WEIGHT * lexical + MEANING_WEIGHT * sim
        score += HEADING_WEIGHT * headings[unit.rank] + RANK_PRIOR[min(unit.rank, len(RANK_PRIOR) - 1)]
        score += _shape_bonus(question, unit)
        if passages[unit.rank].chunk.kind == "case":
            score -= CASE_PENALTY
        if unit.words > 60:
            score -= 0.1  # run-on table rows and flattened figures read badly
        out.append(Scored(unit, score))
    return out


def _normalised(values: list[float]) -> list[float]:
    """e5 similarities crowd into a narrow band (0.75-0.90): measured from the best
    candidate, MEANING_SPREAD below it counts as nothing."""
    if not values:
        return values
    high = max(values)
    return [max(0.0, 1.0 - (high - v) / MEANING_SPREAD) for v in values]


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    """Stems, plus past participles without their 'ge-' ("gestuurd" also as "stuurd")."""
    stems = stem_tokens(text)
    return frozenset(stems + [s[2:] for s in stems if s.startswith("ge") and len(s) > 6])


def _overlap(
    question_stems: frozenset[str],
    text: str,
    idf: Callable[[str], float],
    words: dict[str, str] | None = None,
    aliases: dict[str, frozenset[str]] | None = None,
) -> float:
    """idf-weighted share of the question's topic stems in the text; a stem also matches a
    compound that starts with it ("samenwerk" ~ "samenwerkingsverband")."""
    if not question_stems or not text:
        return 0.0
    stems = _stems(text)
    total = sum(idf(s) for s in question_stems)
    raw = _words(text) if words else frozenset()
    got = 0.0
    for s in question_stems:
        weight = _match(s, stems)
        if weight < 1.0 and words and _same_word(words.get(s), raw):
            weight = 1.0
        if weight < 1.0 and aliases and any(a in stems for a in aliases.get(s, ())):
            weight = 1.0
        got += idf(s) * weight
    return got / total if total else 0.0


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def _same_word(word: str | None, words: frozenset[str]) -> bool:
    """Inflections the stemmer splits up ("keuzes" → keuze, "keuzen" → keus): the words
    share all but their last letter or two."""
    if not word or len(word) < 5:
        return False
    return any(len(w) >= 5 and _common_prefix(word, w) >= max(5, min(len(word), len(w)) - 1) for w in words)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _match(stem: str, stems: frozenset[str]) -> float:
    """1 for the same stem, a compound that starts with it ("samenwerk" ~
    "samenwerkingsverband") or an inflection the stemmer left apart ("keuze" ~ "keuz");
    half for a word that is only the head of the asked compound ("stappenplan" ~ "stapp")."""
    if stem in stems:
        return 1.0
    best = 0.0
    for t in stems:
        if len(stem) >= PREFIX_MIN and t.startswith(stem):
            return 1.0
        if len(t) >= 6 and stem.endswith(t):  # "beleidsterrein" ~ "terrein"
            return 1.0
        if len(t) >= 4 and stem.startswith(t):
            if len(stem) - len(t) <= 2:
                return 1.0
            if len(t) >= PREFIX_MIN:
                best = COMPOUND_HEAD
    return best


def _matches(stem: str, stems: frozenset[str]) -> bool:
    return _match(stem, stems) > 0


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    return frozenset(content_words(text))


def _same_word(word: str | None, words: frozenset[str]) -> bool:
    """Inflections the stemmer splits up ("keuzes" → keuze, "keuzen" → keus): the words
    share all but their last letter or two."""
    if not word or len(word) < 5:
        return False
    return any(len(w) >= 5 and _common_prefix(word, w) >= max(5, min(len(word), len(w)) - 1) for w in words)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _matches(stem: str, stems: frozenset[str]) -> bool:
    """Equal, a compound that starts with it, or an inflection the stemmer left apart
    ("keuze" ~ "keuz")."""
    if stem in stems:
        return True
    for t in stems:
        if len(stem) >= PREFIX_MIN and t.startswith(stem):
            return True
        if len(t) >= 6 and stem.endswith(t):  # "beleidsterrein" ~ "terrein"
            return True
        if len(t) >= 4 and stem.startswith(t) and (len(stem) - len(t) <= 2 or len(t) >= PREFIX_MIN):
            return True  # "keuze" ~ "keuz"; "stappenplan" ~ "stapp"
    return False


def _shape_bonus(question: Question, unit: Unit) -> float:
    text = unit.text
    shape = question.shape
    if shape == "definition" and question.subject:
        lower = text.lower()
        at = lower.find(question.subject)
        if 0 <= at <= 80 and DEFINING_RE.search(
            lower[at + len(question.subject) : at + len(question.subject) + 40]
        ):
            return SHAPE_BONUS
        if re.search(rf"\(\s*{re.escape(question.subject)}\s*\)", lower):  # "'Samen en Toch Apart' (SETA)"
            return SHAPE_BONUS * 1.5
        return 0.0
    if shape == "number":
        return SHAPE_BONUS if NUMBER_IN_TEXT_RE.search(text) else -SHAPE_BONUS
    if shape == "date":
        return SHAPE_BONUS if DATE_IN_TEXT_RE.search(text) else -SHAPE_BONUS
    if shape == "reason":
        return SHAPE_BONUS * 0.6 if REASON_MARKERS_RE.search(text) else 0.0
    if shape in ("list", "procedure"):
        named = bool(question.focus) and _overlap(question.focus, text, lambda _: 1.0, question.words) > 0
        if unit.intro:
            if question.focus and not named:
                return 0.0  # a lead-in to some other list ("…de volgende kaders:")
            return SHAPE_BONUS * (0.6 + (FOCUS_BONUS if named else 0.0))
        inline = len(INLINE_ENUM_RE.findall(text)) >= 3  # "1) zelfanalyse, 2) zoektocht, …"
        return SHAPE_BONUS * ((0.5 if named else 0.0) + (0.6 if inline else 0.0))
    return 0.0


def _lead(question: Question, scored: list[Scored]) -> Scored:
    pool = scored
    if question.shape in ("number", "date"):
        pattern = NUMBER_IN_TEXT_RE if question.shape == "number" else DATE_IN_TEXT_RE
        pool = (
            [s for s in scored if _answers_when(question, s.unit, pattern)]
            or [s for s in scored if pattern.search(s.unit.text) and _event(question, s.unit)]
            or scored
        )
    return max(pool, key=lambda s: (s.score, -s.unit.rank, -s.unit.pos))


def _list_for(
    question: Question,
    lead: Scored,
    scored: list[Scored],
    lists: dict[int, ItemList],
    units: list[Unit],
    passages: list[Passage],
) -> ItemList | None:
    """The list the answer is: the lead's own list, the list its next sentence introduces,
    or for a list question the best list among the passages when it scores close to the lead.
    A list question takes only a list about what it asks for ("Welke risico's…")."""
    listing = question.shape in ("list", "procedure")

    def fits(lst: ItemList) -> bool:
        return not listing or _names_focus(question, lst, passages)

    if lead.unit.list_id is not None and (lead.unit.intro or listing) and fits(lists[lead.unit.list_id]):
        return lists[lead.unit.list_id]
    nxt = next((u for u in units if u.rank == lead.unit.rank and u.pos == lead.unit.pos + 1), None)
    if nxt is not None and nxt.intro and nxt.list_id is not None and listing and fits(lists[nxt.list_id]):
        return lists[nxt.list_id]
    if not listing:
        return None
    by_unit = {(s.unit.rank, s.unit.pos): s.score for s in scored}
    best: tuple[float, ItemList] | None = None
    for lst in lists.values():
        if len(lst.items) < 2 or not fits(lst):
            continue
        score = _list_score(lst, by_unit)
        if best is None or score > best[0]:
            best = (score, lst)
    if best and best[0] >= LIST_RATIO * lead.score:
        return best[1]
    return None


def _names_focus(question: Question, lst: ItemList, passages: list[Passage]) -> bool:
    """The lead-in, the heading above the list, or two of its items name what is asked."""
    if not question.focus:
        return True

    def names(text: str) -> bool:
        return _overlap(question.focus, text, lambda _: 1.0, question.words) > 0

    if lst.intro is not None and names(lst.intro.text):
        return True
    if names(passages[lst.rank].chunk.heading):
        return True
    return sum(names(item.text) for item in lst.items) >= 2


def _list_score(lst: ItemList, scores: dict[tuple[int, int], float]) -> float:
    """A list is as good as its lead-in (or the sentence before it), with some credit for
    items that match the question."""
    items = sorted((scores.get((u.rank, u.pos), 0.0) for u in lst.items), reverse=True)
    intro = 0.0
    if lst.intro is not None:
        intro = max(
            scores.get((lst.rank, lst.intro.pos), 0.0), 0.9 * scores.get((lst.rank, lst.intro.pos - 1), 0.0)
        )
    return max(intro, items[0] * 0.8) + ITEM_CREDIT * items[0]


def _list_lines(lst: ItemList, lead: Scored, passages: list[Passage]) -> list[tuple[str, int]]:
    lines: list[tuple[str, int]] = []
    if lst.intro is not None and lst.intro.words < MIN_WORDS and passages[lst.rank].chunk.heading:
        # a bare label ("Sterktes:") says nothing of what it belongs to: a frame names the section
        lines.append((f"In ‘{passages[lst.rank].chunk.heading}’:", FRAME))
    if lst.intro is not None:
        lines.append((lst.intro.text, lst.rank))
    elif not lead.unit.item:
        lines.append((lead.unit.text, lead.unit.rank))
    for item in lst.items[:MAX_ITEMS]:
        lines.append((_item_line(item), lst.rank))
    return lines


def _shorten(text: str) -> str:
    """A long item's first sentence, cut at ITEM_WORDS words: still a verbatim span."""
    number = NUMBERED_RE.match(text)
    start = number.end() if number else 0
    first = text[:start] + re.split(r"(?<=[.!?])\s+(?=[A-Z])", text[start:], maxsplit=1)[0]
    words = first.split()
    return first if len(words) <= ITEM_WORDS else " ".join(words[:ITEM_WORDS]) + " …"


def _prose(lead: Scored, scored: list[Scored], units: list[Unit]) -> list[tuple[str, int]]:
    """The lead, the sentence before it when the lead leans on it ("Deze poging…"), the next
    one when it carries the thought on, and the best sentences of other passages."""
    picked: list[Unit] = [lead.unit]
    scores = {(s.unit.rank, s.unit.pos): s.score for s in scored}
    neighbours = {(u.rank, u.pos): u for u in units}
    before = neighbours.get((lead.unit.rank, lead.unit.pos - 1))
    if before and CONNECTIVE_RE.match(lead.unit.text) and quotable(before):
        picked.insert(0, before)
    after = neighbours.get((lead.unit.rank, lead.unit.pos + 1))
    if after and quotable(after) and _carries_on(lead.unit, after, scores):
        picked.append(after)
    words = sum(u.words for u in picked)
    seen = {_norm(u.text) for u in picked}
    for s in sorted(scored, key=lambda s: -s.score):
        if s.score < SUPPORT_RATIO * lead.score or words >= MAX_WORDS:
            break
        key = _norm(s.unit.text)
        if key in seen or any(key in k or k in key for k in seen) or words + s.unit.words > MAX_WORDS + 20:
            continue
        picked.append(s.unit)
        seen.add(key)
        words += s.unit.words
    second = _second_source(picked, scored, lead)
    if second is not None and _norm(second.text) not in seen:
        picked.append(second)
    head, rest = picked[: picked.index(lead.unit) + 1], picked[picked.index(lead.unit) + 1 :]
    rest.sort(key=lambda u: (u.rank, u.pos))
    return [(_item_line(u, whole=True) if u.item else u.text, u.rank) for u in head + rest]


def _item_line(item: Unit, whole: bool = False) -> str:
    """In a list each item is cut to its first sentence; quoted alone, an item is the
    answer and stays whole."""
    text = item.text if whole else _shorten(item.text)
    return text if NUMBERED_RE.match(text) else f"- {text}"


def _second_source(picked: list[Unit], scored: list[Scored], lead: Scored) -> Unit | None:
    """A second passage lets the reader check the answer: the best sentence of the best
    other top passage, when it is about the question too."""
    ranks = {u.rank for u in picked}
    if len(ranks) > 1:
        return None
    others = [
        s for s in scored if s.unit.rank not in ranks and s.unit.rank < SECOND_RANKS and not s.unit.item
    ]
    best = max(others, key=lambda s: s.score, default=None)
    return best.unit if best is not None and best.score >= SECOND_SOURCE * lead.score else None


def _carries_on(lead: Unit, after: Unit, scores: dict[tuple[int, int], float]) -> bool:
    """The next sentence belongs to the answer when it leans on the lead ("Dit…", "Later…"),
    when the lead announces it (":"), or when it is about the question's topic too."""
    if CONNECTIVE_RE.match(after.text) or lead.text.endswith(":"):
        return True
    return scores.get((after.rank, after.pos), 0.0) >= NEXT_RATIO * scores.get((lead.rank, lead.pos), 1.0)


def _compare(question: Question, scored: list[Scored], units: list[Unit]) -> list[tuple[str, int]]:
    """One sentence per side, each the best that names that side (and not only the other),
    with the sentence after it when that does not turn to the other side."""
    neighbours = {(u.rank, u.pos): u for u in units}
    keys = _side_keys(question.sides)
    lines: list[tuple[str, int]] = []
    used: set[str] = set()
    for side, stems in zip(question.sides, keys, strict=True):
        others = set().union(*(k for k in keys if k is not stems))
        best: Scored | None = None
        for s in scored:
            got = _stems(s.unit.text)
            if not _has_all(stems, got) or _norm(s.unit.text) in used or s.unit.words < SIDE_WORDS:
                continue
            bonus = 0.0 if _has_all(others, got) else SIDE_ALONE
            if _has_all(stems, _stems(" ".join(s.unit.text.split()[:4]))):
                bonus += SIDE_FIRST  # the sentence is about this side ("Strategische samenwerking betreft…")
            if best is None or s.score + bonus > best.score:
                best = Scored(s.unit, s.score + bonus)
        if best is None:
            return []
        used.add(_norm(best.unit.text))
        starts = best.unit.text.lower().startswith(side)
        lines.append(
            (best.unit.text if starts else f"{side[:1].upper()}{side[1:]}: {best.unit.text}", best.unit.rank)
        )
        after = neighbours.get((best.unit.rank, best.unit.pos + 1))
        if after is not None and quotable(after) and _norm(after.text) not in used and not after.item:
            if CONNECTIVE_RE.match(after.text) or not _has_all(others, _stems(after.text)):
                used.add(_norm(after.text))
                lines.append((after.text, after.rank))
    return lines


def _side_keys(sides: tuple[str, ...]) -> list[set[str]]:
    """The words that tell the sides apart: 'operationele' vs 'strategische samenwerking'
    share 'samenwerking', so each side is keyed by what the other lacks."""
    stems = [side_stems(s) for s in sides]
    keys = []
    for i, own in enumerate(stems):
        other = set().union(*(s for j, s in enumerate(stems) if j != i))
        distinct = own - other
        if len(distinct) > 1 and any(len(s) == 1 for s in stems):
            distinct = {stem_tokens(sides[i])[0]} if stem_tokens(sides[i]) else distinct
        keys.append(distinct or own)
    return keys


def _has_all(stems: set[str], got: frozenset[str]) -> bool:
    return bool(stems) and all(s in got or any(t.startswith(s) for t in got if len(s) >= 5) for s in stems)
