"""Handing out a lesson's media file (a video, a recording, a small rendition, captions) from the private
storage, once the caller has asked the access policy, so that it plays and seeks.

A player asks for a video in parts (`Range: bytes=…`); Safari on iPhones plays no video whose server does not
answer them. In S3 (production) the reader is sent to a signed address of the object and S3 answers the
ranges itself. From the local disk (the demo, the tests) this module answers them: one range, in any of the
three forms of RFC 9110 (`first-last`, `first-`, `-suffix`), gets 206 Partial Content with its
`Content-Range`; a range past the end gets 416; anything else it does not read (several ranges, a malformed
header, an `If-Range`) gets the whole file, as the RFC allows. Django's `FileResponse` answers no ranges;
whitenoise answers them the same way, for static files only.

Every answer is `private, no-store`: the file is gated like the page naming it."""

from __future__ import annotations

import mimetypes
import re

from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers
from storages.backends.s3 import S3Storage

# A signed address of a video is followed by the player, which then asks the same address for further parts
# while the reader watches and seeks: it must outlive a lesson's video, unlike a download's (60 s).
SIGNED_MEDIA_SECONDS = 60 * 60
CHUNK = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
TYPES = {"vtt": "text/vtt; charset=utf-8", "mp4": "video/mp4", "m4v": "video/mp4", "m4a": "audio/mp4"}


class Unsatisfiable(Exception):
    """The range asked for starts past the end of the file."""


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte, both included, that `header` asks of a file of `size` bytes; None for the whole
    file. Raises `Unsatisfiable` for a range that starts past the end."""
    found = SINGLE_RANGE.match(header.strip().replace(" ", ""))
    if found is None or found[1] == found[2] == "":
        return None
    if found[1] == "":  # the last N bytes
        suffix = int(found[2])
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = int(found[1])
    if found[2] and int(found[2]) < first:
        return None  # not a valid range: ignored
    if first >= size:
        raise Unsatisfiable
    return first, min(int(found[2]) if found[2] else size - 1, size - 1)


def _part(file, first: int, length: int):
    try:
        file.seek(first)
        while length > 0:
            chunk = file.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


def stream(request, storage, name: str) -> HttpResponse:
    """The answer handing out the file `name` of `storage` (a part of it when a part is asked for)."""
    content_type = content_type_of(name)
    if isinstance(storage, S3Storage):
        address = storage.url(
            name, parameters={"ResponseContentType": content_type}, expire=SIGNED_MEDIA_SECONDS
        )
        response = HttpResponseRedirect(address)
    else:
        response = _from_disk(request, storage, name, content_type)
    add_never_cache_headers(response)
    return response


def _from_disk(request, storage, name: str, content_type: str) -> HttpResponse:
    size = storage.size(name)
    header = request.headers.get("Range", "")
    try:
        wanted = byte_range(header, size) if header and "If-Range" not in request.headers else None
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    file = storage.open(name, "rb")
    if wanted is None:
        response = FileResponse(file, content_type=content_type)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _part(file, first, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response
