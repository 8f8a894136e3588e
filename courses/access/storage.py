"""Private storage of material files and lesson media: no URL serves it; only the download view hands material
files out, and only the lesson media view (courses/access/lesson_media.py) a lesson's video, audio, small
rendition and captions."""

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.text import get_valid_filename

# What a storage raises when it cannot read or write a file just now: S3 unreachable or refusing
# (botocore's EndpointConnectionError, ReadTimeoutError… are BotoCoreErrors; ClientError is an answer
# such as 503 SlowDown or 403), a local disk full or unmounted (OSError).
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private storage (embedded default): files have no address at all."""

    def url(self, name):
        raise ValueError("Private files have no public address; use the download view.")


def private_storage():
    return storages["private"]


class LessonMediaFileSystemStorage(PrivateFileSystemStorage):
    """The private storage of lesson media on a local disk. Its only address is the admin's (editors open a
    video from its page in *Media*: wagtailmedia links `file.url`); readers are given the lesson media view's
    addresses, which ask the access policy. (With S3, the private bucket's signed addresses serve them.)"""

    def url(self, name):
        return reverse("lesson_media_for_editors", kwargs={"name": name})


def lesson_media_storage():
    """Where lesson media live: the private storage, the same disk folder or bucket as material files."""
    private = storages["private"]
    if isinstance(private, FileSystemStorage):
        return LessonMediaFileSystemStorage(location=private.location, base_url=None)
    return private


def keep_lesson_media_private() -> None:
    """Put wagtailmedia's uploads (lesson videos and recordings) in the private storage.

    wagtailmedia's `Media.file` names no storage, so its files would be public media, and the package has no
    setting for one; a media model of the portal's own would move every video's row and every lesson's
    reference to it. So the field is pointed at `lesson_media_storage` when the app is ready. A storage is
    not part of the database schema: the field still describes itself as shipped (`deconstruct` is told the
    storage is the default one), so wagtailmedia's migrations stay its own."""
    from django.core.files.storage import default_storage
    from wagtailmedia.models import get_media_model

    field = get_media_model()._meta.get_field("file")
    field.storage = lesson_media_storage()
    field._storage_callable = default_storage  # what `deconstruct` reports: wagtailmedia's own migrations


def material_upload_to(instance, filename: str) -> str:
    # A random folder per upload: names never collide and cannot be guessed from the title.
    safe_name = get_valid_filename(filename.replace("\\", "/").rsplit("/", 1)[-1]) or "file"
    return f"materials/{get_random_string(16).lower()}/{safe_name[-120:]}"


@checks.register(checks.Tags.files, deploy=True)
def check_public_media_shared(app_configs=None, **kwargs):
    """With material files in a bucket (a deployment of several app servers), public media must not stay on
    one server's disk: an image uploaded through one server would be missing on the others."""
    private, public = settings.STORAGES["private"]["BACKEND"], settings.STORAGES["default"]["BACKEND"]
    if private.endswith("S3Storage") and public.endswith("FileSystemStorage"):
        return [
            checks.Warning(
                "Public media (Wagtail images and renditions, documents, videos) are on this server's disk "
                "while material files are in an S3 bucket.",
                hint="Set AWS_MEDIA_BUCKET_NAME to a bucket readable by everyone (docs/deployment.md).",
                id="courses.W010",
            )
        ]
    return []
