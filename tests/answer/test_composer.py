"""The answer composer per question shape, on real corpus passages: the chunks of
knowledge/, ranked by the keyword index (no embedding model needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answer.extractive import extractive_answer
from bot.answer.question import read_question
from bot.index.keyword import KeywordIndex
from bot.ingest.chunking import chunk_document
from bot.ingest.loaders import load
from bot.ingest.metadata import describe, load_sources_yaml
from bot.ingest.repair import repair_text
from bot.ingest.tables import linearize_tables
from bot.ingest.vocabulary import Vocabulary
from bot.models import Answer, Chunk, Passage
from bot.query.synonyms import Synonyms

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


class Corpus:
    def __init__(self) -> None:
        paths = sorted((KNOWLEDGE / "sources").glob("*.txt")) + sorted((KNOWLEDGE / "cases").glob("*.md"))
        vocab = Vocabulary.from_texts(p.read_text(encoding="utf-8") for p in paths)
        sources = load_sources_yaml(KNOWLEDGE / "sources.yaml")
        self.chunks: list[Chunk] = []
        for path in paths:
            doc = load(path)
            meta, body = describe(path, doc.text, sources, path.suffix == ".md")
            doc.text = body
            text = linearize_tables(repair_text(doc.text, vocab).text)
            self.chunks += chunk_document(doc, text, path.name, meta.title, meta.kind)
        self.keyword = KeywordIndex.from_texts([f"{c.heading} {c.text}" for c in self.chunks])
        self.synonyms = Synonyms.load(KNOWLEDGE / "synonyms.yaml")

    def ask(self, question: str, search: str | None = None, synonyms: bool = False) -> Answer:
        """Answer from the top 5 keyword hits for `search` (default: the question);
        `synonyms`: with the groups of knowledge/synonyms.yaml, as the service does."""
        hits = self.keyword.search(search or question, 5)
        passages = [Passage(self.chunks[int(i)], score) for i, score in hits]
        return extractive_answer(
            question, passages, self.keyword.idf, synonyms=self.synonyms if synonyms else None
        )


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus()


def lines_of(answer: Answer) -> list[str]:
    return [re.sub(r"\s*\[\d+\]$", "", line) for line in answer.answer.splitlines()]


def test_list_question_returns_every_item_of_the_list(corpus: Corpus) -> None:
    answer = corpus.ask("Welke nadelen van samenwerking worden in de gemeentelijke praktijk ervaren?")
    text = answer.answer
    for item in (
        "Flexibiliteit wordt anders;",
        "Afleggen van politieke controle wordt ingewikkelder;",
        "Er ontstaat een grotere afstand tussen bestuur en uitvoering;",
        "Het is ondoorzichtiger;",
        "De bestuurlijke drukte neemt toe;",
        "Het is ondemocratisch.",
    ):
        assert f"- {item}" in text
    assert lines_of(answer)[0].endswith("ervaren:")  # the lead-in introduces the items


def test_a_synonym_of_the_listed_thing_finds_the_list(corpus: Corpus) -> None:
    # the document lists "nadelen"; the question asks for "bezwaren" (knowledge/synonyms.yaml)
    question = "Welke bezwaren tegen samenwerking komen in de gemeentelijke praktijk naar voren?"
    search = "nadelen bezwaren samenwerking gemeentelijke praktijk"
    without = corpus.ask(question, search=search)
    answer = corpus.ask(question, search=search, synonyms=True)
    assert lines_of(answer)[0].endswith("ervaren:")
    for item in ("Afleggen van politieke controle wordt ingewikkelder;", "De bestuurlijke drukte neemt toe;"):
        assert f"- {item}" in answer.answer
        assert f"- {item}" not in without.answer  # the word alone does not find it


def test_list_lead_in_brings_its_items(corpus: Corpus) -> None:
    answer = corpus.ask("Welke keuzes kunnen partnergemeenten binnen SETA maken als ze voorzichtig beginnen?")
    for item in ("het aantal in de samenwerking deelnemende partnergemeenten;", "de wijze van aansturing"):
        assert item in answer.answer
    assert sum(line.startswith("- ") for line in lines_of(answer)) == 5


def test_comparison_names_both_sides(corpus: Corpus) -> None:
    answer = corpus.ask("Wat is het verschil tussen operationele en strategische samenwerking?")
    text = answer.answer.lower()
    assert "operationele samenwerking betreft" in text
    assert "strategische samenwerking betreft" in text
    assert read_question("Wat is het verschil tussen een ambtelijke fusie en een herindeling?").sides == (
        "ambtelijke fusie",
        "herindeling",
    )


def test_comparison_worded_otherwise_gets_the_two_alternatives(corpus: Corpus) -> None:
    # the question's sides ("vaste", "soepele") are named nowhere; the passage sets out the
    # two ways as a list of two items under one lead-in (before: loose sentences, no sides)
    answer = corpus.ask(
        "Wat is het verschil tussen een vaste en een soepele inrichting van het combinatiemodel?"
    )
    items = [line for line in lines_of(answer) if line.startswith("- ")]
    assert len(items) == 2
    assert '"harde" structuur in een aparte werkorganisatie' in items[0]
    assert '"zachtere" structuur via een programma-aanpak' in items[1]


def test_date_question_leads_with_a_date(corpus: Corpus) -> None:
    answer = corpus.ask("In welk jaar is er een bestuurskrachtonderzoek uitgevoerd in Groninger gemeenten?")
    assert re.search(r"\b20\d\d\b", lines_of(answer)[0])


def test_date_lead_names_the_subject_in_its_own_sentence(corpus: Corpus) -> None:
    # the passages hold another municipality's founding date ("Molenwaard … op 1 januari
    # 2013 … ontstaan"); the lead must be a dated sentence about the BEL Combinatie
    answer = corpus.ask("Wanneer is de BEL Combinatie ontstaan?", search="BEL Combinatie ontstaan Molenwaard")
    lead = lines_of(answer)[0]
    assert "Molenwaard" not in lead
    assert "BEL" in lead or "Blaricum" in lead
    assert re.search(r"\b(19|20)\d\d\b", lead)


def test_the_lead_keeps_its_paragraph(corpus: Corpus) -> None:
    # "…op het eerste gezicht…" is answered two sentences on: "Echter, de inwoners ervaren…"
    answer = corpus.ask(
        "Wat merken inwoners volgens onderzoek naar heringedeelde Zuid-Hollandse gemeenten van een herindeling?"
    )
    lines = lines_of(answer)
    assert lines[0].startswith("Uit onderzoek (bijvoorbeeld naar heringedeelde gemeenten in Zuid-Holland")
    assert "Echter, de inwoners ervaren een toename van de afstand naar het gemeentebestuur." in lines


def test_definition_of_an_abbreviation_gives_its_expansion(corpus: Corpus) -> None:
    # passages about SETA that include the one spelling it out, and many "Dat betekent…"
    answer = corpus.ask("Wat betekent SETA?", search="SETA betekent naam concept Samen Toch Apart")
    assert "Samen en Toch Apart" in answer.answer
    assert not lines_of(answer)[0].startswith("Dat betekent")


def test_table_of_contents_is_never_quoted(corpus: Corpus) -> None:
    assert not any("Leeswijzer....." in c.text or "1.1 Leeswijzer\t3" in c.text for c in corpus.chunks)
    for question in (
        "Wat zijn de nadelen of risico's van samenwerking?",
        "Welke vormen van samenwerking zijn er, zoals organisch samenwerken en ambtelijke fusie?",
    ):
        for line in lines_of(corpus.ask(question)):
            assert not re.search(r"\d\.\d .{3,80} \d{1,3} \d", line), line


QUESTIONS = (
    "Wat zijn de risico's van samenwerking volgens de verkenning?",
    "Welke randvoorwaarden voor samenwerking noemt de verkenning?",
    "Wat zijn de faalfactoren van SETA?",
    "Waarom liep de poging tot samenwerking van Beek, Valkenburg en Nuth op niets uit?",
    "Hoe werkt de Ten Boer-constructie?",
    "Wat is een centrumgemeente?",
    "Welke tips geven andere gemeenten?",
    "Hoe werkt een shared service center?",
)


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_duplicates_fragments_or_markup(corpus: Corpus, question: str) -> None:
    answer = corpus.ask(question)
    lines = lines_of(answer)
    assert lines and len(set(lines)) == len(lines)
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line.endswith(":") and not line.startswith("In ‘"):  # a lead-in comes with its items
            assert after.startswith("- ") or after[:1].isdigit(), (line, after)
    for line in lines:
        body = line[2:] if line.startswith("- ") else line
        assert not re.search(r"</?h\d|<p>|^#+ |\]\(#\)", body)
        if not line.startswith("- "):
            assert body[:1].isupper() or body[:1].isdigit() or body[:1] in "'‘“\"(", body  # no fragment
    for citation in answer.citations:
        for quote in citation.quote.split(" … "):
            assert quote in citation.text  # every statement is a verbatim span


def test_section_labels_are_clean(corpus: Corpus) -> None:
    sections = {c.section for c in corpus.chunks}
    assert not any(garbled in s for s in sections for garbled in ("Saumerwalting", "vawv", "menukaait"))
    assert "De specifieke menukaart voor samenwerking" in sections  # one-letter slip repaired
    assert any(s.startswith("8. Vormen van samenwerking > 8.4") for s in sections)


def test_a_table_column_is_a_list_with_a_frame_naming_its_section(corpus: Corpus) -> None:
    answer = corpus.ask(
        "Wat zijn de zwaktes van de ambtelijke fusie?", search="Zwaktes Vorm 4 Ambtelijke fusie SWOT"
    )
    lines = answer.answer.splitlines()
    assert lines[0].startswith("In ‘") and "[" not in lines[0]  # a frame quotes and cites nothing
    assert lines[1].startswith("Zwaktes:")
    assert sum(line.startswith("- ") for line in lines) >= 4
    assert answer.citations[0].section.endswith(lines[0][4:-2])  # the frame names the cited section


def test_a_long_list_item_is_quoted_by_its_answering_sentences(corpus: Corpus) -> None:
    # the reason stands in the third sentence of a long item ("Voordeel aan dit model is …")
    answer = corpus.ask(
        "Waarom moet je bij één gezamenlijke ambtelijke organisatie sturen op hoe de capaciteit over de "
        "besturen wordt verdeeld?",
        search="ambtelijke fusie capaciteitsverdeling bestuurders vertrouwde medewerker",
    )
    line = next(line for line in lines_of(answer) if "gestuurd wordt op capaciteitsverdeling" in line)
    assert not line.startswith("- Voordeel aan dit model")  # not the whole item
    assert len(line.split()) <= 40
    for citation in answer.citations:
        assert all(quote in citation.text for quote in citation.quote.split(" … "))


def test_a_sentence_that_lists_what_is_asked_is_the_answer(corpus: Corpus) -> None:
    # "rechtsvormen" ~ "juridische vormen" (knowledge/synonyms.yaml); the sentence lists them
    # inline, so no other list in the passages ("1. plantaken…") takes its place
    answer = corpus.ask(
        "Welke juridische vormen zie je het vaakst bij samenwerkingsverbanden?",
        search="juridische vormen rechtsvormen meest voorkomen samenwerkingsverbanden",
        synonyms=True,
    )
    lines = lines_of(answer)
    assert "het gemeenschappelijk openbaar lichaam, het convenant en de stichting" in lines[0]
    assert not any(line.startswith(("- ", "1. ")) for line in lines)


def test_a_section_about_the_subject_answers_how_it_works(corpus: Corpus) -> None:
    # "4.2.7 Model Ten Boer" opens with what the model is, without repeating the name; a
    # sentence elsewhere only lists "de Ten Boer constructie" among other names
    answer = corpus.ask(
        "Hoe werkt de Ten Boer-constructie precies?",
        search="Model Ten Boer publieke outsourcing constructie vakliteratuur federatiegemeente",
    )
    lines = answer.answer.splitlines()
    assert lines[0].startswith("In ‘") and "Ten Boer" in lines[0] and "[" not in lines[0]
    assert lines[1].startswith("Een gemeente besteedt alle ambtelijk uit te voeren werkzaamheden")


def test_a_bare_label_is_not_quoted_without_its_list(corpus: Corpus) -> None:
    # under "4.2.5 Intergemeentelijk Shared Service Center" the definition is followed by the
    # label "Juridische vormen:" and its list; a prose answer quotes the label only with it
    answer = corpus.ask(
        "Hoe werkt een shared service center?",
        search="intergemeentelijk shared service center resultaat verantwoordelijk samenwerkingsverband",
    )
    lines = lines_of(answer)
    assert lines[0].startswith("Een intergemeentelijk shared service center is")
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        assert not line.endswith(":") or after.startswith("- "), (line, after)


def test_an_example_of_the_subject_does_not_lead_its_definition(corpus: Corpus) -> None:
    """ "Noaberkracht is een voorbeeld van een ambtelijke fusie." says what Noaberkracht is."""
    search = "Vorm 4 ambtelijke fusie Noaberkracht voorbeeld gezamenlijke ambtelijke organisatie"
    lines = lines_of(corpus.ask("Wat is een ambtelijke fusie?", search=search))
    assert lines and "voorbeeld van een ambtelijke fusie" not in lines[0], lines
    assert lines[0].startswith("Het draait om één gezamenlijke ambtelijke organisatie"), lines


def test_a_list_item_is_read_under_its_lead_in_and_no_lead_in_dangles(corpus: Corpus) -> None:
    search = "gemeenschappelijk orgaan lichte gemeenschappelijke regeling rechtspersoon varianten"
    lines = lines_of(corpus.ask("Wat is een gemeenschappelijke regeling?", search=search))
    item = next(n for n, line in enumerate(lines) if line.startswith("- Een gemeenschappelijk orgaan"))
    assert item > 0 and not lines[item - 1].startswith("- "), lines  # its lead-in comes first
    for n, line in enumerate(lines):
        if line.endswith(":"):
            assert n + 1 < len(lines) and lines[n + 1].startswith("- "), lines
