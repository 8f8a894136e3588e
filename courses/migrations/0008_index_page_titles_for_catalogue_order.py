"""An index on the pages' titles: the catalogues, the material library and a search without words list
their items in title order, and without it every listing page sorts the whole catalogue to show twelve
(10,000 materials: 25 ms on PostgreSQL, a temporary B-tree on SQLite). With it the database walks the
titles in order and stops at the page shown.

The title is a column of Wagtail's page table (wagtailcore_page), which the portal cannot declare an index
on from its own models: the index is made here with SQL both databases understand, and only the database
changes (the models' state does not)."""

from django.db import migrations

INDEX = "courses_page_title_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_enrolments_progress_quizzes_and_certificates"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (title)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
