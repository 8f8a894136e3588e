"""Private storage of material files: no URL serves it; only the download view hands files out."""

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
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
