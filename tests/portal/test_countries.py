"""The country of an authorisation request is chosen from a list (the network's countries first, named in
the reader's language), so that the coordinators' filters and reports by country count "México", "Mexico"
and "mexico" as one country; what people typed before is mapped to countries where it names one, and kept
visible to coordinators where it does not."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.users.models import UserProfile

from courses.models import DownloadEvent
from courses.reports.contributors import contributor_report
from portal.models import AccessRequest, Organisation
from portal.roles import COORDINATORS

from .. import factories

FORM = {
    "organisation": "Fondo Solidario",
    "role": "Asesora técnica",
    "purpose": "Capacitar a las cooperativas que acompañamos.",
    "accepted_terms": "on",
}


def options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="country"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the country is a list to choose from"
    return re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', select[1])


@pytest.fixture
def external_client(client, db):
    cache.clear()  # the form's rate limits
    client.force_login(factories.UserFactory(email="lucia@ong.example"))
    return client


@pytest.mark.django_db
def test_the_form_lists_the_network_countries_first_in_the_page_language(external_client, tree):
    spanish = options(external_client.get("/es/account/authorisation/").content.decode())
    portuguese = options(external_client.get("/pt/account/authorisation/").content.decode())

    assert spanish[0] == ("", "Elija su país")
    network = spanish[1 : spanish.index(("", "──────────"))]
    assert len(network) == 33 and network[0] == ("AG", "Antigua y Barbuda")
    assert ("MX", "México") in network and ("PE", "Perú") in network and ("BR", "Brasil") in network
    assert ("TT", "Trinidad y Tobago") in network
    assert ("ES", "España") in spanish and ("ES", "España") not in network  # the others follow, once
    assert ("US", "Estados Unidos") in spanish
    # Brazilian Portuguese names, not Portugal's.
    assert ("KN", "São Cristóvão e Neves") in portuguese and ("IR", "Irã") in portuguese
    assert ("MX", "México") in portuguese[:34] and ("PE", "Peru") in portuguese[:34]


@pytest.mark.django_db
def test_a_chosen_country_is_stored_as_a_code_and_a_typed_one_is_refused_keeping_the_rest(
    external_client, tree
):
    response = external_client.post("/es/account/authorisation/", {**FORM, "country": "Narnia"})

    html = response.content.decode()
    assert response.status_code == 200 and not AccessRequest.objects.exists()
    assert "Escoja una opción válida" in html or "Seleccione una opción válida" in html
    assert 'value="Fondo Solidario"' in html and "Capacitar a las cooperativas" in html

    external_client.post("/pt/account/authorisation/", {**FORM, "country": "MX"})
    assert AccessRequest.objects.get().country.code == "MX"


@pytest.fixture
def coordinator_client(client, db):
    user = factories.UserFactory(email="coordinacion@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(user)
    return client


def ask(email, country, **extra):
    return AccessRequest.objects.create(
        user=factories.UserFactory(email=email),
        organisation="ONG",
        country=country,
        role="Técnica",
        purpose="Formar",
        accepted_terms=True,
        **extra,
    )


@pytest.mark.django_db
def test_coordinators_filter_and_read_countries_by_name_in_their_language(coordinator_client):
    ask("a@ong.example", "MX")
    ask("b@ong.example", "MX")
    ask("c@ong.example", "BR")
    ask("d@ong.example", "", country_as_written="Atlántida")

    page = coordinator_client.get(reverse("access_requests:list"))
    html = page.content.decode()
    filter_choices = [label for _value, label in page.context["filters"].form.fields["country"].choices]
    assert filter_choices[1:] == ["Brasil", "México"]  # each country once, by name
    assert "México" in html and "Brasil" in html
    assert "Atlántida (tal como se escribió: elija un país)" in html  # not lost, not passed for a country

    listed = coordinator_client.get(reverse("access_requests:list"), {"country": "MX"}).context["object_list"]
    assert sorted(request.user.email for request in listed) == ["a@ong.example", "b@ong.example"]


@pytest.mark.django_db
def test_the_reports_by_country_name_the_countries_in_the_readers_language(coordinator_client, tree):
    material = factories.MaterialPageFactory(parent=tree.materials, title="Guía")
    partner = factories.ContributorFactory(name="Fondo")
    factories.credit(material, partner)
    for country in ("PE", "PE", "BR"):
        DownloadEvent.objects.create(material=material, audience="external", country=country)

    url = reverse("licensing_reports:contributor", args=[partner.pk])
    page = coordinator_client.get(url)
    assert [label for _row, label in page.context["countries"]] == ["Perú", "Brasil"]
    rows = coordinator_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "Perú,2" in rows and "Brasil,1" in rows
    assert {row.country for row in contributor_report(partner, page.context["period"]).countries} == {
        "PE",
        "BR",
    }


@pytest.mark.django_db(transaction=True)
def test_the_countries_typed_before_become_codes_or_stay_visible_as_written():
    executor = MigrationExecutor(connection)
    before = [("portal", "0002_settings_authorisations_partner_domains")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldUser = old.get_model("portal", "User")
    OldRequest = old.get_model("portal", "AccessRequest")
    OldOrganisation = old.get_model("portal", "Organisation")
    typed = ["México", "Mexico", " mexico ", "Brasil", "Brazil", "Perú", "PERU", "Atlántida"]
    for number, country in enumerate(typed):
        user = OldUser.objects.create(email=f"u{number}@ong.example", password="!")
        OldRequest.objects.create(user=user, organisation="ONG", country=country, role="r", purpose="p")
    OldOrganisation.objects.create(name="Cooperativa Sur", country="Bolivia")
    OldOrganisation.objects.create(name="Cooperativa Isla", country="Isla Bonita")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    requests = AccessRequest.objects.order_by("user__email")
    assert [(str(r.country), r.country_as_written) for r in requests] == [
        ("MX", ""),
        ("MX", ""),
        ("MX", ""),
        ("BR", ""),
        ("BR", ""),
        ("PE", ""),
        ("PE", ""),
        ("", "Atlántida"),
    ]
    organisations = {o.name: (str(o.country), o.country_as_written) for o in Organisation.objects.all()}
    assert organisations == {"Cooperativa Sur": ("BO", ""), "Cooperativa Isla": ("", "Isla Bonita")}
