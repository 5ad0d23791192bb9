from bot.answer.quotes import best_quote, passage_sentences

PASSAGE = (
    "Bij een ambtelijke fusie voegen gemeenten hun organisaties samen.\n"
    "De gemeenten blijven bestuurlijk zelfstandig. Een nadeel is dat de afstand tussen "
    "bestuur en organisatie groter wordt."
)


def test_quote_is_the_sentence_sharing_most_words_with_the_claim() -> None:
    quote = best_quote(PASSAGE, ["De afstand tussen bestuur en organisatie wordt groter."])
    assert quote == "Een nadeel is dat de afstand tussen bestuur en organisatie groter wordt."


def test_several_claims_give_several_sentences_in_passage_order() -> None:
    claims = ["Afstand tussen bestuur en organisatie groeit.", "Gemeenten blijven zelfstandig."]
    quote = best_quote(PASSAGE, claims)
    assert quote.startswith("De gemeenten blijven bestuurlijk zelfstandig.")
    assert quote.endswith("groter wordt.")


def test_without_overlap_the_first_sentence_stands_in() -> None:
    assert best_quote(PASSAGE, ["Iets heel anders."]) == passage_sentences(PASSAGE)[0]
