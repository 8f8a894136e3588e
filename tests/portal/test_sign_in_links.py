"""The header's "Log in" and "Sign up" links bring the reader back to the page they were reading; on the
pages of signing in and up themselves they keep where the reader was going, instead of nesting the page
into its own `next` on every visit (`/accounts/login/?next=/accounts/login/%3Fnext%3D…`)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

EVIL = "https://evil.example/steal"


def header_links(client, url: str) -> dict[str, str]:
    """The header's sign-in and sign-up addresses on this page."""
    html = BeautifulSoup(client.get(url).content, "html.parser")
    links = {}
    for link in html.select(".site-header .account-nav a"):
        path = urlsplit(link["href"]).path
        if path.endswith("/login/"):
            links["login"] = link["href"]
        elif path.endswith("/signup/"):
            links["signup"] = link["href"]
    assert set(links) == {"login", "signup"}, links
    return links


def next_of(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("next", [])


@pytest.mark.django_db
def test_from_a_page_the_links_come_back_to_it(client, tree, public_material):
    links = header_links(client, public_material.url)
    assert next_of(links["login"]) == [public_material.url]
    assert next_of(links["signup"]) == [public_material.url]


@pytest.mark.django_db
def test_on_the_sign_in_and_sign_up_pages_the_links_keep_where_the_reader_was_going(client, tree):
    going_to = tree.courses.url
    for page in ("/es/accounts/login/", "/es/accounts/signup/"):
        links = header_links(client, f"{page}?next={going_to}")
        assert next_of(links["login"]) == [going_to], (page, links)
        assert next_of(links["signup"]) == [going_to], (page, links)


@pytest.mark.django_db
def test_following_the_sign_in_link_again_and_again_never_nests_it(client, tree):
    url = header_links(client, tree.courses.url)["login"]
    for _ in range(3):
        url = header_links(client, url)["login"]
        assert next_of(url) == [tree.courses.url]
        assert "%3Fnext" not in url and "accounts" not in next_of(url)[0]
    url = header_links(client, url)["signup"]
    assert next_of(header_links(client, url)["login"]) == [tree.courses.url]


@pytest.mark.django_db
def test_on_the_sign_in_page_without_a_destination_or_with_a_foreign_one_the_links_carry_none(client, tree):
    for page in ("/es/accounts/login/", f"/es/accounts/login/?next={EVIL}", "/es/accounts/signup/"):
        links = header_links(client, page)
        assert next_of(links["login"]) == [] and next_of(links["signup"]) == [], (page, links)
