"""Editors and coordinators work in the admin in Spanish or Portuguese without meeting Wagtail's English:
every screen they use is fetched as each of them, in each language, and any visible text that is one of the
English strings of Wagtail's catalogues (or wagtailmedia's) fails the test, naming the screen and the
strings. Those strings come from the packages' own catalogues, so a Wagtail upgrade's new strings are found
without a list to keep here.

What counts as visible: the page's text, the texts of placeholders, tooltips, labels read aloud and
buttons, and the sidebar's menu (drawn from JSON by Wagtail's scripts). Texts are compared on their letters
only, and a string whose placeholders Wagtail fills in ("There are no %(vn)s to display") matches whatever
fills them. Strings of ten letters or fewer are left out (too many are names, "Wagtail", "Slug"), as are
strings that read the same in the target language (a catalogue translates them as themselves)."""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import help_menu
from wagtail.utils.version import get_main_version

from portal.roles import COORDINATORS, EDITORS

from .. import factories

PACKAGE_VARIANTS = {"es": ("es", "es_419"), "pt": ("pt_BR",)}
OVERRIDES = Path(settings.BASE_DIR) / "portal" / "locale_overrides"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
JSON_SHOWN_KEYS = ("label", "title", "text", "placeholder", "help_text", "helpText")
SHORTEST = 11  # letters
# Python's None written into a sentence ("1-8 de 8 None"); a bare one is Wagtail's hidden counter.
PYTHON_NONE = re.compile(r"\w.*\bNone\b|\bNone\b.*\w")


def letters(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalpha())


def wagtail_catalogues(language: str) -> list[Path]:
    """The "django" catalogues of the installed Wagtail apps and wagtailmedia in one package language."""
    found = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("wagtail"):
            found += Path(app_config.path).glob(f"locale/{language}/LC_MESSAGES/django.po")
    return found


