"""Document structure kept at ingestion: blocks, lists, tables of contents, markup, headings."""

from collections import Counter

from bot.ingest.blocks import split_block, strip_marker, to_blocks
from bot.ingest.headings import HeadingCleaner
from bot.ingest.markup import blank_toc_lines, strip_markup
from bot.ingest.vocabulary import Vocabulary


def lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n")))


def test_wrapped_lines_join_and_items_stay_apart() -> None:
    text = (
        "Denk daarbij bij voorbeeld aan keuzen op het volgende vlak:\n"
        "o het aantal in de samenwerking deelnemende partnergemeenten;\n"
        "o de mate van concentratie van de ambtelijke fusie (één pool?) of deconcentratie van de\n"
        "ambtelijke units (meerdere pools van ambtenaren);\n"
        "Samenwerkende partners kunnen het samenwerkingsconcept verder verfijnen."
    )
    blocks = [b for _, b in to_blocks(lines(text))]
    assert blocks == [
        "Denk daarbij bij voorbeeld aan keuzen op het volgende vlak:",
        "o het aantal in de samenwerking deelnemende partnergemeenten;",
        "o de mate van concentratie van de ambtelijke fusie (één pool?) of deconcentratie van de "
        "ambtelijke units (meerdere pools van ambtenaren);",
        "Samenwerkende partners kunnen het samenwerkingsconcept verder verfijnen.",
    ]
    assert strip_marker(blocks[1]).startswith("het aantal")
    assert strip_marker("1. Samenwerking op contractbasis;") == "1. Samenwerking op contractbasis;"


def test_table_cells_with_inline_bullets_become_items() -> None:
    blocks = [
        b
        for _, b in to_blocks(lines("Kansen: - Draagvlak aanwezig - Flexibel\nBedreigingen: - Te kwetsbaar"))
    ]
    assert blocks == ["Kansen:", "- Draagvlak aanwezig", "- Flexibel", "Bedreigingen:", "- Te kwetsbaar"]


def test_sentences_are_not_cut_after_abbreviations_or_page_references() -> None:
    assert split_block("Zie bv. de ODG in Groningen. Dat werkt (p. 23-24) goed. Daarna meer.") == [
        "Zie bv. de ODG in Groningen.",
        "Dat werkt (p. 23-24) goed.",
        "Daarna meer.",
    ]


def test_table_of_contents_lines_are_blanked_but_body_text_stays() -> None:
    text = "Inhoud\n\n1. Inleiding.....\t3\n1.1 Leeswijzer.....\t3\n2. De opdracht\t4\n\n1. Inleiding\n\nTekst over 12 gemeenten."
    out = blank_toc_lines(text)
    assert len(out) == len(text)  # offsets (page numbers) hold
    assert "Leeswijzer" not in out and "Inhoud" not in out
    assert "1. Inleiding\n\nTekst over 12 gemeenten." in out


def test_markup_residue_goes_words_stay() -> None:
    cleaned = strip_markup(
        " <h3>Meerinzicht</h3> <p>De samenwerking begon.</p> ¹ [BDO Benchmark 2022.pdf](#) *samen*"
    )
    assert "<" not in cleaned and "](#)" not in cleaned and "*" not in cleaned
    assert "Meerinzicht: " in cleaned and "BDO Benchmark 2022.pdf" in cleaned and "samen" in cleaned


def test_garbled_headings_are_repaired_on_evidence_or_dropped() -> None:
    body = "De menukaart voor samenwerking is breed. De menukaart kent veel samenwerking en nadelen."
    cleaner = HeadingCleaner(Vocabulary(), Counter(body.lower().replace(".", "").split()))
    assert (
        cleaner.clean("De specifieke menukaait voor samenwerking")
        == "De specifieke menukaart voor samenwerking"
    )
    assert cleaner.clean("Nadelew vawv de ambtelijke fusie") is None
    assert cleaner.clean("Saumerwalting") is None
    assert cleaner.clean("Verdieping en meningsvorming") == "Verdieping en meningsvorming"  # a compound
    assert cleaner.clean_path("8. Vormen > Saumerwalting") == "8. Vormen"
