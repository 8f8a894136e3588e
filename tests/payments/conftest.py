"""Buyers, priced items and the Stripe stand-in for the payments tests (builders: helpers.py)."""

import socket
from decimal import Decimal

import pytest
from django.conf import settings as django_settings

from courses.models import AccessLevel
from payments.standin import StripeStandin
from portal.models import AccessRequest

from .. import factories


@pytest.fixture
def buyer(db):
    """An external user whose authorisation was approved: priced items are theirs to buy."""
    user = factories.UserFactory(full_name="Ana Compradora")
    AccessRequest.objects.create(
        user=user,
        organisation="Fondo Solidario",
        country="EC",
        role="Asesora",
        purpose="Capacitar",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
    )
    return user


@pytest.fixture
def priced_material(tree):
    """A material for authorised users at 12.50 USD, with one file."""
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Manual de costos",
        slug="manual-de-costos",
        access_level=AccessLevel.AUTHORISED,
        price=Decimal("12.50"),
        currency="usd",
    )
    factories.add_file(material, "manual-costos.pdf", title="Manual completo")
    return material


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


@pytest.fixture
def standin_server():
    with StripeStandin(
        secret_key=django_settings.STRIPE_SECRET_KEY, webhook_secret=django_settings.STRIPE_WEBHOOK_SECRET
    ) as server:
        yield server


@pytest.fixture
def standin(standin_server, settings):
    """The Stripe stand-in, started for the test, with the portal's STRIPE_API_BASE pointing at it."""
    settings.STRIPE_API_BASE = standin_server.url
    return standin_server


@pytest.fixture
def stripe_down(settings):
    """STRIPE_API_BASE pointing at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{port}"
