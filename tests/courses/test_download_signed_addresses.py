"""A download from S3 is a redirect to a signed address; the same process hands the same address out again
for a short while (courses/access/delivery.py, `signed_address`) instead of signing one at every download.

What a user relies on stays true: every address handed out is valid for at least a minute from the moment
it is handed out, and for not much longer; it names the very object this downloader is to receive (a
licensed copy carries its licensee's name, so two licensees never share one); every download is still
logged once; and a warm download costs one statement, the log's INSERT.

The storage is the production S3 storage pointed at the local moto server, as in test_s3_downloads.py.
"""

import datetime
import io
import time
import types
from urllib.parse import parse_qs, unquote, urlsplit

import pikepdf
import pytest
from django.utils import timezone

from courses.access import delivery
from courses.access.delivery import SIGNED_ADDRESS_REUSE_SECONDS, SIGNED_ADDRESS_SECONDS
from courses.models import DownloadEvent

from .. import factories
from .test_s3_downloads import bucket, file_of, http_get, s3_client, s3_storage  # noqa: F401 - fixtures


def query_of(location: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def key_of(location: str, bucket_name: str) -> str:
    return unquote(urlsplit(location).path).split(f"/{bucket_name}/", 1)[1]


def seconds_left(location: str, now: float) -> float:
    """How long the address stays valid after `now`: its start (X-Amz-Date) plus its lifetime."""
    query = query_of(location)
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    return signed_at.timestamp() + int(query["X-Amz-Expires"]) - now


@pytest.fixture
def clock(monkeypatch):
    """A clock that the test moves forward, seen both by the portal and by botocore when it signs."""
    now = [time.time()]
    monkeypatch.setattr(delivery, "time", types.SimpleNamespace(time=lambda: now[0]))
    monkeypatch.setattr(
        "botocore.auth.get_current_datetime",
        lambda remove_tzinfo=True: datetime.datetime.fromtimestamp(now[0], datetime.UTC).replace(
            tzinfo=None if remove_tzinfo else datetime.UTC
        ),
    )

    class Clock:
        @staticmethod
        def now() -> float:
            return now[0]

        @staticmethod
        def advance(seconds: float) -> None:
            now[0] += seconds

    return Clock()


def download(client, material_file) -> str:
    response = client.get(material_file.get_download_url())
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response["Location"]


@pytest.mark.django_db
def test_downloads_moments_apart_get_the_same_address_valid_for_at_least_a_minute(
    client, public_material, clock
):
    material_file = file_of(public_material)

    first = download(client, material_file)
    clock.advance(SIGNED_ADDRESS_REUSE_SECONDS - 2)
    again = download(client, material_file)

    assert again == first
    assert seconds_left(again, clock.now()) >= SIGNED_ADDRESS_SECONDS
    assert seconds_left(first, clock.now()) <= SIGNED_ADDRESS_SECONDS + SIGNED_ADDRESS_REUSE_SECONDS
    status, _, body = http_get(again)
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.django_db
def test_an_address_with_less_than_a_minute_left_is_never_handed_out(client, public_material, clock):
    material_file = file_of(public_material)
    first = download(client, material_file)

    clock.advance(SIGNED_ADDRESS_REUSE_SECONDS + 1)
    later = download(client, material_file)

    assert seconds_left(first, clock.now()) < SIGNED_ADDRESS_SECONDS  # the first one would be too short now
    assert later != first
    assert seconds_left(later, clock.now()) >= SIGNED_ADDRESS_SECONDS
    assert seconds_left(later, clock.now()) <= SIGNED_ADDRESS_SECONDS + SIGNED_ADDRESS_REUSE_SECONDS


@pytest.mark.django_db
def test_each_file_gets_an_address_of_its_own_object_and_name(client, tree, public_material, bucket):  # noqa: F811
    guide = file_of(public_material)
    annex = factories.add_file(public_material, "anexo.pdf")
    other = factories.add_file(factories.MaterialPageFactory(parent=tree.materials), "otra-guia.pdf")

    addresses = {material_file: download(client, material_file) for material_file in (guide, annex, other)}

    assert len(set(addresses.values())) == 3
    for material_file, location in addresses.items():
        assert key_of(location, bucket) == material_file.file.name
        disposition = query_of(location)["response-content-disposition"]
        assert disposition == f'attachment; filename="{material_file.filename}"'


@pytest.mark.django_db
def test_two_licensees_of_a_stamped_pdf_never_share_an_address(client, tree, bucket):  # noqa: F811
    material = factories.MaterialPageFactory(parent=tree.materials, licence=factories.shipped("CC-BY-4.0"))
    material_file = factories.add_file(material, "guia.pdf")
    ana = factories.MembershipFactory(user__full_name="Ana Pérez").user
    luis = factories.MembershipFactory(user__full_name="Luis Gómez").user

    client.force_login(ana)
    for_ana = download(client, material_file)
    ana_again = download(client, material_file)
    client.force_login(luis)
    for_luis = download(client, material_file)

    assert ana_again == for_ana  # the same licensee, the same copy: the same address
    assert for_luis != for_ana
    ana_key, luis_key = key_of(for_ana, bucket), key_of(for_luis, bucket)
    assert ana_key != luis_key and ana_key.startswith("licensed/") and luis_key.startswith("licensed/")
    for location, name in ((for_ana, "Ana Pérez"), (for_luis, "Luis Gómez")):
        status, _, body = http_get(location)
        assert status == 200 and body.startswith(b"%PDF")
        with pikepdf.open(io.BytesIO(body)) as stamped:  # their own name on the notice page of their copy
            assert name.encode("cp1252") in stamped.pages[0].obj.Contents.read_bytes()
    assert [event.user for event in DownloadEvent.objects.order_by("pk")] == [ana, ana, luis]


@pytest.mark.django_db
def test_a_known_address_never_skips_the_access_policy(client, member, members_material):
    material_file = file_of(members_material)
    client.force_login(member)
    handed_to_the_member = download(client, material_file)
    client.logout()

    response = client.get(material_file.get_download_url())

    assert response.status_code == 302 and response["Location"] == members_material.url
    assert handed_to_the_member.split("?")[0] not in response["Location"]
    assert [event.user for event in DownloadEvent.objects.all()] == [member]


@pytest.mark.django_db
def test_every_download_is_logged_once_even_with_the_same_address(client, public_material):
    material_file = file_of(public_material)
    started = timezone.now()

    addresses = {download(client, material_file) for _ in range(3)}

    assert len(addresses) == 1
    events = list(DownloadEvent.objects.order_by("pk"))
    assert len(events) == 3
    for event in events:
        assert (event.material_id, event.file_id, event.user_id) == (
            public_material.pk,
            material_file.pk,
            None,
        )
        assert (event.audience, event.licence_id, event.organisation_id, event.country) == (
            DownloadEvent.Audience.VISITOR,
            None,
            None,
            "",
        )
        assert started <= event.created_at <= timezone.now()


@pytest.mark.django_db
def test_a_member_download_is_logged_with_who_they_are_today(client, member, members_material):
    material_file = file_of(members_material)
    organisation = member.memberships.get().organisation
    client.force_login(member)

    download(client, material_file)

    event = DownloadEvent.objects.get()
    assert (event.user, event.audience, event.organisation, event.country) == (
        member,
        DownloadEvent.Audience.MEMBER,
        organisation,
        organisation.country,
    )


@pytest.mark.django_db
def test_a_warm_anonymous_download_costs_one_statement_the_log(
    client, public_material, django_assert_num_queries
):
    material_file = file_of(public_material)
    download(client, material_file)  # the file and its material are now kept in memory

    with django_assert_num_queries(1) as captured:
        download(client, material_file)

    assert captured.captured_queries[0]["sql"].startswith(f'INSERT INTO "{DownloadEvent._meta.db_table}"')
    assert DownloadEvent.objects.count() == 2


@pytest.fixture
def s3_requests(s3_storage):  # noqa: F811
    """The operations this process sends to S3 (botocore names them: HeadObject, PutObject…)."""
    sent = []
    events = s3_storage.connection.meta.client.meta.events
    handler = events.register("before-send.s3", lambda request, **_: sent.append(request.method))
    yield sent
    events.unregister("before-send.s3", handler)


@pytest.mark.django_db
def test_downloading_a_stamped_pdf_again_the_same_day_sends_nothing_to_s3(client, tree, member, s3_requests):
    material = factories.MaterialPageFactory(parent=tree.materials, licence=factories.shipped("CC-BY-4.0"))
    material_file = factories.add_file(material, "guia.pdf")
    client.force_login(member)
    first = download(client, material_file)
    assert "PUT" in s3_requests  # the copy was stamped and stored
    s3_requests.clear()

    again = [download(client, material_file) for _ in range(3)]

    assert s3_requests == []  # no HEAD to ask whether the copy is there: this process stored it
    assert again == [first] * 3
    status, _, body = http_get(first)
    assert status == 200 and body.startswith(b"%PDF")
    assert DownloadEvent.objects.count() == 4


@pytest.mark.django_db
def test_a_copy_stored_by_another_server_is_asked_for_once_then_known(client, tree, member, s3_requests):
    material = factories.MaterialPageFactory(parent=tree.materials, licence=factories.shipped("CC-BY-4.0"))
    material_file = factories.add_file(material, "guia.pdf")
    client.force_login(member)
    download(client, material_file)
    delivery._known_copies.clear()  # as on another app server, which has not seen the copy
    s3_requests.clear()

    download(client, material_file)
    download(client, material_file)

    assert s3_requests == ["HEAD"]  # found once, not stamped again
