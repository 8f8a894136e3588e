"""Every interface string has a Spanish, an English and a Portuguese entry, and the Spanish and Portuguese
ones are translated.

The strings are read from the code itself (Python calls of gettext and friends, templates' translate and
blocktranslate tags, as `manage.py makemessages` reads them, without needing GNU gettext): a string added to
the code but not to the catalogues (portal/locale/*/LC_MESSAGES/django.po) fails the test, as does an entry
left untranslated or fuzzy. Add them with `manage.py makemessages -l es -l en -l pt --ignore 'tests/*'
--ignore 'scripts/*' --ignore 'bench/*'`, translate, then `scripts/compile_messages.py`."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "portal" / "locale"
SOURCES = ("portal", "courses", "payments")  # the apps' Python code; templates/ holds every template
PLAIN = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
WITH_CONTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
TEMPLATE_CALL = re.compile(
    r"""\b(gettext|pgettext|ngettext|npgettext|_)\(((?:[^()'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")*)\)"""
)


def _message(name: str, args: list) -> tuple[str | None, str] | None:
    strings = [
        arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None for arg in args
    ]
    if name in WITH_CONTEXT:
        return (strings[0], strings[1]) if len(strings) > 1 and None not in strings[:2] else None
    return (None, strings[0]) if strings and strings[0] is not None else None


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in PLAIN | WITH_CONTEXT and (message := _message(name, node.args)):
                found.add(message)
    return found


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        name = "pgettext" if match[1] in ("pgettext", "npgettext") else "gettext"
        call = ast.parse(f"f({match[2]})", mode="eval").body
        if message := _message(name, call.args):
            found.add(message)
    return found


def source_messages() -> set[tuple[str | None, str]]:
    messages = set()
    for app in SOURCES:
        for path in sorted((ROOT / app).rglob("*.py")):
            messages |= python_messages(path)
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            messages |= template_messages(path)
    return messages


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def test_the_strings_are_read_from_the_code():
    messages = source_messages()
    assert len(messages) > 800
    assert (None, "Too many attempts") in messages  # templates/429.html
    assert (None, "Files ending in “.%(extension)s” are not accepted. Accepted: %(accepted)s.") in messages


@pytest.mark.parametrize("language", ["es", "en", "pt"])
def test_every_string_of_the_code_is_in_the_catalogue(language):
    entries = {(entry.msgctxt, entry.msgid) for entry in catalogue(language) if not entry.obsolete}
    missing = sorted(source_messages() - entries, key=str)
    assert missing == []


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_catalogue_is_complete(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    doubtful = [entry.msgid for entry in po.fuzzy_entries()]
    assert (missing, doubtful) == ([], [])
    assert len(po) > 300
    print(f"{language}: {len(po.translated_entries())} translated strings of {len(po)}")
