"""No string of the catalogues the portal loads (its own, its rewording of the packages', and the packages':
allauth, Django, Wagtail…) speaks the other voice: none says tú in Spanish, none is Portugal's Portuguese;
none hedges a gender ("este(a)").
The pages a tour of the demo reaches are checked in test_one_voice.py; this covers the screens it does not
reach (a delete confirmation, an error message) through the strings they would show."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from django.views.i18n import JavaScriptCatalog

from .reading import gender_hedges_in, other_voice_in


@pytest.mark.parametrize("language", ["es", "pt"])
def test_no_string_the_portal_loads_speaks_the_other_voice(language):
    catalogue = trans_real.translation(language)._catalog
    findings = {}
    for message, text in shown(catalogue):
        if found := other_voice_in(" ".join(text.split()), language):
            findings[message[:100]] = found
    assert not findings, "\n".join(f"{key}: {found}" for key, found in sorted(findings.items()))


@pytest.mark.parametrize("language", ["es", "pt"])
def test_no_string_the_portal_loads_hedges_a_gender(language):
    """No "este(a) pedido" or "enviado(a)": a sentence about an item of any kind (Wagtail's "this
    %(model_name)s") reads right whatever the kind's gender."""
    catalogue = trans_real.translation(language)._catalog
    findings = {}
    for message, text in shown(catalogue):
        if found := gender_hedges_in(text):
            findings[message[:100]] = found
    assert not findings, "\n".join(f"{key}: {found}" for key, found in sorted(findings.items()))


@pytest.mark.parametrize("language", ["es", "pt"])
def test_no_string_of_the_translation_editors_script_speaks_the_other_voice_or_hedges_a_gender(language):
    """wagtail-localize's translation editor speaks through its script's catalogue (djangojs), which the
    portal completes as the others (portal/locale_overrides/<es|pt>/djangojs.po)."""
    with translation.override(language):
        paths = JavaScriptCatalog().get_paths(["wagtail_localize"])
        script = trans_real.DjangoTranslation(language, domain="djangojs", localedirs=paths)
        findings = {}
        for message in set(script._catalog.keys()):
            if not isinstance(message, str):
                continue  # a plural form: the script's strings here have none
            text = " ".join(script.gettext(message).split())
            if found := other_voice_in(text, language) + gender_hedges_in(text):
                findings[message[:100]] = found
    assert not findings, "\n".join(f"{key}: {found}" for key, found in sorted(findings.items()))


def shown(catalogue) -> list[tuple[str, str]]:
    """Each message of a merged catalogue with the text a reader may be shown: a plural message in each of
    its forms as Django picks them (from the first catalogue that has the message)."""
    texts = []
    for key in set(catalogue.keys()):
        if isinstance(key, tuple):  # (message, plural form): ask for it as ngettext does, for several counts
            texts += [(key[0], str(catalogue.plural(key[0], count))) for count in (0, 1, 2, 5, 1_000_000)]
        else:
            texts.append((key, str(catalogue.get(key))))
    return texts
