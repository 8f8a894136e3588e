"""Every download carries its licence: stamped PDFs, zips with a LICENCE.txt, and terms accepted first where
the licence asks for it. Files are opened and read, as the person who downloaded them would."""

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone, translation
from reportlab.pdfgen import canvas

from courses.access import services
from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel, DownloadEvent, LicenceAcceptance
from portal.models import AccessRequest

from .. import factories


def pdf_with_pages(count: int) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(count):
        document.drawString(72, 720, f"Page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def page_streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            b"".join(part.read_bytes() for part in page.obj.Contents)
            if isinstance(page.obj.Contents, pikepdf.Array)
            else page.obj.Contents.read_bytes()
            for page in pdf.pages
        ]


def pdf_text(text: str) -> bytes:
    """Text as it appears in a PDF content stream written with the standard fonts."""
    return text.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")


@pytest.fixture(autouse=True)
def spanish():
    """Addresses built outside a request are in Spanish, whatever an earlier request left active."""
    with translation.override("es"):
        yield


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def licensed_material(tree, code: str, *, content: bytes | None = None, name: str = "guia.pdf", **fields):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Guía de catación", licence=factories.shipped(code), **fields
    )
    factories.credit(material, factories.ContributorFactory(name="Universidad del Café"))
    factories.add_file(material, name, content=content if content is not None else pdf_with_pages(3))
    return material


def file_of(material):
    return material.files.get()


@pytest.fixture
def member(db):
    membership = factories.MembershipFactory(
        user__full_name="Ana Quispe",
        organisation__name="Cooperativa Sierra Nevada",
        organisation__country="PE",
    )
    return membership.user


@pytest.mark.django_db
def test_a_member_gets_the_pdf_with_a_notice_page_and_their_name_and_licence_on_every_page(
    client, tree, member
):
    material = licensed_material(tree, "CC-BY-NC-4.0")
    client.force_login(member)

    response = client.get(file_of(material).get_download_url())

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="guia.pdf"')
    streams = page_streams(body(response))
    assert len(streams) == 4  # the notice page, then the three pages
    notice = streams[0]
    for text in ("Ana Quispe (Cooperativa Sierra Nevada)", "Creative Commons Atribución-NoComercial 4.0"):
        assert pdf_text(text) in notice
    assert pdf_text("Universidad del Café") in notice
    for number, stream in enumerate(streams[1:], start=1):
        assert f"Page {number}".encode() in stream
        assert pdf_text("Ana Quispe (Cooperativa Sierra Nevada)") in stream
        assert pdf_text("CC BY-NC 4.0 https://creativecommons.org/licenses/by-nc/4.0/") in stream
        assert pdf_text("Universidad del Café") in stream  # the attribution line
    event = DownloadEvent.objects.get()
    assert event.audience == DownloadEvent.Audience.MEMBER
    assert (event.organisation.name, event.country, event.licence) == (
        "Cooperativa Sierra Nevada",
        "PE",
        factories.shipped("CC-BY-NC-4.0"),
    )


@pytest.mark.django_db
def test_under_no_derivatives_the_content_pages_arrive_untouched_after_the_notice(client, tree, member):
    original = pdf_with_pages(2)
    material = licensed_material(tree, "CC-BY-ND-4.0", content=original)
    client.force_login(member)

    streams = page_streams(body(client.get(file_of(material).get_download_url())))

    assert streams[1:] == page_streams(original)
    assert pdf_text("Ana Quispe") in streams[0]
    assert pdf_text("does not allow changes") in streams[0] or pdf_text("no permite cambios") in streams[0]


@pytest.mark.django_db
def test_the_notice_is_written_in_the_language_of_the_interface(client, tree, member):
    material = licensed_material(tree, "CC-BY-NC-4.0")
    client.force_login(member)
    download = file_of(material).get_download_url()

    spanish = page_streams(body(client.get(download)))[0]
    english = page_streams(body(client.get(download.replace("/es/", "/en/", 1))))[0]

    assert pdf_text("Licencia concedida a: Ana Quispe") in spanish
    assert pdf_text("Licensed to: Ana Quispe") in english
    assert pdf_text("Uso comercial") in spanish or pdf_text("comerciales") in spanish  # the Spanish terms


