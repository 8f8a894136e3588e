"""List the admin packages' strings that Latin American Spanish or Brazilian Portuguese readers would get in
English (or in Spain's Spanish, for Portuguese), after a Wagtail, wagtailmedia or wagtail-localize upgrade:
those that no catalogue the portal reads translates. Translate them into portal/locale_overrides/<es|pt>/
(docs/reach.md).

    .venv/bin/python scripts/untranslated_admin_strings.py          # counts per package and language
    .venv/bin/python scripts/untranslated_admin_strings.py --list   # and each string

A string counts as translated for "es" when the package's es_419 or es catalogue has it, for "pt" when its
pt_BR one has it, or when the portal's own catalogue or its completions have it (fuzzy entries do not count:
they are never compiled)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = next(Path(path) for path in sys.path if path.endswith("site-packages"))
# The packages whose strings the admin shows: Wagtail's apps, wagtailmedia, the tags' and filters' own, and
# wagtail-localize's (its translation editor).
PACKAGES = ("wagtail", "wagtailmedia", "taggit", "django_filters", "wagtail_localize")
PACKAGE_VARIANTS = {"es": ("es_419", "es"), "pt": ("pt_BR",)}
DOMAINS = ("django", "djangojs")


def translated(path: Path) -> set[tuple]:
    if not path.exists():
        return set()
    done = set()
    for entry in polib.pofile(str(path)):
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if not entry.obsolete and "fuzzy" not in entry.flags and all(forms):
            done.add((entry.msgctxt, entry.msgid))
    return done


def package_locales() -> list[Path]:
    """Each package app's locale directory (Wagtail has one per app)."""
    found = []
    for package in PACKAGES:
        found += sorted((SITE_PACKAGES / package).glob("**/locale"))
    return found


def untranslated(language: str) -> dict[str, list[str]]:
    """Django merges every catalogue of a language into one: a string translated in any of them is."""
    missing = {}
    for domain in DOMAINS:
        done = translated(ROOT / "portal" / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
        done |= translated(ROOT / "portal" / "locale_overrides" / language / "LC_MESSAGES" / f"{domain}.po")
        for locale in package_locales():
            for variant in PACKAGE_VARIANTS[language]:
                done |= translated(locale / variant / "LC_MESSAGES" / f"{domain}.po")
        for locale in package_locales():
            source = next(iter(sorted(locale.glob(f"*/LC_MESSAGES/{domain}.po"))), None)
            if source is None:
                continue
            entries = polib.pofile(str(source))
            left = sorted({entry.msgid for entry in entries if (entry.msgctxt, entry.msgid) not in done})
            if left:
                missing[f"{locale.parent.relative_to(SITE_PACKAGES)} ({domain})"] = left
    return missing


if __name__ == "__main__":
    for language in PACKAGE_VARIANTS:
        missing = untranslated(language)
        print(f"{language}: {sum(map(len, missing.values()))} strings untranslated")
        for app, strings in missing.items():
            print(f"  {app}: {len(strings)}")
            if "--list" in sys.argv:
                print("".join(f"    {string!r}\n" for string in strings), end="")
