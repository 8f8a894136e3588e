"""Previews of the portal's pages in the admin's preview panel."""


class FramedPreview:
    """Mixed into every page of the portal. The admin shows a preview in a frame of its own address; the
    public site's content security policy forbids any frame (`frame-ancestors 'none'`), which the preview's
    simulated request would otherwise carry, and the panel would say "refused to connect". A preview lets
    the admin's own origin frame it, as Wagtail's X-Frame-Options SAMEORIGIN on it already does."""

    def serve_preview(self, request, mode_name):
        response = super().serve_preview(request, mode_name)
        response._csp_replace = {"frame-ancestors": ["'self'"]}  # read by django-csp's middleware
        return response
