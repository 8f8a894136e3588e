"""The reader's choice to save data: lighter media (the small rendition of a video rather than the uploaded
one: courses/catalogue/players.py).

The choice is kept in a cookie for a year, on this device (a reader on a phone and a computer may want it on
one only), and set by a link, not a form: pages stay the same for every visitor (no CSRF token in them) and
keep working without JavaScript, and a forged link could do no more than switch a preference back and forth.
Without a choice, the browser's `Save-Data: on` header (Chromium's data saver, Opera, Samsung Internet) asks
for it. Pages that depend on it say so (`Vary: Save-Data`), and the page cache keeps one copy of each
(portal/speed/page_cache.py)."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

COOKIE = "clase_save_data"
KEEP_FOR = 365 * 24 * 60 * 60


def asks_to_save_data(request: HttpRequest) -> bool:
    choice = request.COOKIES.get(COOKIE)
    if choice in ("on", "off"):
        return choice == "on"
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def depends_on_it(response) -> None:
    """Say that `response` differs with the reader's choice (to any cache between portal and reader)."""
    patch_vary_headers(response, ["Save-Data", "Cookie"])


def context(request) -> dict:
    """Template context processor: `save_data`, read once per page."""
    return {"save_data": asks_to_save_data(request)}


def choose(request: HttpRequest) -> HttpResponseRedirect:
    """`?on=1` saves data from now on, `?on=0` no longer; then back to the page the reader came from."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("wagtail_serve", args=("",))
    response = HttpResponseRedirect(back)
    response.set_cookie(
        COOKIE,
        "on" if request.GET.get("on") == "1" else "off",
        max_age=KEEP_FOR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    add_never_cache_headers(response)
    return response
