"""The portal as an installable web app: its manifest in the reader's language, the service worker served
from the site's root with the files it keeps and their version, and the offline pages, which are the same
for everyone (nothing personal is ever kept outside a saved course)."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from courses.views import web_app


def worker_config(client) -> dict:
    response = client.get("/sw.js")
    assert response.status_code == 200
    first_line = response.content.decode().split("\n", 1)[0]
    return json.loads(re.fullmatch(r"self\.CLASE = (.*);", first_line)[1])


@pytest.mark.django_db
def test_the_worker_is_served_from_the_root_for_the_whole_site_and_checked_for_updates(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    config = worker_config(client)
    assert config["precache"] == ["/static/css/portal.css", "/static/js/shelf.js"]
    assert config["keep_when_used"] == ["/static/js/offline.js"]
    assert config["offline"] == {"es": "/es/offline/", "en": "/en/offline/", "pt": "/pt/offline/"}
    assert 'addEventListener("fetch"' in response.content.decode()


@pytest.mark.django_db
def test_the_workers_version_changes_with_any_file_it_keeps(client, monkeypatch):
    before = worker_config(client)["version"]
    assert worker_config(client)["version"] == before  # the same release, the same worker
    real_source = web_app._source

    def changed(name):
        return real_source(name) + (b"/* changed */" if name == "css/portal.css" else b"")

    monkeypatch.setattr(web_app, "_source", changed)
    with override_settings(DEBUG=True):  # worked out afresh, as in development
        assert worker_config(client)["version"] != before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "Cla@se — formación para pequeños productores de Comercio Justo"),
        ("pt", "Cla@se — formação para pequenos produtores de Comércio Justo"),
    ],
)
def test_the_web_app_manifest_speaks_the_readers_language(client, language, name):
    with translation.override(language):
        url = reverse("courses:web_app_manifest")
    response = client.get(url)
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == name and manifest["lang"] == language
    assert manifest["start_url"] == f"/{language}/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/es/offline/", "Sin conexión"),
        ("/pt/offline/", "Sem conexão"),
        ("/en/offline/", "No connection"),
        ("/es/offline/saved/", "Guardado en este dispositivo"),
        ("/pt/offline/saved/", "Salvo neste dispositivo"),
    ],
)
def test_the_offline_pages_in_each_language(client, tree, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'id="offline-shelf"' in html and 'id="offline-words"' in html


@pytest.mark.django_db
def test_every_page_names_the_manifest_and_registers_the_worker_with_one_small_script(client, tree):
    html = client.get("/es/").content.decode()
    assert '<link rel="manifest" href="/es/manifest.webmanifest">' in html
    assert '<script src="/static/js/web-app.js" defer></script>' in html
    # The worker and the shelf are loaded by the worker itself and by the pages that save or learn offline.
    assert "offline.js" not in html and "sw.js" not in html


@pytest.mark.django_db
def test_robots_stay_out_of_the_offline_endpoints(client):
    assert "Disallow: /es/offline/" in client.get("/robots.txt").content.decode()
