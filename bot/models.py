"""Plain data types shared by services and edges. No I/O here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


def last_heading(section: str) -> str:
    """The innermost heading of a section path: "8. Vormen > 8.4 Vorm 4" -> "8.4 Vorm 4"."""
    return section.split(" > ")[-1] if section else ""


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of a document: never straddles a section."""

    id: str
    source: str  # file name, e.g. 003_187c9113d662aac7.txt
    title: str  # document title, as citations show it
    section: str  # section path, e.g. "8. Vormen van samenwerking > 8.4 Vorm 4 Ambtelijke fusie"
    page: int | None
    text: str
    kind: str = "document"  # "document" | "case"

    @property
    def heading(self) -> str:
        return last_heading(self.section)


@dataclass(frozen=True)
class Passage:
    """A chunk as returned by retrieval, with its fused score (higher is better)."""

    chunk: Chunk
    score: float
    dense: float | None = None  # cosine similarity, when the dense retriever found it
    keyword: float | None = None  # BM25 score, when the keyword retriever found it


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    page: int | None
    quote: str  # the sentence(s) used
    text: str  # the whole chunk

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    found: bool
    answer: str
    mode: Literal["extractive", "llm"] = "extractive"
    citations: list[Citation] = field(default_factory=list)
    related: list[Passage] = field(default_factory=list)  # "misschien relevant" when not found
    left_out: bool = False  # sources the question's scope may not see ranked among the best

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class SwotItem:
    text: str
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations]}


QUADRANTS = ("sterktes", "zwaktes", "kansen", "bedreigingen")


@dataclass
class Swot:
    topic: str
    basis: Literal["tabel", "passages"]
    sterktes: list[SwotItem] = field(default_factory=list)
    zwaktes: list[SwotItem] = field(default_factory=list)
    kansen: list[SwotItem] = field(default_factory=list)
    bedreigingen: list[SwotItem] = field(default_factory=list)
    source_title: str | None = None  # for "uit tabel in <titel>"

    def quadrant(self, name: str) -> list[SwotItem]:
        return getattr(self, name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"topic": self.topic, "basis": self.basis}
        for name in QUADRANTS:
            out[name] = [item.to_dict() for item in self.quadrant(name)]
        return out
