"""Public media in their own bucket, as a deployment of several app servers configures them
(AWS_MEDIA_BUCKET_NAME): Wagtail's images and renditions are written to S3 through the storage, their
addresses are plain (unsigned, lasting) addresses of the media bucket that anyone may fetch, and material
files stay in the private storage.

The "default" storage is built by the very block of portal/settings/base.py that production runs, pointed at
a moto S3 server in this process (the project's local S3 endpoint). The media bucket is public through its
policy, as docs/deployment.md configures it; moto evaluates that policy for requests without credentials.
"""

import io
import runpy
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from wagtail.images import get_image_model

from bench import s3 as local_s3
from courses.access.storage import check_public_media_shared
from courses.models import MaterialFile

BUCKET = "clase-media-test"


@pytest.fixture
def endpoint(s3_endpoint):
    return s3_endpoint


@pytest.fixture
def s3(endpoint):
    client = local_s3.client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    local_s3.make_public_readable(client, BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def production_settings(monkeypatch, **environment) -> dict:
    """portal/settings/base.py as a deployment with these environment variables gets it."""
    with monkeypatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        return runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings" / "base.py"))


def media_bucket_settings(monkeypatch, endpoint) -> dict:
    return production_settings(
        monkeypatch,
        AWS_MEDIA_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID=local_s3.ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=local_s3.SECRET_KEY,
    )


def png_file(name="cover.png") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (31, 111, 67)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def fetch_without_credentials(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local moto server
            return response.status, response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.django_db
def test_images_and_renditions_go_to_the_media_bucket_with_plain_public_addresses(monkeypatch, endpoint, s3):
    production = media_bucket_settings(monkeypatch, endpoint)
    with override_settings(STORAGES={**settings.STORAGES, "default": production["STORAGES"]["default"]}):
        image = get_image_model().objects.create(title="Cover", file=png_file())
        assert isinstance(default_storage._wrapped, S3Storage)
        assert s3.head_object(Bucket=BUCKET, Key=image.file.name)["ContentLength"] > 0

        rendition = image.get_rendition("fill-100x80|format-webp")
        url = rendition.url
        head = s3.head_object(Bucket=BUCKET, Key=rendition.file.name)
        assert head["CacheControl"] == "public, max-age=86400"
        assert url == f"{endpoint}/{BUCKET}/{rendition.file.name}"  # lasting: no signature, no expiry
        assert fetch_without_credentials(url) == (200, "image/webp")

        # A second server finds the rendition through the database, and its file in the bucket.
        again = get_image_model().objects.get(pk=image.pk).get_rendition("fill-100x80|format-webp")
        assert again.pk == rendition.pk and again.url == url

        # Material files do not follow: they stay in the private storage, with no address at all.
        assert MaterialFile._meta.get_field("file").storage is not default_storage._wrapped
        assert not s3.list_objects_v2(Bucket=BUCKET, Prefix="materials/").get("KeyCount")


def test_pages_may_show_images_from_the_media_bucket_or_its_cdn(monkeypatch, endpoint):
    directives = media_bucket_settings(monkeypatch, endpoint)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert endpoint in directives["img-src"] and endpoint in directives["media-src"]

    cdn = production_settings(
        monkeypatch, AWS_MEDIA_BUCKET_NAME=BUCKET, AWS_MEDIA_CUSTOM_DOMAIN="media.example.org"
    )
    assert cdn["STORAGES"]["default"]["OPTIONS"]["custom_domain"] == "media.example.org"
    assert "https://media.example.org" in cdn["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]

    aws = production_settings(monkeypatch, AWS_MEDIA_BUCKET_NAME=BUCKET)
    assert f"https://{BUCKET}.s3.amazonaws.com" in aws["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


def test_without_a_media_bucket_the_embedded_default_keeps_media_on_local_disk(monkeypatch):
    embedded = production_settings(monkeypatch)
    assert embedded["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert embedded["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_the_deploy_check_warns_when_only_material_files_are_in_a_bucket(monkeypatch):
    private_only = production_settings(monkeypatch, AWS_STORAGE_BUCKET_NAME="clase-private")
    with override_settings(STORAGES=private_only["STORAGES"]):
        assert [warning.id for warning in check_public_media_shared()] == ["courses.W010"]
    both = production_settings(
        monkeypatch, AWS_STORAGE_BUCKET_NAME="clase-private", AWS_MEDIA_BUCKET_NAME=BUCKET
    )
    with override_settings(STORAGES=both["STORAGES"]):
        assert check_public_media_shared() == []
