"""Material files on S3: private objects, handed out only as short-lived signed addresses after the policy.

These tests speak the real S3 protocol (django-storages and boto3) to a moto server running in this
process. The "private" storage is built from the very block of portal/settings/base.py that production
uses when AWS_STORAGE_BUCKET_NAME is set, pointed at that server.

moto does not check presigned signatures nor their expiry, so the signed address is checked by its
shape (algorithm, expiry, forced attachment) and the object's privacy by a request without signature,
which moto refuses on its own: for an unsigned, unauthenticated GET it evaluates the object's ACL
(moto.s3.responses, "allowed for anonymous users") and answers 403 unless the ACL grants public read.
No moto setting is needed for that (INITIAL_NO_AUTH_ACTION_COUNT would switch on IAM checks of signed
requests, which these tests do not rely on). A public-read object in the same bucket serves as control.
"""

import datetime
import io
import runpy
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pikepdf
import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

from bench import s3 as local_s3
from courses.access.delivery import SIGNED_ADDRESS_REUSE_SECONDS, SIGNED_ADDRESS_SECONDS
from courses.models import DownloadEvent, MaterialFile

from .. import factories

ACCESS_KEY, SECRET_KEY, REGION = local_s3.ACCESS_KEY, local_s3.SECRET_KEY, local_s3.REGION


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    return local_s3.client(s3_endpoint)


@pytest.fixture
def bucket(s3_client):
    """A fresh private bucket per test, emptied and removed afterwards."""
    name = f"clase-private-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name, ACL="private")
    yield name
    for item in s3_client.list_objects_v2(Bucket=name).get("Contents", []):
        s3_client.delete_object(Bucket=name, Key=item["Key"])
    s3_client.delete_bucket(Bucket=name)


def production_private_storage(monkeypatch, endpoint: str, bucket_name: str) -> dict:
    """STORAGES["private"] exactly as portal/settings/base.py builds it for a deployment with a bucket."""
    with monkeypatch.context() as patch:
        for name, value in {
            "AWS_STORAGE_BUCKET_NAME": bucket_name,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }.items():
            patch.setenv(name, value)
        production = runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings" / "base.py"))
    return production["STORAGES"]["private"]


@pytest.fixture(autouse=True)
def s3_storage(monkeypatch, s3_endpoint, bucket):
    """Swap the "private" storage to S3 for one test, before any material file is saved.

    Django's StorageHandler caches one instance per alias (storages._storages) and the STORAGES copy
    (storages.backends); override_settings fires setting_changed, whose receiver in django.test.signals
    clears both on enable and on disable. The FileField, however, evaluated its callable storage
    (courses.access.storage.private_storage) once, when the model class was built, and keeps that instance:
    in production the settings are fixed before models load, so with a bucket configured it would hold
    the S3 storage; here it is patched to the same instance the alias now returns, and restored after.
    """
    private = production_private_storage(monkeypatch, s3_endpoint, bucket)
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES={**settings.STORAGES, "private": private}):
        storage = storages["private"]
        assert isinstance(storage, S3Storage) and storage.bucket_name == bucket
        with monkeypatch.context() as patch:
            patch.setattr(MaterialFile._meta.get_field("file"), "storage", storage)
            yield storage
    assert not isinstance(storages["private"], S3Storage)
    assert not isinstance(MaterialFile._meta.get_field("file").storage, S3Storage)


