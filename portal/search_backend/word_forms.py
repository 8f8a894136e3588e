"""Word forms: what the site search keeps of a word, so that a plural, a singular and a verb form of it, typed
with or without accents, find the same items ("cooperativas" finds "cooperativa", "capacitacion" finds
"capacitación", "certificados" finds "certificação").

Every indexed object is written in one language: a course's or a material's own `language` (the language of
its content, which may differ from its tree's), else its locale's (lessons, catalogues), else none (images,
documents, people). Its words are cut to their stem by that language's Snowball stemmer, the algorithm
PostgreSQL's 'spanish', 'portuguese' and 'english' text search configurations use too, and the stems lose
their accents. The stemmer runs before the accents go, because its rules know the accented endings
(Portuguese "-ção", "-ções"); so that a word typed without them still finds its item, each accented word is
also kept as the stem of its unaccented spelling. Portuguese's stemmer knows some endings only with their
accents ("-ção", "-ções", "-ência", "-ável"): a Portuguese word written without any accent gets them back on
such an ending before it is cut (`accented_endings`), so that "certificacoes", "certificacao" and
"certificações" are all cut to "certific", as "certificados" is.

The search asks, for each language, the typed words stemmed that language's way, among the objects written
in it only: each object carries the tag of its language (`language_tag`), so that a Portuguese page is not
found by a Spanish word form it does not contain.

Both database backends (portal/search_backend/postgresql.py, sqlite.py) follow these rules: SQLite through
the functions below, PostgreSQL in SQL with its own stemmers and the same accent table (`ACCENTED`, `PLAIN`),
on texts whose endings `accented_endings` has accented first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

# The portal's languages (settings.LANGUAGES), each with PostgreSQL's text search configuration and the
# Snowball stemmer of the same name.
LANGUAGES = {"es": "spanish", "pt": "portuguese", "en": "english"}
# An object in none of them (an image, a document, a person) is indexed word for word.
NO_LANGUAGE = ""
UNSTEMMED_CONFIG = "simple"


def _accent_table() -> tuple[str, str]:
    """The letters with accents of the Latin alphabets (Latin-1 and Latin Extended-A: á, ã, ç, ñ, ü...) and
    the plain letter each stands on, in two strings of the same length: one letter for one letter, as
    PostgreSQL's `translate()` and Python's `str.translate` replace them."""
    accented, plain = [], []
    for code in range(0x00C0, 0x0180):
        letter = chr(code)
        base, *marks = unicodedata.normalize("NFKD", letter)
        if marks and base.isascii() and base.isalpha() and all(unicodedata.combining(mark) for mark in marks):
            accented.append(letter)
            plain.append(base)
    return "".join(accented), "".join(plain)


ACCENTED, PLAIN = _accent_table()
_FOLD = str.maketrans(ACCENTED, PLAIN)
# A word as both databases' tokenizers cut it: a run of letters and digits (an underscore, a hyphen or an
# apostrophe separates two words).
_WORD = re.compile(r"[^\W_]+")
# A private-use character: no typed word holds one (it is neither a letter nor a digit), yet SQLite's
# tokenizer keeps it inside a word, so a language's tag is a word of the index that no search can type.
_TAG_MARK = "\ue000"


def fold(text: str) -> str:
    """The text without accents (ñ and ç included, as readers type on phones)."""
    return text.translate(_FOLD)


def language_tag(language: str) -> str:
    """The word of the index that says an object is written in `language` (NO_LANGUAGE included)."""
    return f"{_TAG_MARK}{language or 'none'}"


def search_languages() -> list[str]:
    """The languages a search asks in: the portal's, and none (for the objects written in none)."""
    return [*LANGUAGES, NO_LANGUAGE]


def languages_of(objs, locale_codes) -> list[str]:
    """The language each object is written in: its content's language, else its locale's, else
    NO_LANGUAGE. `locale_codes()` gives {locale id: language code}; it is asked once, and only when an
    object has no language of its own (a lesson, a catalogue)."""
    codes = None
    languages = []
    for obj in objs:
        language = getattr(obj, "language", None)
        locale_id = getattr(obj, "locale_id", None)
        if language not in LANGUAGES and locale_id is not None:
            codes = locale_codes() if codes is None else codes
            language = codes.get(locale_id, "").split("-")[0].lower()
        languages.append(language if language in LANGUAGES else NO_LANGUAGE)
    return languages


# The endings that Portuguese's stemmer knows only with their accents, as a reader who types without accents
# writes them, longest first. Each is restored only on a word with no accent at all and at least three letters
# before the ending ("não", "mão" stay as typed: the index keeps their unaccented spelling too).
_PORTUGUESE_ENDINGS = (
    ("ancias", "âncias"),
    ("encias", "ências"),
    ("aveis", "áveis"),
    ("iveis", "íveis"),
    ("ancia", "ância"),
    ("encia", "ência"),
    ("avel", "ável"),
    ("ivel", "ível"),
    ("coes", "ções"),
    ("cao", "ção"),
    ("oes", "ões"),
    ("ao", "ão"),
)
_ACCENTED_ENDINGS = {"pt": _PORTUGUESE_ENDINGS}


def _accented_ending(word: str, language: str) -> str:
    lower = word.lower()
    if fold(lower) != lower:
        return word  # written with accents: as its writer meant it
    for plain, accented in _ACCENTED_ENDINGS.get(language, ()):
        if lower.endswith(plain) and len(lower) >= len(plain) + 3:
            return lower[: -len(plain)] + accented
    return word


def accented_endings(text: str, language: str) -> str:
    """The text with the accents its language's stemmer needs restored on the endings of the words written
    without any ("certificacoes" → "certificações"; Portuguese only, Spanish's stemmer needs none)."""
    if language not in _ACCENTED_ENDINGS:
        return text
    return _WORD.sub(lambda match: _accented_ending(match.group(0), language), text)


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(LANGUAGES[language]) if language in LANGUAGES else None


def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return stemmer.stemWord(_accented_ending(word, language)) if stemmer else word


def query_words(text: str, language: str) -> list[str]:
    """The words of a typed text as the index keeps them in `language`: stemmed, then without accents."""
    return [fold(_stem(word, language)) for word in _WORD.findall(text.lower())]


def indexed_text(text: str, language: str) -> str:
    """What the index keeps of a text written in `language`: its words as `query_words` makes them, in
    their order (for phrases), then, for the accented words, the stem of their unaccented spelling."""
    words = _WORD.findall(text.lower())
    kept = [fold(_stem(word, language)) for word in words]
    also = {_stem(fold(word), language) for word in words if fold(word) != word}.difference(kept)
    return " ".join([*kept, *sorted(also)])
