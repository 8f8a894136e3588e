from django.forms import ClearableFileInput


class PrivateFileInput(ClearableFileInput):
    """A file input for private storage: shows the current file's name, never an address to it."""

    template_name = "courses/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))
