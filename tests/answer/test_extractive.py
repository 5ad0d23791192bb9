"""Extractive answers and the found/not-found decision, on hand-made passages."""

from bot.answer.answerability import has_specific_answer, judge, subject_terms
from bot.answer.extractive import extractive_answer, not_found_answer
from bot.answer.question import read_question
from bot.index.keyword import KeywordIndex
from bot.models import Chunk, Passage
from bot.text import split_clauses

TEXTS = [
    "Bij een ambtelijke fusie gaan de ambtelijke organisaties op in één werkorganisatie. "
    "De gemeenteraden blijven zelfstandig. Het weer was die dag goed.",
    "Een centrumgemeente voert taken uit voor andere gemeenten. Zij krijgt daarvoor een vergoeding.",
    "De BEL Combinatie is in 2008 ontstaan. Blaricum, Eemnes en Laren werken samen.",
]


def passages() -> list[Passage]:
    return [
        Passage(Chunk(f"d:{i}:x", "d.txt", "Document", f"Sectie {i}", i + 1, t), 1.0 / (i + 1))
        for i, t in enumerate(TEXTS)
    ]


def idf() -> KeywordIndex:
    return KeywordIndex.from_texts(TEXTS + ["Andere tekst over samenwerking en gemeenten."] * 5)


def test_answer_quotes_best_sentences_with_citation_numbers() -> None:
    answer = extractive_answer(
        "Wat gebeurt er met de ambtelijke organisaties bij een ambtelijke fusie?", passages(), idf().idf
    )
    assert answer.found and answer.mode == "extractive"
    first_line = answer.answer.splitlines()[0]
    assert first_line == (
        "Bij een ambtelijke fusie gaan de ambtelijke organisaties op in één werkorganisatie. [1]"
    )
    assert answer.citations[0].n == 1 and answer.citations[0].page == 1
    assert "Het weer was die dag goed" not in answer.answer
    for citation in answer.citations:
        for quote in citation.quote.split(" … "):
            assert quote in citation.text


def test_every_marker_has_a_citation() -> None:
    answer = extractive_answer(
        "Welke taken voert een centrumgemeente uit voor andere gemeenten?", passages(), idf().idf
    )
    numbers = {c.n for c in answer.citations}
    for line in answer.answer.splitlines():
        assert int(line.rsplit("[", 1)[1].rstrip("]")) in numbers


def test_not_found_keeps_closest_passages() -> None:
    answer = not_found_answer("Iets anders?", passages())
    assert not answer.found and answer.citations == [] and len(answer.related) == 3
    assert "niet in de documenten" in answer.answer


def test_question_terms_absent_means_not_found() -> None:
    verdict = judge("Wat verandert de herziene omgevingswet aan vergunningen?", passages(), idf().idf, 0.15)
    assert not verdict.found


def test_number_question_needs_a_number_next_to_the_subject() -> None:
    assert not has_specific_answer("Hoeveel medewerkers heeft de BEL Combinatie?", TEXTS)
    assert has_specific_answer(
        "Hoeveel medewerkers heeft de BEL Combinatie?", ["De BEL Combinatie heeft ongeveer 250 medewerkers."]
    )
    assert has_specific_answer("In welk jaar is de BEL Combinatie ontstaan?", TEXTS)
    assert not has_specific_answer(
        "Op welke datum is de gemeente Berg en Dal ontstaan?", ["De nieuwe gemeente heet Berg en Dal."]
    )


def test_open_questions_need_no_number() -> None:
    assert has_specific_answer("Wanneer werkt samenwerken minder goed?", TEXTS)
    assert subject_terms("Hoeveel inwoners heeft de gemeente Wijchen in 2020?") == ["wijch", "2020"]
    assert subject_terms("Wat was de aanleiding voor de SETA-tekst?") == ["seta"]


def test_sentence_split_keeps_short_fragments_attached() -> None:
    parts = split_clauses("Eerste zin is hier. Kort. Tweede zin volgt hier.\tCel twee van de tabel")
    assert parts == ["Eerste zin is hier. Kort.", "Tweede zin volgt hier.", "Cel twee van de tabel"]


def test_definition_questions_prefer_a_defining_sentence() -> None:
    assert read_question("Wat is een centrumgemeente?").subject == "centrumgemeente"
    assert read_question("Welke taken heeft een centrumgemeente?").shape != "definition"
    defining = "Een centrumgemeente is een gemeente die taken uitvoert voor omliggende gemeenten."
    mention = "Veel gemeenten noemen de centrumgemeente in hun plannen, zoals bij de jeugdzorg in de regio."
    one = [Passage(Chunk("d:0:x", "d.txt", "D", "S", None, f"{mention} {defining}"), 1.0)]
    answer = extractive_answer("Wat is een centrumgemeente?", one, idf().idf)
    assert defining in answer.citations[0].quote
    assert answer.answer.startswith(defining)  # the defining sentence leads, the mention does not
