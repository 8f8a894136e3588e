"""PostgreSQL's planner learns how common each indexed word is: statistics on the search index's title and
body together, the vector modelsearch matches a query against. Without them it guesses a single match for
any query of two words or more and joins the matches to the pages row by row: a search over 10,000
materials took 26 s instead of 0.1 s. ANALYZE (autovacuum) fills them in. Nothing to do on SQLite;
expression statistics need PostgreSQL 14 or later."""

from django.db import migrations

STATISTICS = "portal_search_index_words"


def create_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON (title || body) FROM wagtailsearch_indexentry"
    )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_network_time_zone"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_statistics, drop_statistics)]