@cache
def english_strings(language: str) -> tuple[set[str], list[tuple[str, re.Pattern]]]:
    """Wagtail's English strings as letters (plain ones, and patterns for those with placeholders), less
    those that read the same in `language`."""
    catalogues = [path for variant in PACKAGE_VARIANTS[language] for path in wagtail_catalogues(variant)]
    catalogues += OVERRIDES.glob(f"{language}/LC_MESSAGES/django.po")
    entries = [entry for path in catalogues for entry in polib.pofile(str(path))]
    same_in_target = {entry.msgid for entry in entries if entry.msgstr == entry.msgid}
    plain, patterns = set(), []
    for path in wagtail_catalogues("en"):
        for entry in polib.pofile(str(path)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                if msgid in same_in_target:
                    continue
                parts = [letters(part) for part in PLACEHOLDER.split(msgid)]
                if sum(len(part) for part in parts) < SHORTEST:
                    continue
                if len(parts) == 1:
                    plain.add(parts[0])
                else:
                    patterns.append((msgid, re.compile(".*".join(re.escape(part) for part in parts))))
    return plain, patterns


class VisibleText(HTMLParser):
    """The texts a person sees or hears on an admin page."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._in_script = None  # the type of the script being read, if any

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._in_script = attributes.get("type") or tag
        for name in VISIBLE_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in_script = None

    def handle_data(self, data):
        if self._in_script == "application/json":  # the sidebar's menu, drawn by Wagtail's scripts
            self.texts += json_strings(json.loads(data))
        elif self._in_script is None and data.strip():
            self.texts.append(data)


def json_strings(value) -> list[str]:
    """The labels in the admin's JSON (menu items' names and fields' keys are not shown)."""
    if isinstance(value, dict):
        shown = [text for key, text in value.items() if key in JSON_SHOWN_KEYS and isinstance(text, str)]
        return shown + json_strings(list(value.values()))
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def is_english(text_letters: str, plain: set[str], patterns: list) -> bool:
    if len(text_letters) < SHORTEST:
        return False
    return text_letters in plain or any(pattern.fullmatch(text_letters) for _msgid, pattern in patterns)


def english_on(html: str, language: str) -> list[str]:
    plain, patterns = english_strings(language)
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for text in parser.texts:
        if is_english(letters(text), plain, patterns) or PYTHON_NONE.search(text):
            found.add(" ".join(text.split()))
    return sorted(found)


@pytest.fixture
def admin_content(tree):
    """What the screens list: a course, enough materials for the search results to run to a second
    page, an image and a document. Orders and requests stay empty (their "nothing yet" screens)."""
    course = factories.CoursePageFactory(parent=tree.courses, title="Curso de comercio justo")
    materials = [factories.MaterialPageFactory(parent=tree.materials) for _ in range(21)]
    wagtail_factories.ImageFactory(title="Cosecha de café")
    wagtail_factories.DocumentFactory(title="Estatutos de la cooperativa")
    return {"course": course, "material": materials[0], "materials_index": tree.materials, "home": tree.home}


def person(role: str, language: str):
    user = factories.UserFactory(language=language, email=f"{role.lower().replace(' ', '-')}@clase.example")
    user.groups.add(Group.objects.get(name=role))
    return user


def get(url_name: str, *args, query: str = "") -> tuple[str, str, None]:
    return ("get", reverse(url_name, args=args) + query, None)


def screens(role: str, content) -> dict[str, tuple[str, str, dict | None]]:
    """The screens each role uses: name → (method, address, posted data)."""
    new_material = ("courses", "materialpage", content["materials_index"].pk)
    used = {
        "dashboard": get("wagtailadmin_home"),
        "page explorer of the home page": get("wagtailadmin_explore", content["home"].pk),
        "page listing of the materials": get("wagtailadmin_explore", content["materials_index"].pk),
        "a page's edit form": get("wagtailadmin_pages:edit", content["material"].pk),
        "a new page with a validation error": (
            "post",
            reverse("wagtailadmin_pages:add", args=new_material),
            {"title": "", "slug": ""},
        ),
        "page search": get("wagtailadmin_pages:search", query="?q=Material"),
        "page search, second page": get("wagtailadmin_pages:search", query="?q=Material&p=2"),
        "images": get("wagtailimages:index"),
        "documents": get("wagtaildocs:index"),
        "media": get("wagtailmedia:index"),
        "account settings": get("wagtailadmin_account"),
    }
    if role == COORDINATORS:
        used |= {
            "orders": get("orders:index"),
            "authorisation requests": get("access_requests:list"),
            "licences": get("licences:index"),
            "contributors": get("contributors:index"),
            "entitlements": get("entitlements:index"),
            "organisations": get("organisations:index"),
            "learning statistics": get("learning_statistics:index"),
            "sales report": get("sales_reports:report"),
            "licensing report: licences": get("licensing_reports:licences"),
            "licensing report: contributors": get("licensing_reports:contributors"),
        }
    return used


def english_by_screen(role: str, language: str, content) -> dict[str, list[str]]:
    client = Client()
    client.force_login(person(role, language))
    found = {}
    for screen, (method, address, data) in screens(role, content).items():
        response = getattr(client, method)(address, data) if data is not None else client.get(address)
        assert response.status_code == 200, f"{screen}: {address} answered {response.status_code}"
        assert f'lang="{language}"' in response.content.decode()
        if english := english_on(response.content.decode(), language):
            found[screen] = english
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
@pytest.mark.parametrize("role", [EDITORS, COORDINATORS])
def test_the_admin_screens_an_editor_or_coordinator_uses_show_no_english(role, language, admin_content):
    found = english_by_screen(role, language, admin_content)
    report = "\n".join(f"{screen}: {' | '.join(texts)}" for screen, texts in found.items())
    assert not found, f"{sum(map(len, found.values()))} English strings in {language} for {role}:\n{report}"


def override_entries(language: str, domain: str = "django") -> list[polib.POEntry]:
    return list(polib.pofile(str(OVERRIDES / language / "LC_MESSAGES" / f"{domain}.po")))


def filled(text: str, count: int) -> str:
    """A translation with its placeholders filled as Wagtail fills them (a bad one raises)."""
    if "%(" in text:
        return text % dict.fromkeys(re.findall(r"%\((\w+)\)", text), count)
    if re.search(r"%[sdif]", text):
        return text % ((count,) * len(re.findall(r"%[sdif]", text)))
    if "{" in text:  # str.format(), by name ("{title}") or position ("{0}")
        return text.format(*[count] * 9, **dict.fromkeys(re.findall(r"\{([a-z_]\w*)\}", text), count))
    return text


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_portals_completions_of_wagtails_strings_are_what_the_admin_says_and_fill_in(language):
    """Each completion wins over the packages' catalogues, keeps the English string's placeholders, and
    renders for one and for several (a wrong placeholder would raise where Wagtail shows it)."""
    with translation.override(language):
        for entry in override_entries(language):
            english = PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or ""))
            if entry.msgid_plural:
                for count in (1, 2, 5):
                    said = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, count)
                        if (entry.msgctxt)
                        else translation.ngettext(entry.msgid, entry.msgid_plural, count)
                    )
                    assert said == entry.msgstr_plural[0 if count == 1 else 1], entry.msgid
                    assert set(PLACEHOLDER.findall(said)) <= set(english), entry.msgid
                    filled(said, count)
            else:
                said = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                assert said == entry.msgstr, entry.msgid
                assert sorted(PLACEHOLDER.findall(said)) == sorted(english), entry.msgid
                filled(said, 3)


