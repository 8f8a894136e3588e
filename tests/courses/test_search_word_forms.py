"""The search finds the same items whatever form of a word is typed: singular or plural, a verb form, with or
without accents, in Spanish and in Portuguese, each item in the word forms of its own language (issue 18:
"'cooperativa' finds 13 items, 'cooperativas' finds 1"). On SQLite and on PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal.search_backend.word_forms import indexed_text, language_tag, query_words

from .. import factories


def indexed_material(parent, title, description, language):
    material = factories.MaterialPageFactory(
        parent=parent, title=title, description=description, language=language
    )
    get_search_backend().add(material)
    return material


def found(client, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return sorted(item.title for item, _decision in response.context["items"])


def test_the_stemmer_conflates_the_forms_these_tests_type_and_keeps_languages_apart():
    spanish = ["cooperativa", "cooperativas", "cooperar", "cooperan"]
    assert {tuple(query_words(word, "es")) for word in spanish} == {("cooper",)}
    portuguese = ["certificação", "certificações", "certificado", "certificados", "certificar"]
    assert {tuple(query_words(word, "pt")) for word in portuguese} == {("certific",)}
    # typed without accents, the Portuguese endings the stemmer knows only with them are cut all the same
    unaccented = ["certificacao", "certificacoes", "CERTIFICACOES"]
    assert {tuple(query_words(word, "pt")) for word in unaccented} == {("certific",)}
    assert query_words("experiencias sustentaveis", "pt") == query_words("experiências sustentáveis", "pt")
    assert query_words("educacion", "es") == query_words("educación", "es") == ["educ"]
    assert query_words("capacitaciones", "pt") != query_words("capacitação", "pt")
    # typed without accents, a Portuguese word is found through the second form the index keeps of it
    assert query_words("certificacao", "pt")[0] in indexed_text("Certificação", "pt").split()


def test_no_typed_word_is_a_language_tag():
    assert query_words(language_tag("es"), "es") == ["es"]
    assert language_tag("es") not in query_words("es pt none", "es")


@pytest.fixture
def spanish(tree):
    def add(title, description, language="es"):
        return indexed_material(tree.materials, title, description, language).title

    return {
        "statutes": add("Estatutos de la cooperativa", "<p>Modelo aprobado por la asamblea.</p>"),
        "training": add(
            "Capacitación de los socios", "<p>Las cooperativas cooperan para capacitar a sus socios.</p>"
        ),
        "coffee": add("Calidad del café", "<p>Catación y control de calidad.</p>"),
        "education": add("Educación financiera", "<p>Ahorro y crédito para la familia.</p>"),
        # a Portuguese material in the Spanish library
        "portuguese": add("Capacitação de produtores", "<p>Guia em português.</p>", language="pt"),
    }


@pytest.fixture
def portuguese(tree, locales):
    materials = tree.materials.copy_for_translation(locales["pt"], copy_parents=True)
    materials.save_revision().publish()

    def add(title, description):
        return indexed_material(materials, title, description, "pt").title

    return {
        "guide": add("Guia da cooperativa", "<p>Como organizar a assembleia.</p>"),
        "certification": add("Certificação orgânica", "<p>As cooperativas e a auditoria anual.</p>"),
        "origin": add("Certificados de origem", "<p>Documentos para exportar.</p>"),
        "coffee": add("Qualidade do café", "<p>Classificação dos grãos.</p>"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["cooperativa", "cooperativas", "cooperar", "cooperan"])
def test_spanish_singular_plural_and_verb_find_the_same_items(client, spanish, query):
    assert found(client, "/es/search/", query) == sorted([spanish["statutes"], spanish["training"]])


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["capacitación", "capacitacion", "CAPACITACIONES", "capacitaron"])
def test_spanish_forms_with_or_without_accents_find_the_same_item(client, spanish, query):
    assert found(client, "/es/search/", query) == [spanish["training"]]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["educación", "educacion", "EDUCACION", "educaciones"])
def test_a_spanish_word_typed_without_accents_finds_what_its_accented_spelling_finds(client, spanish, query):
    assert found(client, "/es/search/", query) == [spanish["education"]]


@pytest.mark.django_db
def test_a_portuguese_item_is_found_by_its_own_word_forms_not_by_spanish_ones(client, spanish):
    # "capacitaciones" is Spanish only: the Portuguese "Capacitação" is not one of its forms
    assert spanish["portuguese"] not in found(client, "/es/search/", "capacitaciones")
    assert found(client, "/es/search/", "capacitação") == [spanish["portuguese"]]


@pytest.mark.django_db
def test_a_quoted_phrase_matches_word_forms_in_order(client, spanish):
    assert found(client, "/es/search/", '"capacitando a sus socios"') == [spanish["training"]]
    assert found(client, "/es/search/", '"socios capacitando"') == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["cooperativa", "cooperativas", "cooperar"])
def test_portuguese_singular_plural_and_verb_find_the_same_items(client, portuguese, query):
    assert found(client, "/pt/search/", query) == sorted([portuguese["guide"], portuguese["certification"]])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "certificação",
        "certificações",
        "certificado",
        "certificados",
        "certificar",
        # typed without accents, as on a phone
        "certificacao",
        "certificacoes",
    ],
)
def test_portuguese_noun_and_verb_forms_find_the_same_items(client, portuguese, query):
    assert found(client, "/pt/search/", query) == sorted([portuguese["certification"], portuguese["origin"]])


@pytest.mark.django_db
def test_a_portuguese_word_typed_without_accents_finds_its_accented_spelling(client, portuguese):
    assert found(client, "/pt/search/", "organica") == [portuguese["certification"]]
    assert found(client, "/pt/search/", "classificacao graos") == [portuguese["coffee"]]


def forget_kept_listings():
    """Search results are kept until the next publication: forget them, as a new release's processes do."""
    from django.core.cache import caches

    from portal.speed import page_cache

    for alias in ("default", "local"):
        caches[alias].clear()
    page_cache._kept_objects.clear()


@pytest.mark.django_db
def test_the_demo_is_searched_in_word_forms_and_loading_it_again_rebuilds_an_older_index(client):
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("load_demo", **quiet)
    singular = found(client, "/es/search/", "cooperativa")
    assert singular and found(client, "/es/search/", "cooperativas") == singular

    IndexEntry.objects.all().delete()  # an index of an earlier version: it knows no word forms
    forget_kept_listings()
    assert found(client, "/es/search/", "cooperativas") == []
    call_command("load_demo", **quiet)
    forget_kept_listings()
    assert found(client, "/es/search/", "cooperativas") == singular


@pytest.mark.django_db
def test_postgresql_knows_how_common_each_indexed_word_is(spanish):
    """Without statistics on the matched vector (title || body), the planner guesses one match for any
    query of two words and joins the matches to the pages row by row (26 s at 10,000 materials)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans its full-text search alone")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(
            "SELECT most_common_elems::text FROM pg_stats_ext_exprs WHERE statistics_name = %s",
            ["portal_search_index_words"],
        )
        (common_words,) = cursor.fetchone()
    assert "cooper" in common_words and "capacit" in common_words
