"""Private storage of material files: no URL serves it; only the download view hands files out."""

from botocore.exceptions import BotoCoreError, ClientError
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
