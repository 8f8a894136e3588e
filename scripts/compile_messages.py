"""Compile the gettext catalogues (.po → .mo) with polib, so setting up needs no system gettext; and gather
the installed packages' catalogues in the variants of Spanish and Portuguese that the portal speaks.

The portal's languages are "es" and "pt", meaning Latin American Spanish and Brazilian Portuguese
(docs/language.md). Django and Wagtail ship those variants as `es_419` and `pt_BR`, which Django never loads
for "es" and "pt": Wagtail's admin would speak Spain's Spanish, and in Portuguese half English (Wagtail has
no plain "pt") and half European Portuguese (Django's "pt" is Portugal's: "palavra-passe"). So every
installed package's `es_419` and `pt_BR` catalogue is copied to portal/locale_variants/<package>/<es|pt>/
(not in git: made from what is installed), which settings.LOCALE_PATHS reads after the portal's own
catalogues (they still win) and before the packages' own. Both Django's catalogue ("django") and the one of
the admin's scripts ("djangojs": Wagtail's sidebar, autosave, comments…) are gathered.

Where those variants lack a string, or word it for Spain or Portugal, the portal's completions and
corrections (portal/locale_overrides/<es|pt>/, in git; docs/reach.md) are compiled here as well.
"""

import shutil
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {"es": "es_419", "pt": "pt_BR"}  # the portal's language → the packages' name for that variant
VARIANTS_DIR = ROOT / "portal" / "locale_variants"


PORTAL_CATALOGUES = ("portal/locale/*/LC_MESSAGES/*.po", "portal/locale_overrides/*/LC_MESSAGES/*.po")


def compile_portal_catalogues() -> None:
    for po_path in sorted(path for pattern in PORTAL_CATALOGUES for path in ROOT.glob(pattern)):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def package_catalogues(variant: str) -> list[Path]:
    """The installed packages' catalogues of a variant (site-packages of this interpreter): the server's
    (django.mo) and the browser's (djangojs.mo, which Django's JavaScript catalogue also reads from
    LOCALE_PATHS: wagtail-localize's translation editor speaks through it)."""
    site_packages = {Path(path) for path in sys.path if path.endswith("site-packages")}
    found = []
    for root in sorted(site_packages):
        for depth in ("*", "*/*", "*/*/*"):
            found += sorted(root.glob(f"{depth}/locale/{variant}/LC_MESSAGES/django.mo"))
            found += sorted(root.glob(f"{depth}/locale/{variant}/LC_MESSAGES/djangojs.mo"))
    return sorted(set(found))


def gather_variants() -> None:
    """Copy each package's catalogue of each variant to portal/locale_variants/<package>/<language>/: one
    directory per package, since each catalogue keeps its own plural rules (Django's pt_BR has three
    forms, Wagtail's two), which a single merged file could not."""
    for language, variant in VARIANTS.items():
        for source in package_catalogues(variant):
            package = "-".join(source.parts[source.parts.index("site-packages") + 1 : -4])
            target = VARIANTS_DIR / package / language / "LC_MESSAGES" / source.name
            if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


if __name__ == "__main__":
    compile_portal_catalogues()
    gather_variants()