@pytest.mark.django_db
def test_other_files_come_in_a_zip_with_the_original_and_a_licence_text(client, tree, member):
    spreadsheet = b"cooperativa;socios\nSierra Nevada;120\n"
    material = licensed_material(tree, "CC-BY-4.0", content=spreadsheet, name="socios.csv")
    client.force_login(member)

    response = client.get(file_of(material).get_download_url())

    assert response["Content-Disposition"].startswith('attachment; filename="socios.zip"')
    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert sorted(archive.namelist()) == ["LICENCE.txt", "socios.csv"]
        assert archive.read("socios.csv") == spreadsheet
        licence_text = archive.read("LICENCE.txt").decode("utf-8")
    assert "Ana Quispe (Cooperativa Sierra Nevada)" in licence_text
    assert "Creative Commons Atribución 4.0 Internacional" in licence_text
    assert "https://creativecommons.org/licenses/by/4.0/" in licence_text
    assert "Universidad del Café" in licence_text


@pytest.mark.django_db
def test_a_damaged_pdf_still_goes_out_with_its_licence_in_a_zip(client, tree, member):
    material = licensed_material(tree, "CC-BY-4.0", content=b"%PDF-1.4 this is not really a PDF")
    client.force_login(member)

    response = client.get(file_of(material).get_download_url())

    with zipfile.ZipFile(io.BytesIO(body(response))) as archive:
        assert archive.read("guia.pdf") == b"%PDF-1.4 this is not really a PDF"
        assert "Ana Quispe" in archive.read("LICENCE.txt").decode()


@pytest.mark.django_db
def test_an_external_user_is_named_with_the_organisation_they_gave(client, tree, user):
    AccessRequest.objects.create(
        user=user,
        organisation="Fondo Solidario",
        country="EC",
        role="Analista",
        purpose="Formación",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
        decided_at=timezone.now(),
    )
    material = licensed_material(tree, "CC-BY-4.0", access_level=AccessLevel.AUTHORISED)
    client.force_login(user)

    streams = page_streams(body(client.get(file_of(material).get_download_url())))

    assert pdf_text(f"{user.full_name} (Fondo Solidario)") in streams[1]
    event = DownloadEvent.objects.get()
    assert (event.audience, event.country, event.organisation) == (
        DownloadEvent.Audience.EXTERNAL,
        "EC",
        None,
    )


@pytest.mark.django_db
def test_a_visitor_gets_a_public_pdf_stamped_as_not_signed_in(client, tree):
    material = licensed_material(tree, "CC-BY-4.0")

    streams = page_streams(body(client.get(file_of(material).get_download_url())))

    assert pdf_text("un visitante de Cla@se (sin sesión iniciada)") in streams[1]
    assert DownloadEvent.objects.get().audience == DownloadEvent.Audience.VISITOR


@pytest.mark.django_db
def test_downloading_again_the_same_day_reuses_the_licensed_copy(client, tree, member):
    material = licensed_material(tree, "CC-BY-4.0")
    client.force_login(member)
    download = file_of(material).get_download_url()

    def copies():
        folder = Path(settings.PRIVATE_MEDIA_ROOT) / "licensed"
        return {path for path in folder.rglob("*") if path.is_file()}

    first = body(client.get(download))
    made = copies()
    second = body(client.get(download))

    assert first == second
    assert copies() == made
    assert DownloadEvent.objects.count() == 2  # each download is still counted


@pytest.mark.django_db
def test_a_file_without_a_licence_goes_out_as_it_was_uploaded(client, public_material):
    material_file = file_of(public_material)
    with material_file.file.open("rb") as original:
        assert body(client.get(material_file.get_download_url())) == original.read()


# --- acceptance of the terms ------------------------------------------------------------------------------


@pytest.fixture
def agreement_material(tree):
    """Under the partner agreement, which asks for acceptance before the first download."""
    return licensed_material(tree, "FONDO-SOLIDARIO-2024", access_level=AccessLevel.MEMBERS)


