"""The one escaping rule: Slack markup is read once at the edge (`from_slack`), and every
outgoing string passes `mrkdwn` (or `plain` for plain_text fields) exactly once."""

from __future__ import annotations

import re

import pytest

from bot.slack.views.mrkdwn import from_slack, question_text, split_text
from bot.text import WORD_JOINER, clip, mrkdwn, plain, safe_cut

RAW_CONTROL = re.compile(r"<[!@#]")
BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel> kom allemaal",
        "<!here|here> en <!everyone>",
        "@channel @here @everyone @Channel",
        "<@U0AMBTNR01> en <#C0KANAAL1|algemeen>",
        "<https://evil.example|klik hier>",
        "&lt;!channel&gt;",
        "<!subteam^S0123|@beheer>",
    ],
)
def test_mrkdwn_leaves_no_control_sequence_or_broadcast(hostile: str) -> None:
    for text in (hostile, from_slack(hostile)):
        out = mrkdwn(text)
        assert not RAW_CONTROL.search(out) and "<" not in out and ">" not in out
        assert not BROADCAST.search(out)
        assert not RAW_CONTROL.search(plain(text)) and not BROADCAST.search(plain(text))


def test_mrkdwn_escapes_once() -> None:
    assert mrkdwn("R&D <b>") == "R&amp;D &lt;b&gt;"
    assert mrkdwn(mrkdwn("R&D <b>")) == "R&amp;D &lt;b&gt;"  # a second pass changes nothing
    assert mrkdwn("@channel") == f"@{WORD_JOINER}channel"
    assert plain("R&D") == "R&D"  # plain_text shows what it gets: no entities there


def test_from_slack_reads_markup_once() -> None:
    assert from_slack("R&amp;D &lt;b&gt; &amp;lt;") == "R&D <b> &lt;"
    assert from_slack("<!channel> <!here|here>") == "@channel here"
    assert from_slack("<@U0AMBTNR01|jan> in <#C0KANAAL1|pho>") == "@jan in #pho"
    assert from_slack("<@U0AMBTNR01> in <#C0KANAAL1>") == "@U0AMBTNR01 in #C0KANAAL1"
    assert (
        from_slack("zie <https://x.nl|de site> en <https://y.nl>")
        == "zie de site (https://x.nl) en https://y.nl"
    )
    assert question_text("<@U0BOT0001> Wat is R&amp;D?") == "Wat is R&D?"


def test_cutting_never_splits_an_entity() -> None:
    text = "a" * 10 + "&amp;" + "b" * 10
    for at in range(11, 15):
        assert safe_cut(text, at) == 10 and safe_cut(text, at, forward=True) == 15
    assert safe_cut(text, 10) == 10 and safe_cut(text, 15) == 15
    assert clip("x" * 8 + "&lt;" + "y" * 20, 11) == "x" * 8 + "…"
    escaped = mrkdwn("&" * 5000)  # one enormous "word" of entities
    pieces = split_text(escaped, limit=3000)
    assert "".join(pieces) == escaped
    assert all(re.fullmatch(r"(&amp;)+", p) for p in pieces)


def test_the_one_stopword_list_is_the_one_keyword_search_was_built_on() -> None:
    from bm25s.stopwords import STOPWORDS_DUTCH

    from bot.text import STOPWORDS

    assert frozenset(STOPWORDS_DUTCH) == STOPWORDS  # written out, so keyword search is unchanged
