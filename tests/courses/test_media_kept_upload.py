"""A video or a recording just uploaded is not lost when its form is refused for another field: it is kept for
the editor (courses/catalogue/kept_uploads.py), named on the form again, and saved when the form is sent back
without it, so that nobody uploads megabytes twice over a slow line."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile
from wagtailmedia.models import Media

from courses.catalogue.kept_uploads import KeptUpload
from portal.roles import EDITORS

from .. import factories
from . import media_kit

VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 5000


@pytest.fixture
def editor_in_portuguese(client, db):
    editor = factories.UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "pt"
    profile.save()
    client.force_login(editor)
    return editor


def add_form(**fields) -> dict:
    data = {"title": "", "collection": media_kit.root_collection(), "duration": "0", "tags": ""}
    data.update(width="", height="")
    data.update(fields)
    return data


@pytest.mark.django_db
def test_a_new_video_is_kept_when_the_form_is_refused_and_saved_when_it_is_sent_back(
    client, editor_in_portuguese
):
    url = reverse("wagtailmedia:add", args=("video",))

    refused = client.post(url, add_form(file=SimpleUploadedFile("asamblea.mp4", VIDEO)))  # no title

    html = refused.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert refused.status_code == 200 and not Media.objects.exists()
    assert "Arquivo mantido: <strong>asamblea.mp4</strong>" in html
    token = soup.select_one('input[name="file-kept"]')["value"]

    saved = client.post(url, add_form(title="Asamblea general", **{"file-kept": token}))  # no file sent

    assert saved.status_code == 302
    video = Media.objects.get()
    assert video.title == "Asamblea general" and video.file.read() == VIDEO
    assert KeptUpload.objects.get().claimed_at is not None  # the video's file now: never cleared


@pytest.mark.django_db
def test_a_replacement_video_is_kept_while_the_editor_corrects_the_captions(client, editor_in_portuguese):
    video = media_kit.video(b"\x00\x00\x00\x18ftypmp42old")
    url = reverse("wagtailmedia:edit", args=(video.pk,))
    data = add_form(title=video.title, file=SimpleUploadedFile("nueva.mp4", VIDEO))
    data["captions_pt"] = SimpleUploadedFile("asamblea.srt", b"1\n00:00:01,000 --> 00:00:04,000\nOi\n")

    refused = client.post(url, data)

    soup = BeautifulSoup(refused.content, "html.parser")
    assert refused.status_code == 200
    assert "Arquivo mantido: nueva.mp4" in " ".join(soup.get_text(" ").split())
    token = soup.select_one('input[name="file-kept"]')["value"]
    video.refresh_from_db()
    stored = soup.select_one('a[href^="/admin/lesson-media/"]')  # the file the video has, until saved
    assert stored.get_text(strip=True) == video.filename and client.get(stored["href"]).status_code == 200
    assert video.file.read().startswith(b"\x00\x00\x00\x18ftypmp42old")

    saved = client.post(url, add_form(title=video.title, **{"file-kept": token}))

    assert saved.status_code == 302
    video.refresh_from_db()
    assert video.file.read() == VIDEO


@pytest.mark.django_db
def test_nobody_else_can_claim_a_kept_video(client, editor_in_portuguese):
    url = reverse("wagtailmedia:add", args=("video",))
    refused = client.post(url, add_form(file=SimpleUploadedFile("asamblea.mp4", VIDEO)))
    token = BeautifulSoup(refused.content, "html.parser").select_one('input[name="file-kept"]')["value"]
    other = factories.UserFactory()
    other.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(other)

    response = client.post(url, add_form(title="Otra", **{"file-kept": token}))

    assert response.status_code == 200 and not Media.objects.exists()
    assert "file" in response.context["form"].errors


@pytest.mark.django_db
def test_a_new_recording_is_kept_too_and_said_to_be_saved_with_the_recording(client, editor_in_portuguese):
    url = reverse("wagtailmedia:add", args=("audio",))
    recording = SimpleUploadedFile("entrevista.mp3", b"ID3" + b"\x00" * 4000)
    data = add_form(file=recording)
    del data["width"], data["height"]

    refused = client.post(url, data)

    text = " ".join(BeautifulSoup(refused.content, "html.parser").get_text(" ").split())
    assert refused.status_code == 200 and not Media.objects.exists()
    assert "Arquivo mantido: entrevista.mp3 (3,9 KB). Ele será salvo com a gravação;" in text
