"""What every page of the portal shares in the admin, whichever app defines it (courses, materials and
catalogues in courses/catalogue/, the site's own pages in portal/models/site_pages.py): addresses in plain
ASCII, and previews that the admin's preview panel may frame."""

from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm


class PortalPageForm(WagtailAdminPageForm):
    """The admin form of every page of the portal: addresses in plain ASCII. A new page's address left empty
    (nothing fills it in without JavaScript) is made from the title, and one typed with accents loses them
    ("participación" becomes "participacion"), as the admin's own slugify does. An address already in use is
    left as it is: links to it have been shared."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and slug != self.instance.slug and not slug.isascii():
            slug = slugify(slug)
        return slug

    def clean(self):
        base = slugify(self.cleaned_data.get("title") or "")[:200].rstrip("-")
        if not self.cleaned_data.get("slug") and "slug" not in self.errors and base:
            self.cleaned_data["slug"] = self._free_slug(base)
        return super().clean()

    def _free_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`… the first no sibling uses (as Wagtail makes them)."""
        candidate, suffix = base, 1
        while not self.instance._slug_is_available(candidate, self.parent_page, self.instance):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate


class FramedPreview:
    """Mixed into every page of the portal. The admin shows a preview in a frame of its own address; the
    public site's content security policy forbids any frame (`frame-ancestors 'none'`), which the preview's
    simulated request would otherwise carry, and the panel would say "refused to connect". A preview lets
    the admin's own origin frame it, as Wagtail's X-Frame-Options SAMEORIGIN on it already does."""

    def serve_preview(self, request, mode_name):
        response = super().serve_preview(request, mode_name)
        response._csp_replace = {"frame-ancestors": ["'self'"]}  # read by django-csp's middleware
        return response
