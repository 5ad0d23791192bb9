"""Chunks are searched by short, sentence-aligned windows that carry their heading."""

from __future__ import annotations

from bot.index.windows import WINDOW_TOKENS, approximate_tokens, chunk_windows
from bot.models import Chunk


def _words(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def _chunk(text: str, section: str = "4. Vormen > 4.2.6 SETA", chunk_id: str = "doc.txt:3:abc") -> Chunk:
    return Chunk(chunk_id, "doc.txt", "Doc", section, 5, text, "document")


def test_sentences_are_packed_whole_in_order_with_the_heading_in_front() -> None:
    sentences = [f"Zin nummer {i} gaat over samenwerking tussen gemeenten in de regio." for i in range(40)]
    windows = chunk_windows([_chunk(" ".join(sentences))], _words)
    assert len(windows) > 1
    bodies = [w.text.removeprefix("4.2.6 SETA. ") for w in windows]
    assert all(w.text.startswith("4.2.6 SETA. ") for w in windows)
    assert " ".join(bodies) == " ".join(sentences)
    assert all(len(b.split()) <= WINDOW_TOKENS for b in bodies)
    assert {w.chunk_id for w in windows} == {"doc.txt:3:abc"} and {w.source for w in windows} == {"doc.txt"}


def test_an_overlong_sentence_gets_a_window_of_its_own() -> None:
    long = "Lang " + " ".join(["woord"] * (WINDOW_TOKENS * 2)) + "."
    windows = chunk_windows([_chunk(f"Korte zin hier. {long} Nog een zin.", section="")], _words)
    assert [w.text for w in windows] == ["Korte zin hier.", long, "Nog een zin."]


def test_ids_follow_the_text_so_vectors_can_be_reused() -> None:
    one = chunk_windows([_chunk("Een zin over de BEL-combinatie.")], _words)
    same = chunk_windows([_chunk("Een zin over de BEL-combinatie.")], _words)
    moved = chunk_windows([_chunk("Een zin over de BEL-combinatie.", section="Inleiding")], _words)
    assert one[0].id == same[0].id and one[0].id != moved[0].id
    assert one[0].id.startswith("doc.txt:3:abc#0:")


def test_repeated_text_within_a_chunk_still_gets_distinct_ids() -> None:
    sentence = "Gemeenten werken samen aan taken in de regio. "
    windows = chunk_windows([_chunk(sentence * 60)], _words)
    assert len(windows) > 2 and len({w.id for w in windows}) == len(windows)


def test_token_counts_come_per_sentence_for_all_chunks_in_one_call() -> None:
    calls: list[int] = []

    def counter(texts: list[str]) -> list[int]:
        calls.append(len(texts))
        return approximate_tokens(texts)

    chunks = [_chunk("Eerste zin hier. Tweede zin daar.", chunk_id=f"d:{i}:x") for i in range(3)]
    windows = chunk_windows(chunks, counter)
    assert calls == [6] and len(windows) == 3


def test_no_chunks_means_no_tokenizer_call() -> None:
    def counter(_texts: list[str]) -> list[int]:
        raise AssertionError("the tokenizer should not be needed")

    assert chunk_windows([], counter) == []
