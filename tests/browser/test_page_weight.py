"""Page weight for slow connections: the first load of a course page (and of the home, the catalogue, a
lesson, the material library and a material page), in a fresh browser context with an empty cache, transfers
at most 300 KB, everything counted; images
come as responsive renditions, never as the uploaded originals.

The figures are printed (`pytest -s` shows them)."""

import re

import pytest

from .test_accessibility import build_portal

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 300 * 1024
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
RENDITION = re.compile(
    r"/media/images/[^/]+$"
)  # Wagtail keeps renditions in images/, originals in original_images/


@pytest.fixture
def portal(locales):
    return build_portal(locales)


def first_load(browser, url: str, device: dict) -> tuple[list[tuple[str, int]], list[dict]]:
    """Each response's bytes on the wire (headers and body) for one page opened with an empty cache, and the
    page's images: what each offers (srcset, also of its <picture> sources) and what it fetched."""
    context = browser.new_context(locale="es-ES", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    transferred = []
    for request in finished:
        sizes = request.sizes()
        transferred.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    images = page.eval_on_selector_all(
        "main img",
        """images => images.map(image => ({
            fetched: image.complete ? image.currentSrc : "",
            offered: [image, ...(image.parentElement.matches("picture") ? image.parentElement.children : [])]
                .map(element => element.srcset || "").join(", "),
        }))""",
    )
    context.close()
    return transferred, images


def test_the_first_load_of_the_main_pages_stays_under_300_kb(live_server, chromium_browser, portal):
    pages = {
        "home": "/es/",
        "catalogue": portal["catalogue"].url,
        "course": portal["course"].url,
        "lesson": portal["lesson"].url,
        "library": portal["library"].url,
        "material": portal["material"].url,
    }
    over, summary = [], []
    for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        for name, path in pages.items():
            transferred, images = first_load(chromium_browser, live_server.url + path, device)
            total = sum(size for _, size in transferred)
            print(f"page weight {name} ({device_name}): {total / 1024:.1f} KB, {len(transferred)} responses")
            for url, size in transferred:
                print(f"    {size / 1024:7.1f} KB  {url.removeprefix(live_server.url)}")
            if total > BUDGET:
                over.append((name, device_name, total))
            summary.append(f"{name} ({device_name}) {total / 1024:.1f} KB")
            assert not [url for url, _ in transferred if "/original_images/" in url]
            if name in ("course", "lesson"):
                # The cover, the lesson's photo: responsive renditions to choose from, one of them fetched.
                assert images and all(image["offered"] for image in images), images
                assert "/original_images/" not in str(images)
                fetched = [image["fetched"] for image in images if image["fetched"]]
                assert fetched and all(RENDITION.search(url) for url in fetched), images
    print(f"page weight (limit {BUDGET // 1024} KB): " + "; ".join(summary))
    assert over == [], over


WORKER_BUDGET = 30 * 1024


def worker_ready(page, language: str = "es") -> None:
    """Wait until the service worker is active and keeps the offline page of this language."""
    for _attempt in range(100):
        if page.evaluate(
            """async language => {
                const registration = await navigator.serviceWorker.getRegistration();
                if (!registration || !registration.active) return false;
                const names = (await caches.keys()).filter(name => name.startsWith("clase-static-"));
                for (const name of names) {
                    if (await (await caches.open(name)).match(`/${language}/offline/`)) return true;
                }
                return false;
            }""",
            language,
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never became ready")


def test_the_service_worker_adds_at_most_30_kb_to_a_first_visit_and_nothing_to_other_pages(
    live_server, chromium_browser, portal
):
    """Everything the web app adds to a first visit, counted on the wire like the pages (headers and body):
    the registration script, the worker and the shelf it imports, and what it keeps for the offline page.
    Afterwards a page that does not save or learn offline loads nothing more of it."""
    context = chromium_browser.new_context(locale="es-ES", **PHONE)
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(live_server.url + "/es/")
    worker_ready(page)
    page.wait_for_load_state("networkidle")

    def size(request) -> int:
        """Chromium reports no body size for some of the worker's own requests (its script, what it imports):
        then the length the server sent (Content-Length, compressed if it was), else the body received
        (nothing for a revalidation answered "not modified")."""
        sizes = request.sizes()
        if sizes["responseBodySize"] > 0:
            return sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        length = response.all_headers().get("content-length")  # as sent: "0" for "not modified"
        return (int(length) if length else len(response.body())) + sizes["responseHeadersSize"]

    added = [
        (request.url.removeprefix(live_server.url), size(request))
        for request in finished
        if request.service_worker is not None or request.url.endswith(("/sw.js", "/static/js/web-app.js"))
    ]
    total = sum(bytes_ for _url, bytes_ in added)
    print(f"web app on a first visit: {total / 1024:.1f} KB, {len(added)} responses")
    for url, bytes_ in added:
        print(f"    {bytes_ / 1024:7.1f} KB  {url}")
    assert "/sw.js" in {url for url, _bytes in added}
    assert total <= WORKER_BUDGET, added

    finished.clear()
    page.goto(live_server.url + portal["library"].url)
    page.wait_for_load_state("networkidle")
    later = [
        request.url for request in finished if "/static/js/" in request.url or request.url.endswith("/sw.js")
    ]
    print(f"web app on the next page: {later}")
    assert not [url for url in later if "offline.js" in url or "shelf.js" in url]
    context.close()
