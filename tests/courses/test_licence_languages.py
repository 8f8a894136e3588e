"""A licence speaks the reader's language: its name, short label and attribution wording on every page, the
stamped notice of a download and the admin's licence list, in Spanish, English or Portuguese (Creative
Commons' official names for the shipped licences), falling back to the Spanish words where a language has
none."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from courses.access.delivery import Downloader, notice_for
from portal.roles import EDITORS

from .. import factories

CC_BY_SA = {
    "es": "Creative Commons Atribución-CompartirIgual 4.0 Internacional",
    "en": "Creative Commons Attribution-ShareAlike 4.0 International",
    "pt": "Creative Commons Atribuição-CompartilhaIgual 4.0 Internacional",
}


@pytest.fixture
def translated_material(tree, locales):
    """A material under CC BY-SA, with its English and Portuguese translations."""
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de catación", licence=factories.shipped("CC-BY-SA-4.0")
    )
    factories.add_file(material)
    factories.credit(material, factories.ContributorFactory(name="Universidad Agraria del Pacífico"))
    pages = {"es": material}
    for language in ("en", "pt"):
        copy = material.copy_for_translation(locales[language], copy_parents=True)
        copy.save_revision().publish()
        pages[language] = copy.specific
    return pages


@pytest.mark.django_db
def test_each_page_names_the_licence_in_its_language(client, translated_material):
    for language, page in translated_material.items():
        html = client.get(page.url).content.decode()
        assert f'title="{CC_BY_SA[language]}"' in html, language
        others = [name for other, name in CC_BY_SA.items() if other != language]
        assert not any(name in html for name in others), language


@pytest.mark.django_db
def test_a_licence_without_words_in_a_language_shows_its_spanish_ones(client, translated_material):
    licence = factories.LicenceFactory(
        name="Convenio con la Universidad del Café",
        label="Convenio UC",
        name_en="Agreement with the Coffee University",
        label_pt="Convênio UC",
        attribution_template="© {year} {contributor} · {licence}",
        attribution_template_pt="© {year} {contributor} · licença {licence}",
    )
    page = translated_material["pt"]
    type(page).objects.filter(pk=page.pk).update(licence=licence)

    html = client.get(page.url).content.decode()

    assert 'title="Convenio con la Universidad del Café"' in html  # no Portuguese name: the Spanish one
    assert ">Convênio UC</" in html and "Universidad Agraria del Pacífico · licença Convênio UC" in html


@pytest.mark.django_db
def test_the_stamped_notice_names_the_licence_in_the_downloaders_language(translated_material):
    material = translated_material["es"]
    licence = factories.shipped("CC-BY-SA-4.0")
    for language, name in CC_BY_SA.items():
        notice = notice_for(material, licence, Downloader(), language, datetime.date(2026, 12, 7))
        assert any(name in line for line in notice.lines), language
        assert "CC BY-SA 4.0" in notice.footer


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_admin_lists_the_licences_in_the_editors_language(tree, translated_material, language):
    editor = factories.UserFactory(is_staff=True, language=language)
    editor.groups.add(Group.objects.get(name=EDITORS))
    admin = Client()
    admin.force_login(editor)

    html = admin.get(f"/admin/pages/{translated_material['es'].pk}/edit/").content.decode()

    select = re.search(r'<select name="licence"[^>]*>(.*?)</select>', html, re.S)[1]
    assert CC_BY_SA[language] in select and CC_BY_SA["en"] not in select
