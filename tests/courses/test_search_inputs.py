"""Whatever a visitor types into a search box or a filter's address, the listing answers: results or an
empty list, never a server error, on SQLite and PostgreSQL alike; and quoted phrases still work."""

import pytest
from wagtail.search.backends import get_search_backend

from .. import factories

NASTY = [
    'guia "comercio justo',
    '"',
    '""',
    '"""',
    "\x00",
    "café\x00",
    "a" * 5000,
    "'; DROP TABLE wagtailcore_page; --",
    "' OR 1=1 --",
    "\\",
    "*",
    "-",
    "--",
    "OR",
    "AND",
    "NOT",
    "a OR",
    "NEAR(",
    "NEAR(café guía)",
    "^",
    "^café",
    "café*",
    "(",
    ")",
    ":",
    "title:café",
    "{",
    "+",
    "%",
    "_",
    "   ",
    "\t\n",
    "日本語 ñandú ção 🌱",
    "\u202e\ufeff",
    "%s %(x)s",
    '- "comercio justo"',
    '"*" "NEAR(" "^" "-"',
    '"comercio justo" OR "',
    'justo\x00 "comercio',
]

# Every search or filter parameter of every listing: each is given every nasty value.
LISTINGS = {
    "search": ("/es/search/", ("q", "type", "language", "topic", "page")),
    "catalogue": ("/es/cursos/", ("language", "page")),
    "library": ("/es/materiales/", ("topic", "language", "page")),
}
PARAMETERS = [
    pytest.param(path, parameter, id=f"{name}-{parameter}")
    for name, (path, parameters) in LISTINGS.items()
    for parameter in parameters
]


@pytest.fixture
def listed(tree):
    guide = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de comercio justo", description="<p>Precio mínimo y prima.</p>"
    )
    guide.tags.add("comercio justo")
    guide.save_revision().publish()
    other = factories.MaterialPageFactory(
        parent=tree.materials, title="Comercio exterior y justo precio", description="<p>Aduanas.</p>"
    )
    course = factories.CoursePageFactory(parent=tree.courses, title="Introducción al comercio justo")
    backend = get_search_backend()
    for page in (guide, other, course):
        backend.add(page)
    return {"guide": guide, "other": other, "course": course}


def titles(response):
    return [item.title for item, _decision in response.context["items"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "parameter"), PARAMETERS)
def test_any_text_in_a_search_or_filter_gives_a_listing(client, listed, path, parameter):
    client.raise_request_exception = False  # a server error is counted, not raised, so every value is tried
    failed = {}
    for value in NASTY:
        response = client.get(path, {parameter: value})
        if response.status_code != 200:
            failed[value] = response.status_code
        else:
            titles(response)  # the listing was made (a list, maybe empty)
    assert failed == {}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ['"', 'guia "comercio justo', "\x00"])
def test_a_signed_in_visitor_gets_a_listing_too(client, listed, user, value):
    client.force_login(user)
    response = client.get("/es/search/", {"q": value, "topic": value})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_quoted_phrase_finds_its_items_only(client, listed):
    found = titles(client.get("/es/search/", {"q": '"comercio justo"'}))
    assert sorted(found) == ["Guía de comercio justo", "Introducción al comercio justo"]
    assert "Comercio exterior y justo precio" in titles(client.get("/es/search/", {"q": "comercio justo"}))


@pytest.mark.django_db
def test_an_unclosed_quote_still_searches_its_words(client, listed):
    assert "Guía de comercio justo" in titles(client.get("/es/search/", {"q": 'guía "comercio justo'}))
