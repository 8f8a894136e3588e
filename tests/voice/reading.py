"""What a reader sees of a page, an e-mail or a PDF, and what in it is not the portal's one voice
(docs/language.md): English left in a Spanish or Portuguese text, *tú* in Spanish, Portugal's words in
Portuguese, and English names of records (licences, the workflow, the groups)."""

import html
import io
import re
from functools import cache
from html.parser import HTMLParser

import pikepdf
from django.utils.translation import trans_real

# Attributes whose words a reader meets too: a picture's description, a tooltip, a field's hint, what a
# screen reader says of a button.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
UNREAD_ELEMENTS = {"script", "style", "template"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.unread_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD_ELEMENTS:
            self.unread_depth += 1
            return
        attributes = dict(attrs)
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in UNREAD_ELEMENTS and self.unread_depth:
            self.unread_depth -= 1

    def handle_data(self, data):
        if not self.unread_depth:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    """The words of an HTML page as a reader meets them: no tags, scripts, styles or comments; the words of
    alt, title, placeholder and aria-label attributes and of buttons; one space between words."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def plain_text(text: str) -> str:
    return " ".join(html.unescape(text).split())


def pdf_text(pdf: bytes) -> str:
    """Every string the PDF's pages draw (the portal draws with the standard fonts: Windows-1252)."""
    strings = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("Tj", "'", '"'):
                    strings.append(bytes(operands[-1]).decode("cp1252"))
                elif str(operator) == "TJ":
                    strings.append(
                        "".join(
                            bytes(part).decode("cp1252")
                            for part in operands[0]
                            if isinstance(part, pikepdf.String)
                        )
                    )
    return " ".join(" ".join(strings).split())


# --- English left in the text ---------------------------------------------------------------------------

# What in a message is not words: placeholders (%(name)s, %s, {name}) and markup.
NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]*>|\s*\n\s*")
SHORTEST = 13  # an English fragment is looked for when longer than 12 characters


def _fragments(message: str) -> list[str]:
    """The parts of a message worth looking for: longer than 12 characters, and of two words at least (a
    single word, "Liechtenstein" or "organisations", may as well be a name or the reader's own content)."""
    parts = (" ".join(piece.split()) for piece in NOT_WORDS.split(message))
    return [part for part in parts if len(part) >= SHORTEST and " " in part]


def _catalogue(language: str) -> dict:
    """Django's merged catalogue for a language: the portal's, then the installed packages' variants
    (settings.LOCALE_PATHS), then the packages' own; keys are msgids, "context\\x04msgid", or
    (msgid, plural form)."""
    return trans_real.translation(language)._catalog


def _msgid(key) -> str:
    message = key[0] if isinstance(key, tuple) else key
    return message.split("\x04", 1)[-1]


@cache
def english_fragments(language: str) -> frozenset[str]:
    """The English strings a reader of `language` must not meet: the parts (between placeholders and
    markup, longer than 12 characters) of every source string of the catalogues the portal loads (its own,
    allauth's, Django's, Wagtail's…) that its translation in `language` does not keep as they are."""
    target = _catalogue(language)
    sources = {_msgid(key) for code in ("es", "pt") for key in _catalogue(code).keys()}  # noqa: SIM118 (not a dict)
    kept_in_translation: dict[str, list[str]] = {}
    for key in set(target.keys()):
        kept_in_translation.setdefault(_msgid(key), []).append(" ".join(str(target.get(key)).split()))
    english = set()
    for message in sources:
        translations = " ".join(kept_in_translation.get(message, []))
        english |= {fragment for fragment in _fragments(message) if fragment not in translations}
    return frozenset(english)


def english_in(text: str, language: str) -> list[str]:
    """The English source strings (or their parts) that appear, as whole words, in a text meant to be in
    `language`."""
    return sorted(
        fragment for fragment in english_fragments(language) if fragment in text and _whole(fragment, text)
    )


def _whole(fragment: str, text: str) -> bool:
    """Whether the fragment is in the text as whole words (not "Total paid" inside "Total paidx")."""
    before = r"(?<!\w)" if fragment[0].isalnum() else ""
    after = r"(?!\w)" if fragment[-1].isalnum() else ""
    return re.search(before + re.escape(fragment) + after, text) is not None


# --- the other voice -----------------------------------------------------------------------------------

# Spanish addressing the reader as tú (or Spain's vosotros), not usted.
TU = re.compile(
    r"(?<!\w)(tu|tus|te|ti|contigo|tuyo|tuya|tuyos|tuyas|puedes|tienes|quieres|debes|necesitas|estás|eres|"
    r"ves|vas|has|sabes|haces|deseas|recibes|encuentras|prefieres|olvidaste|iniciaste|recibiste|pagaste|"
    r"compraste|completaste|aprobaste|aceptaste|inscribiste|"
    r"podrás|recibirás|tendrás|elígelo|elígela|descarga tu|descárgalo|haz clic|vete|regístrate|inscríbete|"
    r"introdúcelo|compruébalo|comprueba tu|"
    # imperatives that are also the third person ("la cooperativa elige"): at the start of a sentence only
    r"(?:^|(?<=[.:;!?¡¿(] ))(?:elige|ve a|inicia sesión|escribe|revisa|vuelve a intentarlo)|"
    r"vosotros|vosotras|vuestro|vuestra|vuestros|vuestras)(?!\w)",
    re.IGNORECASE,
)
# Portugal's Portuguese, not Brazil's.
EUROPEAN_PORTUGUESE = re.compile(
    r"(?<!\w)(palavra-passe|palavras-passe|ficheiros?|ecrãs?|utilizador(?:es|a|as)?|telemóve(?:l|is)|"
    r"regist(?:ar|ar-se|e-se|o|os|ado|ada)|equipas?|inscrever-se|aceder|acedido|"
    r"(?:está|estão|estou|estamos|estava) a \w+(?:ar|er|ir))(?!\w)",
    re.IGNORECASE,
)
OTHER_VOICE = {"es": TU, "pt": EUROPEAN_PORTUGUESE}


def other_voice_in(text: str, language: str) -> list[str]:
    """The words of a text that speak the other voice of its language: tú forms in Spanish, European
    Portuguese in Portuguese; each with a few words around it."""
    found = []
    for match in OTHER_VOICE[language].finditer(text):
        start, end = max(match.start() - 30, 0), min(match.end() + 30, len(text))
        found.append(f"{match.group(0)!r} in “…{text[start:end]}…”")
    return found


# --- English names of records --------------------------------------------------------------------------


def names_in(text: str, names: set[str]) -> list[str]:
    return sorted(name for name in names if name in text and _whole(name, text))


# --- gender hedges -------------------------------------------------------------------------------------

# "este(a) pedido", "estos(as)", "bloqueado(a)", "autorizado/a": a sentence worded for no one in particular.
# A sentence about an item of any kind is worded so that nothing agrees with the kind (docs/language.md).
GENDER_HEDGE = re.compile(r"\w+\((?:a|as|o|os)\)|\w+[oa]s?/(?:a|as|o|os)(?!\w)")


def gender_hedges_in(text: str) -> list[str]:
    return [match.group(0) for match in GENDER_HEDGE.finditer(text)]
