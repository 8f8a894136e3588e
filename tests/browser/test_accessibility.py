"""Accessibility: axe-core (bundled by axe-playwright-python) checks the main pages in Spanish, for a visitor,
a member and an authorised external buyer. No violation of impact "serious" or "critical" is allowed; the
others are printed for the record.

`portal` builds the demo-like site the no-JavaScript and page-weight journeys use too."""

import io
import random

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from courses.demo.files import cover_png
from courses.models import AccessLevel
from payments.standin import StripeStandin
from portal.models import AccessRequest

from .. import factories
from ..conftest import wagtail_root
from ..courses.learning_kit import QUIZ
from .test_access_journeys import log_in
from .test_purchase_journey import pay

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = ("serious", "critical")
MEMBER = "juan@coop.example"
BUYER = "ana@fondo.example"


def demo_image(title: str, colour: tuple[int, int, int]):
    """A cover like the demo's: a 1200 × 675 PNG drawn with Pillow, uploaded as an original."""
    image = get_image_model()(
        title=title, file=ImageFile(io.BytesIO(cover_png(colour)), name=f"{title.lower()}.png")
    )
    image.save()
    return image


def photo(title: str, width: int = 2400, height: int = 1600):
    """A phone photo's worth of pixels (smooth random colour, always the same), uploaded as a large JPEG."""
    rng = random.Random(title)
    channels = [
        PILImage.frombytes("L", (width // 16, height // 16), rng.randbytes(width * height // 256)).resize(
            (width, height), PILImage.Resampling.BICUBIC
        )
        for _ in range(3)
    ]
    buffer = io.BytesIO()
    PILImage.merge("RGB", channels).save(buffer, format="JPEG", quality=90)
    image = get_image_model()(title=title, file=ImageFile(buffer, name=f"{title.lower()}.jpg"))
    image.save()
    return image


def build_portal(locales) -> dict:
    """A Spanish site like the demo's: a public course with a cover, a lesson with a photo, one with a quiz;
    a public material, one whose licence asks for acceptance (members), one priced (authorised); a member and
    an authorised external user."""
    home = factories.HomePageFactory(
        parent=wagtail_root(locales["es"]),
        title="Formación para cooperativas",
        slug="inicio",
        locale=locales["es"],
        intro="Cursos y materiales de comercio justo para organizaciones de pequeños productores.",
        hero_image=demo_image("Portada", (31, 111, 67)),
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "site_name": "Cla@se"}
    )
    Site.clear_site_root_paths_cache()
    catalogue = factories.CourseIndexPageFactory(parent=home, title="Cursos", slug="cursos")
    library = factories.MaterialIndexPageFactory(parent=home, title="Materiales", slug="materiales")
    licence = factories.LicenceFactory(
        name="CC BY 4.0 (prueba)", label="CC BY 4.0", terms_es="Cite a la red y a la cooperativa autora."
    )
    course = factories.CoursePageFactory(
        parent=catalogue,
        title="Gobernanza cooperativa",
        slug="gobernanza",
        summary="Asambleas, estatutos y liderazgo en la cooperativa.",
        audience="Directivos y socios",
        cover_image=demo_image("Gobernanza", (138, 90, 43)),
        licence=licence,
    )
    factories.credit(course, factories.ContributorFactory(name="Fondo Solidario"))
    first = factories.LessonPageFactory(
        parent=course,
        title="La asamblea general",
        slug="asamblea",
        body=[
            ("text", "<p>La asamblea es la máxima autoridad de la cooperativa.</p>"),
            (
                "image",
                {"image": photo("Asamblea"), "alt_text": "Socios votando en asamblea", "decorative": False},
            ),
            ("text", "<p>Cada socio tiene un voto.</p>"),
        ],
    )
    quiz_lesson = factories.LessonPageFactory(
        parent=course,
        title="El consejo de administración",
        slug="consejo",
        body=[("text", "<p>El consejo ejecuta los acuerdos de la asamblea.</p>"), ("quiz", QUIZ)],
    )
    public = factories.MaterialPageFactory(
        parent=library,
        title="Guía de comercio justo",
        slug="guia",
        licence=licence,
        cover_image=demo_image("Comercio justo", (31, 111, 67)),
    )
    factories.add_file(public, "guia-comercio-justo.pdf", factories.pdf_bytes("Guia"), title="Guía completa")
    terms = factories.LicenceFactory(
        name="Convenio universitario (no comercial)",
        label="BY-NC Universidad",
        may_be_sold=False,
        acceptance_required=True,
        terms_es="Uso no comercial, citando a la Universidad del Café.",
    )
    with_terms = factories.MaterialPageFactory(
        parent=library,
        title="Guía de catación",
        slug="catacion",
        access_level=AccessLevel.MEMBERS,
        licence=terms,
    )
    factories.credit(with_terms, factories.ContributorFactory(name="Universidad del Café"))
    factories.add_file(with_terms, "guia-catacion.pdf", factories.pdf_bytes("Catacion"))
    priced = factories.MaterialPageFactory(
        parent=library,
        title="Manual de costos",
        slug="costos",
        access_level=AccessLevel.AUTHORISED,
        price="12.50",
        licence=factories.LicenceFactory(name="CC BY 4.0 (venta)", label="CC BY 4.0"),
    )
    factories.add_file(priced, "manual-costos.pdf", factories.pdf_bytes("Costos"))
    member = factories.MembershipFactory(
        user__email=MEMBER, user__full_name="Juan Carlos Torres", user__language="es"
    ).user
    buyer = factories.UserFactory(email=BUYER, full_name="Ana Compradora", language="es")
    AccessRequest.objects.create(
        user=buyer,
        organisation="Fondo Solidario",
        country="EC",
        role="Asesora",
        purpose="Capacitar",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
    )
    backend = get_search_backend()
    for page in (course, first, quiz_lesson, public, with_terms, priced):
        backend.add(page)
    return {
        "home": home,
        "catalogue": catalogue,
        "library": library,
        "course": course,
        "lesson": first,
        "quiz_lesson": quiz_lesson,
        "material": public,
        "with_terms": with_terms,
        "priced": priced,
        "member": member,
        "buyer": buyer,
    }