@pytest.mark.django_db
def test_the_first_download_asks_to_accept_the_terms_in_the_users_language(
    client, member, agreement_material
):
    client.force_login(member)
    download = file_of(agreement_material).get_download_url().replace("/es/", "/en/", 1)

    response = client.get(download, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[0][0].startswith(f"/en/terms/{agreement_material.pk}/")
    assert "Material of Fondo Solidario, distributed by the network" in page  # the English terms
    assert 'name="accept"' in page
    assert DownloadEvent.objects.count() == 0


@pytest.mark.django_db
def test_refusing_to_tick_the_box_says_why_and_records_nothing(client, member, agreement_material):
    client.force_login(member)
    response = client.post(f"/en/terms/{agreement_material.pk}/", {"next": "/en/"})

    assert response.status_code == 200
    assert "tick the box to accept the terms" in response.content.decode()
    assert not LicenceAcceptance.objects.exists()


@pytest.mark.django_db
def test_accepting_records_the_version_and_leads_to_the_stamped_file(client, member, agreement_material):
    client.force_login(member)
    download = file_of(agreement_material).get_download_url()
    accept_page = client.get(download)["Location"]

    response = client.post(accept_page, {"accept": "on", "next": download})

    assert response["Location"] == download
    acceptance = LicenceAcceptance.objects.get()
    assert (acceptance.user, acceptance.page_id, acceptance.licence, acceptance.language) == (
        member,
        agreement_material.pk,
        factories.shipped("FONDO-SOLIDARIO-2024"),
        "es",
    )
    streams = page_streams(body(client.get(download)))
    assert pdf_text("Fondo Solidario") in streams[0]
    assert streams[1:] == page_streams(pdf_with_pages(3))  # the agreement forbids changes: notice page only


@pytest.mark.django_db
def test_a_new_version_of_the_licence_asks_again(client, member, agreement_material):
    services.licence_accept(user=member, item=agreement_material, language="es")
    client.force_login(member)
    download = file_of(agreement_material).get_download_url()
    assert client.get(download).status_code == 200

    licensing_changes.licence_new_version(
        licence=factories.shipped("FONDO-SOLIDARIO-2024"), changes={"revenue_share": 25}, by=None
    )

    assert "/terms/" in client.get(download)["Location"]


@pytest.mark.django_db
def test_terms_accepted_on_one_language_version_cover_the_others(client, member, agreement_material, locales):
    english = agreement_material.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    services.licence_accept(user=member, item=agreement_material, language="es")
    client.force_login(member)

    assert client.get(file_of(english.specific).get_download_url()).status_code == 200


@pytest.mark.django_db
def test_visitors_sign_in_before_accepting(client, tree):
    material = licensed_material(tree, "FONDO-SOLIDARIO-2024")  # level capped at authorised by the licence
    licensing_changes.licence_new_version(
        licence=factories.shipped("FONDO-SOLIDARIO-2024"), changes={"widest_level": "public"}, by=None
    )

    response = client.get(file_of(material).get_download_url(), follow=True)

    assert "/accounts/login/" in response.redirect_chain[-1][0]


@pytest.mark.django_db
def test_the_acceptance_page_never_sends_anyone_to_another_site(client, member, agreement_material):
    client.force_login(member)
    response = client.post(
        f"/es/terms/{agreement_material.pk}/", {"accept": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == agreement_material.url


@pytest.mark.django_db
def test_someone_who_may_not_open_the_item_is_not_offered_its_terms(client, user, agreement_material):
    client.force_login(user)  # not a member; the item is for members only
    response = client.get(f"/es/terms/{agreement_material.pk}/")
    assert response["Location"] == agreement_material.url


@pytest.mark.django_db
def test_copies_of_earlier_days_are_cleared_and_today_s_are_kept(client, tree, member):
    storage = storages["private"]
    old = storage.save("licensed/2020-01-01/abc/guia.pdf", ContentFile(b"%PDF old copy"))
    material = licensed_material(tree, "CC-BY-4.0")
    client.force_login(member)
    body(client.get(file_of(material).get_download_url()))
    today = list(storage.listdir(f"licensed/{timezone.localdate().isoformat()}")[0])

    call_command("clear_licensed_copies", stdout=io.StringIO())

    assert not storage.exists(old)
    assert storage.listdir(f"licensed/{timezone.localdate().isoformat()}")[0] == today != []
    assert storage.exists(material.files.get().file.name)  # the originals are never touched
