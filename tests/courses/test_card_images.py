"""A listing's first card image is the largest thing a reader sees first: it is fetched at once and early
(`fetchpriority="high"`, not lazily), and the cards after it wait until they are scrolled near. The same in
the course catalogue, the material library and the search results, warm or cold."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend

from .. import factories


def cover(title: str):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (31, 111, 67)).save(buffer, format="PNG")
    image = get_image_model()(title=title, file=ImageFile(buffer, name=f"{title.lower()}.png"))
    image.save()
    return image


@pytest.fixture
def listed(tree):
    backend = get_search_backend()
    for number in range(3):
        course = factories.CoursePageFactory(
            parent=tree.courses, title=f"Curso de cooperativas {number}", cover_image=cover(f"curso{number}")
        )
        material = factories.MaterialPageFactory(
            parent=tree.materials, title=f"Guía de cooperativas {number}", cover_image=cover(f"guia{number}")
        )
        backend.add(course)
        backend.add(material)
    return tree


def card_images(client, url: str) -> list[dict]:
    html = BeautifulSoup(client.get(url).content, "html.parser")
    images = html.select("main .card img")
    assert len(images) >= 3, url
    return [image.attrs for image in images]


@pytest.mark.django_db
def test_the_first_card_image_of_each_listing_is_fetched_first_and_the_others_lazily(client, listed):
    for url in (listed.courses.url, listed.materials.url, "/es/search/?q=cooperativas"):
        for _visit in ("rendered", "from the caches"):
            first, *others = card_images(client, url)
            assert first.get("fetchpriority") == "high" and first.get("loading") != "lazy", (url, first)
            assert all(image.get("loading") == "lazy" and "fetchpriority" not in image for image in others), (
                url
            )