@pytest.mark.django_db
def test_the_admins_scripts_speak_brazilian_portuguese_not_spanish_nor_english(client):
    """The sidebar, autosave and comments take their strings from the admin's script catalogue: in "pt"
    every one is there (none left in English), and none is the Spanish one Django would fall back to."""
    client.force_login(person(EDITORS, "pt"))
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    english = [entry for entry in polib.pofile(str(admin_catalogue("en", "djangojs"))) if not entry.obsolete]
    spanish = translations([admin_catalogue("es", "djangojs"), admin_catalogue("es_419", "djangojs")])
    completions = OVERRIDES / "pt" / "LC_MESSAGES" / "djangojs.po"
    portuguese = translations([admin_catalogue("pt_BR", "djangojs"), completions])
    missing = [entry.msgid for entry in english if entry.msgid not in catalogue]
    in_spanish = [
        msgid for msgid, value in catalogue.items() if value == spanish.get(msgid) != portuguese.get(msgid)
    ]
    assert not missing and not in_spanish, f"English: {missing}\nSpanish: {in_spanish}"


def translations(catalogues: list[Path]) -> dict[str, str]:
    entries = [entry for path in catalogues for entry in polib.pofile(str(path))]
    return {entry.msgid: entry.msgstr for entry in entries if entry.msgstr}


def admin_catalogue(language: str, domain: str) -> Path:
    locale = Path(apps.get_app_config("wagtailadmin").path) / "locale"
    return locale / language / "LC_MESSAGES" / f"{domain}.po"


def help_menu_labels(user) -> list[str]:
    client = Client()
    client.force_login(user)
    parser = VisibleText()
    parser.feed(client.get(reverse("wagtailadmin_home")).content.decode())
    return parser.texts


@pytest.mark.django_db
def test_the_help_menu_speaks_each_persons_language_whoever_opened_the_admin_first(tree, monkeypatch):
    """Wagtail keeps its menu items from the first request on: the "What's new" item kept that person's
    language for everyone after."""
    monkeypatch.delitem(help_menu.__dict__, "registered_menu_items", raising=False)  # as a fresh process
    spanish = help_menu_labels(person(EDITORS, "es"))
    portuguese = help_menu_labels(person(COORDINATORS, "pt"))
    version = get_main_version(include_patch=False)
    assert f"Novedades de Wagtail {version}" in spanish
    assert f"O que há de novo em Wagtail {version}" in portuguese
    assert not [label for label in portuguese if "Novedades" in label]
