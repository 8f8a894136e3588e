"""Wagtail's PostgreSQL search backend, indexing and asking word forms (portal/search_backend/word_forms.py)
with PostgreSQL's own stemmers: each object's text through its language's text search configuration
('spanish', 'portuguese', 'english'; 'simple' for an object in none), each query through the configuration of
every language, each among the objects of its language.

Accents are taken off with `translate()` and the accent table of word_forms.py rather than with the
`unaccent` extension: no extension to install (nor the rights to install it), the same letters as on SQLite,
and `translate()` being immutable, PostgreSQL works the query out once, not once per row. They are taken off
the stems (the stemmers know the accented endings), and each text is indexed a second time without accents,
for the reader who types without them (see word_forms.py). A Portuguese word written without accents gets
them back on the endings Portuguese's stemmer needs them on (`accented_endings`, in the text handed to
PostgreSQL, typed or indexed), as on SQLite.
"""

from __future__ import annotations

import copy
from functools import cached_property

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db.models import Expression, Func
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.backends.database.postgres import postgres as modelsearch_postgres
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import ADD, get_content_type_pk
from wagtail.models import Locale

from .word_forms import (
    ACCENTED,
    LANGUAGES,
    PLAIN,
    UNSTEMMED_CONFIG,
    accented_endings,
    fold,
    language_tag,
    languages_of,
    search_languages,
)

IndexEntry = modelsearch_postgres.IndexEntry


_LANGUAGE_OF_CONFIG = {config: language for language, config in LANGUAGES.items()}


def _config(language: str) -> str:
    return LANGUAGES.get(language, UNSTEMMED_CONFIG)


def _locale_codes() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


class StemmedText(SearchVectorCombinable, Expression):
    """A text as the index keeps it: the stems of its language's configuration without accents, then the
    stems of the text without accents (only the accented words add any), at the field's weight."""

    output_field = SearchVectorField()
    config = None  # what Django's combined vectors read; the configuration is the language's, below

    def __init__(self, text: str, weight: str, language: str):
        super().__init__()
        self.text, self.weight, self.language = text, weight, language

    def as_sql(self, compiler, connection):
        sql = (
            "setweight(translate(to_tsvector(%s::regconfig, %s)::text, %s, %s)::tsvector"
            " || to_tsvector(%s::regconfig, %s), %s)"
        )
        config = _config(self.language)
        text = accented_endings(self.text, self.language)
        unaccented = accented_endings(fold(self.text), self.language)
        return sql, [config, text, ACCENTED, PLAIN, config, unaccented, self.weight]


class LanguageTag(SearchVectorCombinable, Expression):
    """The index word that says in which language an object is written."""

    output_field = SearchVectorField()
    config = None

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def as_sql(self, compiler, connection):
        return "%s::tsvector", [f"'{language_tag(self.language)}'"]


class WordFormsIndexer(modelsearch_postgres.ObjectIndexer):
    """modelsearch's indexer, its text vectors in the object's language, its body tagged with it."""

    def __init__(self, obj, backend, language: str):
        super().__init__(obj, backend)
        self.language = language

    def as_vector(self, texts, for_autocomplete=False):
        if for_autocomplete:  # the admin's autocomplete stays word for word ('simple'), as modelsearch has it
            return super().as_vector(texts, for_autocomplete=True)
        texts = [(text.strip(), weight) for text, weight in texts if text.strip()]
        if not texts:
            return modelsearch_postgres.EMPTY_VECTOR
        return ADD([StemmedText(text, weight, self.language) for text, weight in texts])

    @cached_property
    def body(self):
        return modelsearch_postgres.ObjectIndexer.body.func(self) + LanguageTag(self.language)


class WordFormsPostgresIndex(modelsearch_postgres.PostgresIndex):
    def add_items(self, model, objs):
        """modelsearch's `add_items`, with an indexer that knows each object's language (modelsearch builds
        its own indexer inside this method and offers no seam for it)."""
        if not model.get_search_fields():
            return
        objs = list(objs)
        if not objs:
            return
        indexers = [
            WordFormsIndexer(obj, self.backend, language)
            for obj, language in zip(objs, languages_of(objs, _locale_codes), strict=True)
        ]
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            vectors = []
            params.extend((content_type_pk, indexer.id))
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(IndexEntry._meta.get_field(name), getattr(indexer, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,  # noqa: S608 (the table's name is the model's; every value is a parameter)
                params,
            )
        self._refresh_title_norms()


class InEachLanguage(SearchQuery):
    """The query in the word forms of each language (the typed words through each language's
    configuration, without accents), each among the objects tagged with its language, any one of them
    sufficing. A language whose configuration leaves no word (only its stop words were typed) finds nothing,
    rather than everything of its language. For ranking, `tagged=False` leaves the tags out: they decide what
    is found, not how well it matches. A SearchQuery, so that Django's `@@` lookup takes it as it is."""

    def __init__(self, queries: dict[str, SearchQuery], *, tagged: bool):
        Func.__init__(self, *queries.values(), output_field=SearchQueryField())
        self.languages = list(queries)
        self.tagged = tagged
        self.config, self.invert = None, False

    def as_sql(self, compiler, connection, function=None, template=None):
        parts, params = [], []
        for language, query in zip(self.languages, self.get_source_expressions(), strict=True):
            query_sql, query_params = compiler.compile(query)
            folded = f"translate(({query_sql})::text, %s, %s)::tsquery"
            folded_params = [*query_params, ACCENTED, PLAIN]
            if self.tagged:
                parts.append(
                    f"CASE WHEN numnode({folded}) = 0 THEN {folded} ELSE {folded} && %s::tsquery END"
                )
                params.extend([*folded_params * 3, f"'{language_tag(language)}'"])
            else:
                parts.append(folded)
                params.extend(folded_params)
        return "(" + " || ".join(f"({part})" for part in parts) + ")", params


class WordFormsPostgresQueryCompiler(modelsearch_postgres.PostgresSearchQueryCompiler):
    ranking = False  # set while modelsearch builds the ranking expression

    def build_tsquery(self, query, config=None):
        if self.fields is not None:  # a search of named columns reads the model, not the index
            return super().build_tsquery(query, config=config)
        queries = {
            language: self.build_tsquery_content(query, config=_config(language))
            for language in search_languages()
        }
        queries = {language: built for language, built in queries.items() if built is not None}
        if not queries:
            return super().build_tsquery(query, config=config)
        return InEachLanguage(queries, tagged=not self.ranking)

    def build_tsquery_content(self, query, config=None, invert=False):
        """modelsearch's, with the typed words' endings accented as the language's stemmer needs them (And,
        Or and Not come back here for each of their parts)."""
        if isinstance(query, (PlainText, Phrase)):
            query = copy.copy(query)
            query.query_string = accented_endings(query.query_string, _LANGUAGE_OF_CONFIG.get(config, ""))
        return super().build_tsquery_content(query, config=config, invert=invert)

    def _build_rank_expression(self, vectors, config):
        self.ranking = True
        try:
            return super()._build_rank_expression(vectors, config)
        finally:
            self.ranking = False


class WordFormsPostgresSearchBackend(modelsearch_postgres.PostgresSearchBackend):
    index_class = WordFormsPostgresIndex
    query_compiler_class = WordFormsPostgresQueryCompiler
