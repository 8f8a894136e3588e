"""Wagtail, the content management system: its search, page addresses, uploads of images, documents and
media, and the admin's user fields. Its content languages are the portal's (base.py)."""

WAGTAIL_SITE_NAME = "Cla@se"
# Wagtail's database search, each item indexed and asked in the word forms of its language
# (portal/search_backend/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search_backend"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses in plain ASCII (rendicion-de-cuentas), in the admin's slugify and the server's alike: an
# address with accents is shown percent-encoded wherever it is shared (courses/catalogue/forms.py: typed
# slugs too).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents, videos and audio are checked as material files are: the content must be what the name says
# (courses/catalogue/upload_forms.py); videos and audio of the kinds browsers play, up to
# MATERIAL_MAX_UPLOAD_SIZE.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.catalogue.upload_forms.DocumentForm"
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "MEDIA_FORM_BASE": "courses.catalogue.upload_forms.MediaForm",
    "VIDEO_EXTENSIONS": ["m4v", "mov", "mp4", "webm"],
    "AUDIO_EXTENSIONS": ["m4a", "mp3", "ogg", "wav"],
}
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "language"]
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
