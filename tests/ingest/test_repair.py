"""Repair of extraction artifacts, on real lines from the corpus."""

from pathlib import Path

import pytest

from bot.ingest.repair import repair_text
from bot.ingest.vocabulary import Vocabulary

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_texts(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Hierbij presenteren wij u de notit ie inzake de bestuurli jke visie gemeente Haren 2025",
            "Hierbij presenteren wij u de notitie inzake de bestuurlijke visie gemeente Haren 2025",
        ),
        ("In de eerste plaats wil len wij benadrukken", "In de eerste plaats willen wij benadrukken"),
        ("voort te bli jven bestaan", "voort te blijven bestaan"),
        ("met verschil lende organisatievormen", "met verschillende organisatievormen"),
        ("vanwege krit iek op de wijze", "vanwege kritiek op de wijze"),
        ("variërend van de ti jdeli jke inhuur", "variërend van de tijdelijke inhuur"),
        ("haar kleinschaligheid alt i jd loyaal", "haar kleinschaligheid altijd loyaal"),
        ("de afgelopen vijft ien jaar", "de afgelopen vijftien jaar"),
    ],
)
def test_ligature_splits_are_joined(vocab: Vocabulary, raw: str, expected: str) -> None:
    assert repair_text(raw, vocab).text == expected


def test_punctuation_around_split_words(vocab: Vocabulary) -> None:
    assert (
        repair_text("en kan bli jven, in (ti jdeli jke) vorm", vocab).text
        == "en kan blijven, in (tijdelijke) vorm"
    )


@pytest.mark.parametrize(
    "kept",
    [
        "staat op de lijst van taken",
        "wat er nodig is",
        "Er is veel",
        "dicht bij de burger",
        "de kracht en de zwakte",
        "dat is al tijd geleden",
    ],
)
def test_real_word_pairs_stay_apart(vocab: Vocabulary, kept: str) -> None:
    assert repair_text(kept, vocab).text == kept


def test_hyphenation_over_line_break(vocab: Vocabulary) -> None:
    raw = "een toekomst-\nvisie en ook vanwege een be-\nstuurli jke visie in Haren-\nNoord"
    result = repair_text(raw, vocab)
    assert result.text == "een toekomstvisie en ook vanwege een bestuurlijke visie in Haren-Noord"
    # toekomst|visie, be|stuurlijke and stuurli|jke; the hyphen in Haren-Noord is kept, not counted
    assert result.joins == 3


def test_line_hyphen_followed_by_split_word(vocab: Vocabulary) -> None:
    assert repair_text("In eerdere noti-\nt ies is ook", vocab).text == "In eerdere notities is ook"


def test_html_list_markup_and_bullets_become_items(vocab: Vocabulary) -> None:
    raw = '<ul style="list-style-type: none"> •Autonomie raden gegarandeerd •Flexibel \t<ul> • Geen administratie'
    text = repair_text(raw, vocab).text
    assert "<ul" not in text and "•" not in text
    assert text == "- Autonomie raden gegarandeerd - Flexibel\t- Geen administratie"


def test_whitespace_runs_collapse_and_nothing_alphanumeric_is_lost(vocab: Vocabulary) -> None:
    raw = "Eerste   zin.  \n\n\n\n Tweede\u00a0zin met bestuurskrachtonderzoek2 uitgevoerd."
    text = repair_text(raw, vocab).text
    assert text == "Eerste zin.\n\nTweede zin met bestuurskrachtonderzoek2 uitgevoerd."


def test_whole_corpus_repair_counts_joins(vocab: Vocabulary) -> None:
    raw = (SOURCES / "000_47b7d72b3155641b.txt").read_text(encoding="utf-8")
    result = repair_text(raw, vocab)
    assert result.joins > 100
    assert "bli jven" not in result.text and "notit ie" not in result.text
    assert "blijven" in result.text


def test_fast_word_frequencies_equal_wordfreq() -> None:
    from wordfreq import zipf_frequency

    from bot.ingest.vocabulary import _zipf

    words = [
        "willen",
        "wat",
        "er",
        "water",
        "bli",
        "jven",
        "blijven",
        "samenwerking.",
        "(blijven)",
        "gemeenten,",
        "king?",
        "’s-hertogenbosch",
        "co-ordinatie",
        "xyzzyq",
        "één",
        "e-mail",
        "2013",
    ]
    assert [_zipf(w) for w in words] == [zipf_frequency(w, "nl") for w in words]
