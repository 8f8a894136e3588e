"""The pages of signing in and up are valid HTML: a form's help (the password rules are a list) is never put
inside a paragraph or a span, where a browser and a screen reader would break the page's structure apart."""

from html.parser import HTMLParser

import pytest

# Elements that hold phrasing content only (https://html.spec.whatwg.org/#phrasing-content), and the
# elements that may not go inside them.
PHRASING_ONLY = {"p", "span", "label", "a", "strong", "em", "small", "button"}
FLOW_ONLY = {"ul", "ol", "li", "div", "p", "form", "h1", "h2", "h3", "section", "table", "fieldset", "dl"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class NestingChecker(HTMLParser):
    """Each flow element found inside a phrasing-only one, and each end tag that closes nothing open."""

    def __init__(self):
        super().__init__()
        self.open, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag in FLOW_ONLY:
            inside = [name for name in self.open if name in PHRASING_ONLY]
            if inside:
                self.problems.append(f"<{tag}> inside <{inside[-1]}> (line {self.getpos()[0]})")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag not in self.open:
            self.problems.append(f"stray </{tag}> (line {self.getpos()[0]})")
            return
        while self.open.pop() != tag:
            pass


def nesting_problems(html: str) -> list[str]:
    checker = NestingChecker()
    checker.feed(html)
    checker.close()
    return checker.problems + [f"<{tag}> never closed" for tag in checker.open]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_sign_up_page_keeps_the_password_rules_out_of_paragraphs(client, tree, language):
    response = client.get(f"/{language}/accounts/signup/")
    html = response.content.decode()
    assert "<ul" in html  # the password rules are there, as a list
    assert nesting_problems(html) == []


@pytest.mark.django_db
def test_a_refused_sign_up_keeps_what_was_typed_and_stays_valid(client, tree):
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": "ana@coop.example",
            "full_name": "Ana Quispe",
            "language": "es",
            "password1": "123",
            "password2": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'value="ana@coop.example"' in html and 'value="Ana Quispe"' in html
    assert 'class="errorlist' in html
    assert nesting_problems(html) == []


@pytest.mark.django_db
def test_the_sign_in_and_password_reset_pages_are_well_formed(client, tree):
    for url in ("/es/accounts/login/", "/es/accounts/password/reset/"):
        assert nesting_problems(client.get(url).content.decode()) == [], url
