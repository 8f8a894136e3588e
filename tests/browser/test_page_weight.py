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
