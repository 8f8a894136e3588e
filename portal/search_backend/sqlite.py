"""Wagtail's SQLite search backend (FTS5), indexing and asking word forms (search_backend/word_forms.py).

SQLite has no stemmer of its own: the index keeps each object's text as the Snowball stemmer of its language
cut it, without accents, followed by its language's tag; a search asks, for each language, the typed words
cut the same way, among the objects that carry that language's tag.
"""

from __future__ import annotations

import operator
from functools import reduce

from modelsearch.backends.database.sqlite import sqlite as modelsearch_sqlite
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk
from wagtail.models import Locale

from .word_forms import indexed_text, language_tag, languages_of, query_words, search_languages


def _locale_codes() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


class WordFormsSQLiteIndex(modelsearch_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch's `add_items`, with each object's title and body in word forms (modelsearch offers no
        seam between reading an object's text and writing it)."""
        if not model.get_search_fields():
            return
        objs = list(objs)
        if not objs:
            return
        rows = {}
        for obj, language in zip(objs, languages_of(objs, _locale_codes), strict=True):
            indexer = modelsearch_sqlite.ObjectIndexer(obj, self.backend)
            title = indexed_text(indexer.title, language)
            body = f"{indexed_text(indexer.body, language)} {language_tag(language)}"
            rows[indexer.id] = {"title": title, "autocomplete": indexer.autocomplete, "body": body}

        entries = self.entries.filter(content_type_id=get_content_type_pk(model))
        indexed = set(entries.filter(object_id__in=rows).values_list("object_id", flat=True))
        for object_id in indexed:
            entries.filter(object_id=object_id).update(**rows[object_id])
        self.entries.bulk_create(
            modelsearch_sqlite.IndexEntry(
                content_type_id=get_content_type_pk(model), object_id=object_id, **row
            )
            for object_id, row in rows.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


class WordFormsSQLiteQueryCompiler(modelsearch_sqlite.SQLiteSearchQueryCompiler):
    """Asks the query once per language, in that language's word forms and among its objects only."""

    def build_search_query(self, query, config=None):
        # A search of named columns (none in the portal) is left as modelsearch makes it: the tag is in the
        # body; a Not comes back here for what it negates.
        if self.fields is not None or isinstance(query, (MatchAll, Not)):
            return super().build_search_query(query, config)
        return reduce(
            operator.or_,
            (
                self.build_search_query_content(query, config=language)
                & SearchQueryExpression(Lexeme(language_tag(language)))
                for language in search_languages()
            ),
        )

    def build_search_query_content(self, query, config=None):
        """The words of a plain text or a phrase in the word forms of the language `config` names; And, Or
        and Not are combined by modelsearch, which hands each part back here."""
        language = config
        if isinstance(query, PlainText):
            terms = [words for term in query.query_string.split() if (words := query_words(term, language))]
            if not terms:  # no letter or digit in it: an empty phrase, which matches nothing
                return SearchQueryExpression("")
            combine = operator.and_ if query.operator.upper() == "AND" else operator.or_
            return SearchQueryExpression(reduce(combine, (Lexeme(" ".join(words)) for words in terms)))
        if isinstance(query, Phrase):
            return SearchQueryExpression(" ".join(query_words(query.query_string, language)))
        return super().build_search_query_content(query, config=language)


class WordFormsSQLiteSearchBackend(modelsearch_sqlite.SQLiteSearchBackend):
    index_class = WordFormsSQLiteIndex
    query_compiler_class = WordFormsSQLiteQueryCompiler
