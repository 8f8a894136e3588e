"""The site's search backend: Wagtail's database backend (modelsearch's), indexing and asking each object in
the word forms of its language (word_forms.py), on PostgreSQL (postgresql.py) and SQLite (sqlite.py).

`WAGTAILSEARCH_BACKENDS` names this module (portal/settings/cms.py); `SearchBackend` is what Wagtail calls.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend's module)
    """The word-forms backend of the database in use; modelsearch's own, word for word, on another database
    or on an SQLite without its full-text table (modelsearch decides that)."""
    if connection.vendor == "postgresql":
        from .postgresql import WordFormsPostgresSearchBackend

        return WordFormsPostgresSearchBackend(params)
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        from .sqlite import WordFormsSQLiteSearchBackend

        return WordFormsSQLiteSearchBackend(params)
    return backend
