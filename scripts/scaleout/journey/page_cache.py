"""Step 4 of the scale-out journey: the page cache is shared, and publishing purges it for every server. B
serves the catalogue from the cache; the admin publishes it on A with a new title; B serves the new title
at once."""

from __future__ import annotations

import uuid

from ..browser import Client, all_form_fields
from ..layout import CATALOGUE_PATH
from ..release import ScaledOutPortal
from ..services import query
from ..steps import Steps, check


def a_page_published_on_a_is_fresh_on_b(
    portal: ScaledOutPortal, steps: Steps, *, visitor: Client, admin: Client
) -> None:
    """With the visitor's browser of step 2 and the admin's, signed in on A, of step 3."""
    a, b, database_url, ok = portal.a, portal.b, portal.services.database_url, steps.ok
    with steps.step("4. A page published on A is seen on B at once (page cache purged for every server)"):
        first = visitor.get(CATALOGUE_PATH, port=b)
        cached = visitor.get(CATALOGUE_PATH, port=b)
        check(
            cached.header("X-Clase-Cache") == "hit",
            f"B did not serve the catalogue from the page cache: "
            f"X-Clase-Cache={cached.header('X-Clase-Cache')!r}",
        )
        ok("B serves the catalogue from the shared page cache (X-Clase-Cache: hit)")
        [(page_id,)] = query(
            database_url, "SELECT id FROM wagtailcore_page WHERE url_path = '/inicio/cursos/'"
        )
        edit_path = f"/admin/pages/{page_id}/edit/"
        form = admin.get(edit_path, port=a)
        check(form.status == 200, f"the catalogue's edit form answered {form.status} on A")
        new_title = f"Cursos — escala {uuid.uuid4().hex[:6]}"
        fields = [(k, v) for k, v in all_form_fields(form.text, action=edit_path) if k != "title"]
        answer = admin.post(
            edit_path, [*fields, ("title", new_title), ("action-publish", "action-publish")], port=a
        )
        check(answer.status == 302, f"publishing on A answered {answer.status}: {answer.text[:2000]}")
        ok(f"the admin published the catalogue on A with the title {new_title!r}")
        fresh = visitor.get(CATALOGUE_PATH, port=b)
        check(
            fresh.status == 200 and new_title in fresh.text,
            f"B still serves the old catalogue (X-Clase-Cache={fresh.header('X-Clase-Cache')!r})",
        )
        check(first.text != fresh.text, "the page did not change")
        ok(f"B serves the new title at once (X-Clase-Cache: {fresh.header('X-Clase-Cache') or '-'})")
