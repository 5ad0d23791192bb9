"""Text typed by a user may carry bytes that are not UTF-8 (argv, stdin, a pasted file)."""

from __future__ import annotations

import re

_SURROGATES = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """Python hands undecodable bytes over as lone surrogates, which no encoder accepts;
    they become U+FFFD so the text can be embedded, printed and stored."""
    return _SURROGATES.sub("\ufffd", text)
