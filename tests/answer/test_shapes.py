"""Question shapes and the words that carry a question's topic."""

import pytest

from bot.answer.question import read_question


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("Wat is een centrumgemeente?", "definition"),
        ("Wat betekent SETA?", "definition"),
        ("Hoeveel medewerkers heeft de BEL Combinatie?", "number"),
        ("Op welke datum is Berg en Dal ontstaan?", "date"),
        ("Wanneer werkt samenwerken op gedeelde opgaven minder goed?", "reason"),
        ("Hoe werkt de Ten Boer-constructie precies?", "definition"),
        ("Waarom liep de poging tot samenwerking op niets uit?", "reason"),
        ("Wat is het verschil tussen een ambtelijke fusie en een herindeling?", "compare"),
        ("Welke risico's noemt de verkenning?", "list"),
        ("Waar moet je op letten bij het personeel?", "list"),
        ("Welk stappenplan raadt het startdocument aan?", "procedure"),
        ("Aan welke gemeente heeft Millingen zijn ambtenaren overgedragen, en hoe liep dat af?", "case"),
    ],
)
def test_shapes(question: str, shape: str) -> None:
    assert read_question(question).shape == shape


def test_asking_words_earn_nothing() -> None:
    stems = read_question("Wat betekent SETA?").stems
    assert stems == {"seta"}
    assert read_question("Welke keuzes kunnen partnergemeenten maken?").focus == {"keuze"}
    assert read_question("Welke juridische vormen zie je het vaakst?").focus == {"juridisch", "vorm"}
