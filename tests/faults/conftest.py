"""Fault injection for the hardening issue: a storage that cannot be reached, dropped database connections,
a killed worker, a Stripe that does not answer, a short load. Helpers to start the portal's own processes
(gunicorn, manage.py) against the test database and files live in processes.py."""

import runpy
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings
from storages.backends.s3 import S3Storage

from courses.models import MaterialFile

from ..payments.conftest import buyer, buyer_client, priced_material, standin, standin_server  # noqa: F401


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than 30 s; still part of the normal run")


def closed_port() -> int:
    """A loopback port where nothing listens (taken, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_private_storage(monkeypatch, endpoint: str) -> dict:
    """STORAGES["private"] exactly as portal/settings/base.py builds it for a deployment with a bucket."""
    with monkeypatch.context() as patch:
        for name, value in {
            "AWS_STORAGE_BUCKET_NAME": "clase-private",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "faults-access-key",
            "AWS_SECRET_ACCESS_KEY": "faults-secret-key",
        }.items():
            patch.setenv(name, value)
        production = runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings" / "base.py"))
    return production["STORAGES"]["private"]


@contextmanager
def s3_storage_at(monkeypatch, endpoint: str):
    """The "private" storage is the production S3 storage at `endpoint`, within the block.

    Swapped as tests/courses/test_s3_downloads.py explains: the alias through override_settings, the
    FileField's storage (evaluated once, when the model was built) patched to the same instance."""
    private = production_private_storage(monkeypatch, endpoint)
    with override_settings(STORAGES={**settings.STORAGES, "private": private}):
        storage = storages["private"]
        assert isinstance(storage, S3Storage)
        with monkeypatch.context() as patch:
            patch.setattr(MaterialFile._meta.get_field("file"), "storage", storage)
            yield storage


@pytest.fixture
def s3_down(monkeypatch):
    """S3 unreachable: the production S3 storage with its endpoint at a closed port."""
    with s3_storage_at(monkeypatch, f"http://127.0.0.1:{closed_port()}") as storage:
        yield storage
