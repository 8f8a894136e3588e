"""A visitor writes to the network in Portuguese, on a phone (390 × 844): from the footer of the Portuguese
site to the contact page, a message sent once (a first try without the message is refused with what was
typed kept), the page's thanks; each coordinator receives it by e-mail in their own language, answering it
answers the visitor, and a coordinator finds it in the admin's listing of contact messages.

Selectors rely on addresses and form field names rather than on wording where they can."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from portal.models import ContactMessage
from portal.roles import COORDINATORS

from .. import factories
from ..courses.test_synced_translations import written_apart
from .test_accessibility import audit, report
from .test_editor_journey import admin_login
from .test_learning_journey import fits_the_screen, phone

# The live server reads the database from another thread: the test data must really be committed.
pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = (
    "Bom dia. Gostaria de saber como a nossa cooperativa pode oferecer o curso de boas práticas aos sócios."
)


def test_a_visitor_writes_in_portuguese_and_each_coordinator_receives_it_in_their_language(
    live_server, chromium_browser, tree, locales
):
    contact = factories.ContactPageFactory(parent=tree.home, slug="contacto")
    written_apart(tree.home, locales["pt"], "Início", "inicio-pt")
    contato = written_apart(contact, locales["pt"], "Fale conosco", "contato")
    contato.intro, contato.thanks = "<p>Escreva à coordenação.</p>", "<p>Respondemos em cinco dias úteis.</p>"
    contato.save_revision().publish()
    group = Group.objects.get(name=COORDINATORS)
    rosa = factories.UserFactory(email="rosa@clase.example", full_name="Rosa Elena", language="es")
    joao = factories.UserFactory(email="joao@clase.example", full_name="João Pereira", language="pt")
    for coordinator in (rosa, joao):
        coordinator.groups.add(group)
    base = live_server.url
    findings: dict = {}

    page = phone(chromium_browser)
    page.goto(f"{base}/pt/")
    page.locator("footer a[href='/pt/contato/']").click()
    page.wait_for_url(f"{base}/pt/contato/")
    expect(page.locator("h1")).to_have_text("Fale conosco")
    assert fits_the_screen(page)
    audit(page, "contact page, pt", findings)

    # Sent without its message: refused, in Portuguese, with what was typed kept.
    page.fill("input[name=name]", "Maria da Silva")
    page.fill("input[name=email]", "maria@coop.example")
    page.select_option("select[name=topic]", index=1)
    page.locator("main form textarea[name=message]").evaluate("field => field.removeAttribute('required')")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=name]")).to_have_value("Maria da Silva")
    expect(page.locator("main")).to_contain_text("Este campo é obrigatório")
    assert not ContactMessage.objects.exists()

    page.fill("textarea[name=message]", MESSAGE)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/pt/contato/?sent=1")
    expect(page.locator("main [role=status]").first).to_contain_text("Obrigado")
    expect(page.locator("main .callout[role=status]")).to_contain_text("Respondemos em cinco dias úteis.")
    expect(page.locator("textarea[name=message]")).to_have_count(0)
    assert fits_the_screen(page)
    audit(page, "contact page, sent", findings)
    page.context.close()

    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.language, message.message) == (
        "Maria da Silva",
        "maria@coop.example",
        "pt",
        MESSAGE,
    )
    received = {email.to[0]: email for email in mail.outbox}
    assert set(received) == {"rosa@clase.example", "joao@clase.example"}
    assert received["rosa@clase.example"].subject.startswith("Mensaje de Maria da Silva")
    assert "Escrito en: Português" in received["rosa@clase.example"].body  # languages by their own names
    assert received["joao@clase.example"].subject.startswith("Mensagem de Maria da Silva")
    for email in received.values():
        assert email.reply_to == ["maria@coop.example"] and MESSAGE in email.body

    # A coordinator finds it in the admin's listing and reads it whole.
    admin = chromium_browser.new_page()
    admin_login(admin, base, rosa.email)
    admin.goto(f"{base}/admin/contact_messages/")
    row = admin.locator("table tbody tr", has_text="maria@coop.example")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Maria da Silva")
    admin.goto(f"{base}/admin/contact_messages/inspect/{message.pk}/")
    expect(admin.locator("main")).to_contain_text(MESSAGE)
    admin.close()
    assert not report(findings)
