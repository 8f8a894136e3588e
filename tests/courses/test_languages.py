"""Content in three languages: the switcher lands on the translated page, or that language's home."""

import pytest
from bs4 import BeautifulSoup

from .. import factories


def switcher_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")}


@pytest.fixture
def translated_course(tree, locales):
    course = factories.CoursePageFactory(parent=tree.courses, title="Gobernanza", slug="gobernanza")
    english = course.copy_for_translation(locales["en"], copy_parents=True)
    english.title, english.slug = "Governance", "governance"
    english.save_revision().publish()
    return course


@pytest.mark.django_db
def test_the_switcher_links_to_the_translation_or_to_the_home_of_that_language(client, translated_course):
    links = switcher_links(client.get(translated_course.url))
    assert links["es"] == "/es/cursos/gobernanza/"
    assert links["en"] == "/en/cursos/governance/"
    # No Portuguese tree yet: the visitor is taken to the Portuguese version of the site's start.
    assert links["pt"] == "/pt/"


@pytest.mark.django_db
def test_the_english_page_is_served_in_english(client, translated_course):
    response = client.get("/en/cursos/governance/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "en" and soup.h1.text == "Governance"
