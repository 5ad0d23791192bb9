"""One module per answer shape: how the lines of an answer are chosen once every candidate
sentence is scored (bot/answer/scoring.py). `prose` serves definitions, facts, reasons and
cases; `specific` picks the lead of a number or date question; `lists` and `compare` build
the items and the two sides."""
