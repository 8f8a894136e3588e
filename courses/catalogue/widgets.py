from django.forms import ClearableFileInput

from .kept_uploads import TOKEN_SUFFIX, KeptFile


class PrivateFileInput(ClearableFileInput):
    """A file input for private storage: shows the current file's name, never an address to it; or the
    upload kept from a refused form (courses/catalogue/kept_uploads.py), with the token that sends it back."""

    template_name = "courses/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        kept = value if isinstance(value, KeptFile) else None
        if kept is not None:
            # The kept file answers the field: the browser must not ask for another one.
            attrs = {key: item for key, item in (attrs or {}).items() if key != "required"}
            value = None
        context = super().get_context(name, value, attrs)
        context["widget"].update(kept=kept, kept_name=f"{name}{TOKEN_SUFFIX}")
        return context


class CaptionsInput(PrivateFileInput):
    """A video's captions track in one language: the file attached (with a box to remove it), or the one kept
    from a refused form, and a file input to attach or replace it."""

    template_name = "courses/widgets/captions_input.html"


class MediaFileInput(PrivateFileInput):
    """The file of a video or a recording: the upload kept from a refused form, if any, and a file input (the
    file stored before is shown above it by wagtailmedia's edit screen)."""

    template_name = "courses/widgets/media_file_input.html"

    def __init__(self, attrs=None, *, recording: bool = False):
        super().__init__(attrs)
        self.recording = recording

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["recording"] = self.recording
        return context
