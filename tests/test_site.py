"""Site-wide behaviour: languages, the sitemap, error pages."""

import pytest

from courses.models import AccessLevel

from . import factories


@pytest.mark.django_db
def test_the_root_address_redirects_to_a_language(client, tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9")
    assert response.status_code == 302 and response["Location"] == "/pt/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").headers["Location"] == "/es/"


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_and_never_locked_ones(client, tree):
    public = factories.CoursePageFactory(parent=tree.courses, slug="publico")
    factories.CoursePageFactory(parent=tree.courses, slug="socios", access_level=AccessLevel.MEMBERS)

    xml = client.get("/sitemap.xml").content.decode()

    assert public.url in xml and "/es/cursos/" in xml
    assert "socios" not in xml


@pytest.mark.django_db
def test_an_unknown_address_gets_a_helpful_page(client, tree):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    assert "/es/search/" in response.content.decode()
