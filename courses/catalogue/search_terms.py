"""What a visitor typed into a search box or a listing's address, made into something every database answers.

Neither database accepts everything a person can type: PostgreSQL refuses a NUL character in any string,
and SQLite's full-text syntax fails on an unclosed double quote. So the text is cleaned here once, before
any listing filters or searches with it: control characters go, and the words are handed to the search
backend as a query object (plain words, and the phrases between pairs of double quotes), never as syntax of
the database's own query language.
"""

from __future__ import annotations

import re

from wagtail.search.query import And, Phrase, PlainText

# Control characters (NUL among them), which no search or filter value needs; tabs and line breaks count as
# spaces between words.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A letter or a digit: a part without one (only punctuation, "-", "*") can match no word, and PostgreSQL's
# backend makes no query of it, which it then cannot combine with the other parts.
_WORD = re.compile(r"\w")


def typed(request, name: str, limit: int) -> str:
    """The value of a query-string parameter as text any database accepts: control characters replaced by
    spaces, surrounding space removed, cut to `limit` characters (the rest cannot be a useful search)."""
    return _CONTROL.sub(" ", request.GET.get(name, "")).strip()[:limit].strip()


def one_of(request, name: str, allowed) -> str:
    """The parameter's value when it is one of `allowed`, else "" (an unknown value filters nothing)."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def full_text_query(text: str):
    """The search backend's query for these words: a phrase for each text between a pair of double quotes,
    plain words (all of them must match) for the rest, and an unpaired quote read as a space. None when
    nothing searchable is left."""
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an odd number of quotes: the last one opens no phrase
        parts[-2:] = [" ".join(parts[-2:])]
    queries = []
    for index, part in enumerate(parts):
        part = " ".join(part.split())
        if not _WORD.search(part):
            continue
        queries.append(Phrase(part) if index % 2 else PlainText(part))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else And(queries)