@pytest.fixture
def portal(locales):
    return build_portal(locales)


@pytest.fixture
def standin(live_server, settings):
    with StripeStandin(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        webhook_url=f"{live_server.url}/payments/webhook/",
    ) as running:
        settings.STRIPE_API_BASE = running.url
        yield running


def audit(page, name: str, findings: dict) -> None:
    """Run axe on the page as it is; keep its violations by page name."""
    results = Axe().run(page)
    findings[name] = [
        (violation["impact"], violation["id"], len(violation["nodes"]), violation["nodes"][0]["target"])
        for violation in results.response["violations"]
    ]


def report(findings: dict) -> list:
    blocking = []
    for name, violations in findings.items():
        serious = sum(1 for impact, *_ in violations if impact in BLOCKING)
        print(f"axe {name}: {serious} serious or critical, {len(violations) - serious} other violations")
        for impact, rule, count, target in violations:
            print(f"    {impact} {rule} ×{count} e.g. {target}")
            if impact in BLOCKING:
                blocking.append((name, impact, rule, target))
    print(f"axe: {len(findings)} pages checked")
    return blocking


def test_the_main_pages_have_no_serious_accessibility_violations(
    live_server, chromium_browser, portal, standin
):
    base = live_server.url
    findings: dict = {}
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    for name, url in (
        ("home", "/es/"),
        ("catalogue", portal["catalogue"].url),
        ("course", portal["course"].url),
        ("lesson", portal["lesson"].url),
        ("quiz lesson (visitor)", portal["quiz_lesson"].url),
        ("material", portal["material"].url),
        ("library", portal["library"].url),
        ("search", "/es/search/?q=cooperativa"),
        ("locked material (visitor)", portal["with_terms"].url),
    ):
        page.goto(base + url)
        assert page.locator("html").get_attribute("lang") == "es"
        audit(page, name, findings)
    context.close()

    # A member: the account, My learning, a quiz answered (with its feedback), the licence terms page.
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, MEMBER)
    page.goto(base + portal["course"].url)
    page.locator("#progress form button[type=submit]").click()
    page.goto(base + portal["quiz_lesson"].url)
    page.check(".quiz input[name=q0][value='1']")
    page.locator(".quiz form button[type=submit]").click()
    expect(page.locator(".quiz [role=alert]")).to_be_visible()
    audit(page, "quiz lesson (sent back with questions unanswered)", findings)
    page.check(".quiz input[name=q1][value='1']")
    page.check(".quiz input[name=q2][value='2']")
    page.locator(".quiz form button[type=submit]").click()
    expect(page.locator(".quiz-result.failed")).to_be_visible()
    audit(page, "quiz lesson (answered)", findings)
    for name, url in (("account", "/es/account/"), ("my learning", "/es/account/learning/")):
        page.goto(base + url)
        audit(page, name, findings)
    # Learning without a connection: the course's saving panel showing the size, then what is saved.
    page.goto(base + portal["course"].url)
    page.locator("#offline-save [data-do=ask]").click()
    expect(page.locator("#offline-save [data-do=save]")).to_be_visible()
    audit(page, "course (saving it for offline use)", findings)
    page.locator("#offline-save [data-do=save]").click()
    expect(page.locator("#offline-save [data-do=update]")).to_be_visible()
    page.goto(base + "/es/offline/saved/")
    expect(page.locator(".shelf-course")).to_have_count(1)
    audit(page, "saved on this device", findings)
    page.goto(base + portal["with_terms"].url)
    page.locator(".file-list a.button").first.click()
    expect(page.locator("main form input[name=accept]")).to_be_visible()
    audit(page, "licence terms", findings)
    context.close()

    # An authorised external: the lock notice with the Buy form, then the success page after paying.
    context = chromium_browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, BUYER)
    page.goto(base + portal["priced"].url)
    expect(page.locator(".lock-notice form.buy-form")).to_be_visible()
    audit(page, "checkout start", findings)
    page.locator(".lock-notice form.buy-form button[type=submit]").click()
    page.wait_for_url(f"{standin.url}/pay/*")
    audit(page, "stand-in payment page", findings)
    pay(page, "4000 0000 0000 0002")
    expect(page.locator("#card_number-error")).to_be_visible()
    audit(page, "stand-in payment page (declined)", findings)
    pay(page, "4242 4242 4242 4242")
    page.wait_for_url(f"{base}/es/payments/success/*")
    expect(page.locator("main")).to_contain_text("CL-")
    audit(page, "payment success", findings)
    context.close()

    assert report(findings) == []
