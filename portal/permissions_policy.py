"""The Permissions-Policy header of every answer: which of the browser's powerful features the portal's pages
(and the frames they embed) may use. The portal needs none of the camera, microphone, location, sensors,
USB or payment handlers (Stripe Checkout is a redirect to Stripe's own page, not a frame or the Payment
Request API); full screen and picture-in-picture serve its own videos and the YouTube and Vimeo players
lessons embed. The features are listed in the settings (`PERMISSIONS_POLICY`)."""

from django.conf import settings


def header_value(policy: dict[str, list[str]]) -> str:
    """`feature=(self "https://origin")`, one per feature; an empty list denies the feature everywhere."""

    def allowed(origin: str) -> str:
        return origin if origin == "self" else f'"{origin}"'

    return ", ".join(
        f"{feature}=({' '.join(allowed(origin) for origin in allowlist)})"
        for feature, allowlist in policy.items()
    )


class PermissionsPolicyMiddleware:
    """Add the header to every answer, the pages served from the page cache included (it runs outside it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = header_value(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
