"""Every interface string has a Spanish and a Portuguese translation."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "portal" / "locale"


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    doubtful = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (missing, doubtful) == ([], [])
    assert len(catalogue) > 300
