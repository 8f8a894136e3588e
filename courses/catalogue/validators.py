"""Checks on uploaded files, with editor-facing messages: size, and a name that tells the truth.

A file's extension decides how the reader's computer opens it, so it must agree with what the file really
is (its first bytes, read with `filetype`): a renamed executable or a web page called "guia.pdf" is refused.
Material files (courses/catalogue/material_pages.py), Wagtail's documents, videos, audio and their thumbnails
(courses/catalogue/upload_forms.py) are all checked here. Names themselves are sanitised on upload
(courses/access/storage.py for material files, the storage's `get_valid_name` for the others: no folders, no
path traversal).
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What each accepted extension may contain, as `filetype` names it. Office formats are zip (OOXML, ODF) or
# OLE containers; `filetype` recognises some OOXML files by their own type.
ZIP = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}
OLE = {"doc", "xls", "ppt", "msi"}
ACCEPTED = {
    "pdf": {"pdf"},
    "doc": OLE,
    "docx": ZIP,
    "odt": ZIP,
    "xls": OLE,
    "xlsx": ZIP,
    "ods": ZIP,
    "ppt": OLE,
    "pptx": ZIP,
    "odp": ZIP,
    "zip": ZIP,
    "mp3": {"mp3"},
    "mp4": {"mp4", "m4v", "mov"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
}
TEXT = {"csv", "txt"}
# Public media uploaded in the admin (wagtailmedia): the kinds browsers play, which `filetype` recognises.
VIDEO = {"mp4": {"mp4", "m4v", "mov"}, "m4v": {"mp4", "m4v", "mov"}, "mov": {"mov", "mp4"}, "webm": {"webm"}}
AUDIO = {"mp3": {"mp3"}, "m4a": {"m4a", "mp4"}, "ogg": {"ogg"}, "wav": {"wav"}}
PICTURES = {"gif": {"gif"}, "jpg": {"jpg"}, "jpeg": {"jpg"}, "png": {"png"}, "webp": {"webp"}}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD = 8192


def validate_material_file_size(file) -> None:
    if getattr(file, "_committed", False):
        return  # already stored, checked when it came in: asking the storage its size costs a request to S3
    validate_file_size(file, settings.MATERIAL_MAX_UPLOAD_SIZE)


def validate_file_size(file, limit: int) -> None:
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def _head(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(HEAD)
    file.seek(position)
    return head


def _looks_like_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True  # a character cut in two by the end of the sample
            continue
        return True
    return False


def validate_material_file_type(file, name: str) -> None:
    """Refuse a file whose extension is not accepted, or whose content is not what its extension says."""
    validate_file_type(file, name, ACCEPTED, text=TEXT)


def validate_file_type(file, name: str, kinds: dict[str, set[str]], text: set[str] = frozenset()) -> None:
    """Refuse a file whose extension is not one of `kinds` (or `text`), or whose first bytes are not what
    its extension says (`kinds[extension]`: what `filetype` may call it)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    accepted = sorted(kinds.keys() | text)
    if extension not in accepted:
        raise ValidationError(
            _("Files ending in “.%(extension)s” are not accepted. Accepted: %(accepted)s.")
            % {"extension": extension or "—", "accepted": ", ".join(accepted)},
            code="extension_not_accepted",
        )
    head = _head(file)
    if extension in text:
        agrees = _looks_like_text(head)
    else:
        kind = filetype.guess(head)
        guessed = kind.extension if kind is not None else ("ole" if head.startswith(OLE_SIGNATURE) else "")
        agrees = guessed in kinds[extension] or (guessed == "ole" and kinds[extension] is OLE)
    if not agrees:
        raise ValidationError(
            _(
                "This file's content is not a .%(extension)s file, although its name ends in .%(extension)s. "
                "Upload the original file, or rename it to what it really is."
            )
            % {"extension": extension},
            code="content_does_not_match",
        )
