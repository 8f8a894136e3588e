"""One voice per language (docs/language.md): a Spanish reader meets Latin American Spanish addressing them
as usted, a Portuguese reader Brazilian Portuguese, on every page, admin screen, e-mail and PDF, with no
English left.

The demo site is read once per language (tests/voice/tour.py: public pages, each role's pages, the admin
screens of editors and coordinators, every e-mail, the PDFs, the error pages) and each check below reports,
page by page, what it found."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Task, Workflow

from courses.models import Contributor, Licence

from .reading import english_in, names_in, other_voice_in
from .tour import Tour, load_demo

LANGUAGES = ["es", "pt"]
pytestmark = pytest.mark.django_db
_READ: dict[str, tuple[dict[str, str], set[str]]] = {}


def english_record_names(language: str) -> set[str]:
    """The English names of records that readers see, where `language` has its own: the licences (their
    English names, and English labels other than a Creative Commons code), the review workflow and its task,
    the groups (stored in English, shown in each reader's language)."""
    names = set()
    for licence in Licence.objects.all():
        for field in ("name", "label"):
            english, own = licence.in_language(field, "en"), licence.in_language(field, language)
            if english != own and not re.fullmatch(r"CC[\w .-]*", english):
                names.add(english)
    names |= set(Workflow.objects.values_list("name", flat=True))
    names |= set(Task.objects.values_list("name", flat=True))
    names |= set(Group.objects.values_list("name", flat=True))
    names -= set(Contributor.objects.values_list("name", flat=True))  # a partner's name: "Fondo Solidario"
    return {str.__str__(name) for name in names if name}


@pytest.fixture
def read(language, settings):
    """Everything a reader meets in `language` on the demo site, and the English names of its records: read
    once per language (loading the demo takes seconds) and shared by the checks."""
    if language not in _READ:
        settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens: the success page does not wait
        load_demo()
        _READ[language] = (Tour(language).everything(), english_record_names(language))
    return _READ[language]


def report(findings: dict[str, list[str]]) -> str:
    lines = [f"{sum(map(len, findings.values()))} findings on {len(findings)} pages, e-mails or PDFs:"]
    for name, found in sorted(findings.items()):
        lines.append(f"- {name}")
        lines += [f"    {item}" for item in found]
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_tour_reads_pages_admin_screens_e_mails_and_pdfs(read, language):
    seen, _names = read
    kinds = {name.split(" · ")[0] for name in seen}
    assert {"visitor", "member", "external", "buyer", "editor", "coordinator", "e-mail", "PDF"} <= kinds
    # The certificate, a stamped copy, a receipt and a training record.
    assert sum(name.startswith("PDF") for name in seen) == 4
    assert sum(name.startswith("e-mail") for name in seen) >= 15
    assert sum(name.startswith("visitor · /") for name in seen) >= 25
    assert all(text.strip() for text in seen.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_where_a_spanish_or_portuguese_reader_looks(read, language):
    """No English source string of the catalogues (the portal's, allauth's, Django's, Wagtail's) appears
    untranslated: each is looked for, in parts longer than 12 characters, on every page, e-mail and PDF."""
    seen, _names = read
    findings = {name: found for name, text in seen.items() if (found := english_in(text, language))}
    assert not findings, report(findings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_spanish_says_usted_and_portuguese_is_brazilian(read, language):
    """No tú (nor vosotros) in Spanish; no European Portuguese word (palavra-passe, ficheiro, ecrã,
    utilizador, registar, equipa, "está a fazer"…) in Portuguese."""
    seen, _names = read
    findings = {name: found for name, text in seen.items() if (found := other_voice_in(text, language))}
    assert not findings, report(findings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_records_are_named_in_the_readers_language(read, language):
    seen, names = read
    findings = {name: found for name, text in seen.items() if (found := names_in(text, names))}
    assert not findings, report(findings)


def test_the_checks_find_english_and_the_other_voice_and_nothing_else():
    assert "Download your certificate (PDF)" in english_in("Mi cuenta Download your certificate (PDF)", "es")
    assert english_in("Mi cuenta Descargar su certificado (PDF)", "es") == []
    assert other_voice_in("Descargar tu certificado", "es")
    assert other_voice_in("Siga el enlace. Si no ves el correo, revise su carpeta.", "es")
    assert other_voice_in("Para confirmar que esto es correcto, vete a http://127.0.0.1:8102/", "es")
    assert not other_voice_in("La cooperativa elige sus prácticas y se ve a sí misma. ¿Qué es el té?", "es")
    assert other_voice_in("Esqueceu-se da sua palavra-passe?", "pt")
    assert other_voice_in("O ficheiro está a carregar no ecrã.", "pt")
    assert not other_voice_in("Esqueceu sua senha? O arquivo está baixando na tela.", "pt")
