"""With the private bucket (production), a member's lesson video is handed out as a signed S3 address after
the access policy: S3 then answers the player's ranges itself, and an unsigned request for the object is
refused (moto does not check signatures or expiry: the address's shape is checked, as for downloads)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings
from storages.backends.s3 import S3Storage
from wagtailmedia.models import get_media_model

from courses.access.streaming import SIGNED_MEDIA_SECONDS
from courses.catalogue.light_media import VideoCaptions, VideoRendition
from courses.levels import AccessLevel

from .. import factories
from . import media_kit
from .test_s3_downloads import bucket, http_get, plain_url, production_private_storage, s3_client  # noqa: F401

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x02" * 3000


@pytest.fixture
def lesson_media_in_s3(monkeypatch, s3_endpoint, bucket):  # noqa: F811
    """The private storage in the bucket, for lesson media too (their fields took the storage when the app
    started: patched to the bucket's, as test_s3_downloads.py does for material files)."""
    private = production_private_storage(monkeypatch, s3_endpoint, bucket)
    with override_settings(STORAGES={**settings.STORAGES, "private": private}):
        storage = storages["private"]
        assert isinstance(storage, S3Storage)
        with monkeypatch.context() as patch:
            for model in (get_media_model(), VideoRendition, VideoCaptions):
                patch.setattr(model._meta.get_field("file"), "storage", storage)
            yield storage


@pytest.mark.django_db
def test_a_member_is_sent_to_a_signed_address_and_a_visitor_to_nothing(
    client,
    tree,
    member,
    lesson_media_in_s3,
    s3_endpoint,
    bucket,  # noqa: F811
):
    course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
    video = media_kit.video(VIDEO)
    lesson = media_kit.video_lesson(course, video)
    address = media_kit.lesson_address(lesson, video)

    assert client.get(address).status_code == 403
    client.force_login(member)
    response = client.get(address, headers={"Range": "bytes=0-9"})

    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{s3_endpoint}/{bucket}/{video.file.name}")
    assert query["X-Amz-Expires"] == [str(SIGNED_MEDIA_SECONDS)] and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["video/mp4"]
    assert http_get(location)[2] == VIDEO
    assert http_get(plain_url(s3_endpoint, bucket, video.file.name))[0] == 403
