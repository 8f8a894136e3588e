"""A visitor reads the portal in Spanish, switches to English, searches, and downloads a public file."""

import pytest
from wagtail.search.backends import get_search_backend

from .. import factories
from ..conftest import wagtail_root

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bilingual_site(locales):
    from wagtail.models import Site

    root = wagtail_root(locales["es"])
    home = factories.HomePageFactory(
        parent=root,
        title="Formación para cooperativas",
        slug="inicio",
        locale=locales["es"],
        intro="Cursos y materiales de comercio justo.",
    )
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    courses = factories.CourseIndexPageFactory(parent=home, title="Cursos", slug="cursos")
    materials = factories.MaterialIndexPageFactory(parent=home, title="Materiales", slug="materiales")
    course = factories.CoursePageFactory(
        parent=courses,
        title="Gobernanza cooperativa",
        slug="gobernanza",
        summary="Asambleas, estatutos y liderazgo.",
    )
    factories.LessonPageFactory(
        parent=course,
        title="La asamblea general",
        slug="asamblea",
        body=[("text", "<p>La asamblea es la máxima autoridad de la cooperativa.</p>")],
    )
    material = factories.MaterialPageFactory(parent=materials, title="Guía de comercio justo", slug="guia")
    factories.add_file(
        material, "guia-comercio-justo.pdf", factories.pdf_bytes("Guia"), title="Guía completa"
    )

    def translate(page, title, **fields):
        english = page.specific.copy_for_translation(locales["en"], copy_parents=True)
        english.title = title
        for name, value in fields.items():
            setattr(english, name, value)
        english.save_revision().publish()
        return english

    translate(home, "Training for cooperatives", intro="Fair Trade courses and materials.")
    translate(courses, "Courses")
    translate(materials, "Materials")
    english_course = translate(
        course, "Cooperative governance", summary="Assemblies, statutes and leadership."
    )
    translate(material, "Fair Trade guide")
    backend = get_search_backend()
    for page in (course, material, english_course):
        backend.add(page)
    return {"course": course, "material": material}


def test_visitor_reads_in_spanish_switches_to_english_searches_and_downloads(
    live_server, browser_page, bilingual_site
):
    page = browser_page
    page.goto(f"{live_server.url}/es/")
    assert page.locator("h1").inner_text() == "Formación para cooperativas"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("link", name="Cursos", exact=True).is_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("h1").inner_text() == "Training for cooperatives"
    assert page.get_by_role("link", name="Courses", exact=True).is_visible()

    page.get_by_placeholder("Search courses and materials").fill("governance")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Cooperative governance").click()
    assert page.locator("h1").inner_text() == "Cooperative governance"

    page.get_by_role("link", name="Español").click()
    assert page.locator("h1").inner_text() == "Gobernanza cooperativa"
    page.get_by_role("link", name="La asamblea general").click()
    assert "máxima autoridad" in page.locator(".lesson-body").inner_text()

    page.goto(f"{live_server.url}/es/materiales/guia/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar").click()
    download = download_info.value
    assert download.suggested_filename == "guia-comercio-justo.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"%PDF"