def http_get(url: str) -> tuple[int, dict, bytes]:
    """A plain HTTP GET, as a browser following the redirect would make it (no AWS credentials)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local moto address
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def plain_url(endpoint: str, bucket_name: str, key: str) -> str:
    return f"{endpoint}/{bucket_name}/{key}"


def file_of(material) -> MaterialFile:
    return material.files.get()


def seconds_left(query: dict) -> float:
    """How long a signed address stays valid from now: its start (X-Amz-Date) plus its lifetime."""
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    return signed_at.timestamp() + int(query["X-Amz-Expires"]) - time.time()


def assert_short_lived(query: dict) -> None:
    """Valid for the minute a browser may take to follow it, and not much longer
    (courses/access/delivery.py)."""
    assert (
        SIGNED_ADDRESS_SECONDS <= seconds_left(query) <= SIGNED_ADDRESS_SECONDS + SIGNED_ADDRESS_REUSE_SECONDS
    )


@pytest.mark.django_db
def test_an_uploaded_file_is_a_private_object_in_the_bucket_and_not_on_local_disk(
    public_material, s3_client, bucket
):
    material_file = file_of(public_material)
    key = material_file.file.name

    stored = s3_client.get_object(Bucket=bucket, Key=key)
    assert stored["Body"].read().startswith(b"%PDF")
    assert stored["ContentLength"] == material_file.size > 0
    grants = s3_client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert grants and all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    assert not [grant for grant in grants if "URI" in grant["Grantee"]]  # no AllUsers / AuthenticatedUsers

    folder = key.rsplit("/", 1)[0]
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        assert not (Path(root) / key).exists()
        assert not list(Path(root).rglob(folder.rsplit("/", 1)[-1]))


@pytest.mark.django_db
def test_a_public_file_redirects_to_a_short_lived_signed_attachment_address(
    client, public_material, s3_endpoint, s3_client, bucket
):
    material_file = file_of(public_material)

    response = client.get(material_file.get_download_url())

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == s3_endpoint
    assert unquote(location.path) == f"/{bucket}/{material_file.file.name}"
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert_short_lived(query)
    assert query["X-Amz-Signature"] and query["X-Amz-Credential"].startswith(f"{ACCESS_KEY}/")
    assert query["response-content-disposition"] == 'attachment; filename="guia-comercio-justo.pdf"'
    event = DownloadEvent.objects.get()
    assert (event.material_id, event.file_id, event.user) == (public_material.pk, material_file.pk, None)

    status, headers, body = http_get(response["Location"])

    assert status == 200
    assert body == s3_client.get_object(Bucket=bucket, Key=material_file.file.name)["Body"].read()
    assert body.startswith(b"%PDF") and len(body) == material_file.size
    assert headers["Content-Disposition"] == 'attachment; filename="guia-comercio-justo.pdf"'


@pytest.mark.django_db
def test_the_object_cannot_be_read_without_a_signature(
    client, public_material, s3_endpoint, s3_client, bucket
):
    material_file = file_of(public_material)
    signed = client.get(material_file.get_download_url())["Location"]

    status, _, body = http_get(plain_url(s3_endpoint, bucket, material_file.file.name))
    assert 400 <= status < 500
    assert not body.startswith(b"%PDF")
    assert 400 <= http_get(signed.split("?", 1)[0])[0] < 500

    # Control: the refusal comes from the object's private ACL, not from moto refusing everything.
    s3_client.put_object(Bucket=bucket, Key="control/public.txt", Body=b"public", ACL="public-read")
    status, _, body = http_get(plain_url(s3_endpoint, bucket, "control/public.txt"))
    assert (status, body) == (200, b"public")


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_address_of_a_members_only_file(
    client, members_material, s3_endpoint, bucket
):
    material_file = file_of(members_material)

    response = client.get(material_file.get_download_url())

    assert response.status_code == 302
    assert response["Location"] == members_material.url
    assert not response["Location"].startswith(s3_endpoint)
    assert "X-Amz-" not in response["Location"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert DownloadEvent.objects.count() == 0

    html = client.get(response["Location"]).content.decode()
    for leak in (s3_endpoint, bucket, material_file.file.name, "X-Amz-", "Signature="):
        assert leak not in html


@pytest.mark.django_db
def test_a_member_gets_a_signed_address_of_a_members_only_file(client, member, members_material, s3_endpoint):
    material_file = file_of(members_material)
    client.force_login(member)

    response = client.get(material_file.get_download_url())

    assert response.status_code == 302
    assert response["Location"].startswith(f"{s3_endpoint}/") and "X-Amz-Signature=" in response["Location"]
    assert DownloadEvent.objects.get().user == member
    status, _, body = http_get(response["Location"])
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.django_db
def test_material_pages_link_the_download_view_never_the_bucket(
    client, member, public_material, members_material, s3_endpoint, bucket
):
    client.force_login(member)
    for material in (public_material, members_material):
        material_file = file_of(material)
        html = client.get(material.url).content.decode()
        assert material_file.get_download_url() in html
        for leak in (s3_endpoint, bucket, material_file.file.name, "X-Amz-", "Signature="):
            assert leak not in html


@pytest.mark.django_db
def test_a_file_name_with_accents_reaches_the_browser_as_the_local_download_names_it(client, public_material):
    material_file = factories.add_file(public_material, "guía práctica.pdf")
    assert material_file.filename == "guía_práctica.pdf"

    status, headers, _ = http_get(client.get(material_file.get_download_url())["Location"])

    assert status == 200
    assert headers["Content-Disposition"] == content_disposition_header(True, "guía_práctica.pdf")


@pytest.mark.django_db
def test_a_licensed_pdf_is_stamped_into_a_private_copy_handed_out_by_a_signed_address(
    client, tree, s3_client, bucket
):
    material = factories.MaterialPageFactory(parent=tree.materials, licence=factories.shipped("CC-BY-4.0"))
    material_file = factories.add_file(material, "guia.pdf")
    original = s3_client.get_object(Bucket=bucket, Key=material_file.file.name)["Body"].read()

    response = client.get(material_file.get_download_url())

    location = urlsplit(response["Location"])
    key = unquote(location.path).split(f"/{bucket}/", 1)[1]
    assert key.startswith("licensed/") and key.endswith("/guia.pdf")
    assert_short_lived({name: values[0] for name, values in parse_qs(location.query).items()})
    status, headers, body = http_get(response["Location"])
    assert status == 200 and headers["Content-Disposition"] == 'attachment; filename="guia.pdf"'
    with pikepdf.open(io.BytesIO(body)) as stamped, pikepdf.open(io.BytesIO(original)) as unstamped:
        assert len(stamped.pages) == len(unstamped.pages) + 1  # the notice page comes first
        assert b"CC BY 4.0" in stamped.pages[0].obj.Contents.read_bytes()
    grants = s3_client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert not [grant for grant in grants if "URI" in grant["Grantee"]]  # the copy is private too
    assert 400 <= http_get(plain_url(s3_endpoint_of(response), bucket, key))[0] < 500


def s3_endpoint_of(response) -> str:
    location = urlsplit(response["Location"])
    return f"{location.scheme}://{location.netloc}"
