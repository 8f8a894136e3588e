"""A database aggregate Django 5.2 only offers for PostgreSQL: values joined into one text, so that a list
read with a page (the items a user is entitled to, the lessons they finished) rides along in the query that
reads the page's other facts instead of costing one more."""

from django.db.models import Aggregate, TextField


class JoinedText(Aggregate):
    """The values joined by commas: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL. NULL when none."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def joined_subquery(queryset, group_by: str, field):
    """`JoinedText(field)` (a field's name or an expression) over `queryset` (already filtered on an
    OuterRef), as a subquery expression."""
    from django.db.models import Subquery

    return Subquery(queryset.values(group_by).annotate(joined=JoinedText(field)).values("joined")[:1])


def split_ints(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []
