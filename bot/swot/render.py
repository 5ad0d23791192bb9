"""A SWOT as terminal text and as Markdown for a memo. Pure functions.

Its Block Kit form lives at the Slack edge: bot/slack/views/swot.py.
"""

from __future__ import annotations

from bot.models import QUADRANTS, Citation, Swot, SwotItem, last_heading

LABELS = {
    "sterktes": ("💪", "Sterktes"),
    "zwaktes": ("⚠️", "Zwaktes"),
    "kansen": ("🌱", "Kansen"),
    "bedreigingen": ("⛈️", "Bedreigingen"),
}


def basis_line(swot: Swot) -> str:
    """Which kind of SWOT this is, in words."""
    if swot.basis == "tabel":
        first = next((c for q in QUADRANTS for i in swot.quadrant(q) for c in i.citations), None)
        title = swot.source_title or (first.title if first else "het document")
        where = f" ({_place(first)})" if first else ""
        return f"Uit tabel in '{title}'{where}"
    return "Samengesteld uit passages in de documenten"


def sources(swot: Swot, items: list[SwotItem] | None = None) -> list[Citation]:
    """One citation per source number, in number order (of `items`, default all)."""
    chosen = items if items is not None else [i for q in QUADRANTS for i in swot.quadrant(q)]
    seen: dict[int, Citation] = {}
    for item in chosen:
        for c in item.citations:
            seen.setdefault(c.n, c)
    return [seen[n] for n in sorted(seen)]


def source_line(c: Citation) -> str:
    return f"[{c.n}] {c.title} — {_place(c)} ({c.source})"


def empty_line(swot: Swot, q: str) -> str:
    """What an empty quadrant says: plainly that the documents hold nothing for it. From
    passages the bot leaves out sentences it cannot place with confidence, so it says
    "geen duidelijke" rather than that the documents name none."""
    label = LABELS[q][1].lower()
    if swot.basis == "passages":
        return f"In de documenten staan geen duidelijke {label} van {swot.topic}."
    return f"De documenten noemen geen {label} van {swot.topic}."


def markers(item: SwotItem) -> str:
    return " ".join(f"[{n}]" for n in sorted({c.n for c in item.citations}))


def _place(c: Citation) -> str:
    section = last_heading(c.section) or "zonder sectie"
    return f"{section}, p. {c.page}" if c.page else section


# --- terminal --------------------------------------------------------------------------


def swot_to_text(swot: Swot) -> str:
    lines = [f"SWOT: {swot.topic}", basis_line(swot), ""]
    for q in QUADRANTS:
        emoji, label = LABELS[q]
        lines.append(f"{emoji} {label}")
        items = swot.quadrant(q)
        lines.extend(f"  • {i.text} {markers(i)}" for i in items)
        if not items:
            lines.append(f"  ({empty_line(swot, q)})")
        lines.append("")
    lines.append("Bronnen")
    lines.extend(f"  {source_line(c)}" for c in sources(swot))
    return "\n".join(lines)


# --- Markdown --------------------------------------------------------------------------


def swot_to_markdown(swot: Swot) -> str:
    """Two 2-column tables (S|W, O|T) and a numbered source list, ready for a memo."""
    out = [f"## SWOT: {_md(swot.topic)}", "", f"*{_md(basis_line(swot))}.*", ""]
    for left, right in (("sterktes", "zwaktes"), ("kansen", "bedreigingen")):
        out.extend(_md_table(swot, left, right))
        out.append("")
    out.append("**Bronnen**")
    out.append("")
    for c in sources(swot):
        out.append(f"{c.n}. {_md(c.title)}, {_md(_place(c))} (`{c.source}`)")
    return "\n".join(out) + "\n"


def _md_table(swot: Swot, left: str, right: str) -> list[str]:
    a, b = swot.quadrant(left), swot.quadrant(right)
    rows = [f"| {LABELS[left][1]} | {LABELS[right][1]} |", "|---|---|"]
    for i in range(max(len(a), len(b), 1)):
        rows.append(f"| {_md_cell(swot, left, i)} | {_md_cell(swot, right, i)} |")
    return rows


def _md_cell(swot: Swot, q: str, i: int) -> str:
    items = swot.quadrant(q)
    if i < len(items):
        return f"{_md(items[i].text)} {markers(items[i])}"
    return f"*{_md(empty_line(swot, q))}*" if i == 0 else ""


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
