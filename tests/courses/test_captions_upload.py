"""Editors attach captions to a video, one WebVTT file per language, on the video's own edit screen: a file
that is not WebVTT is refused with a message that says what to do, and nothing else sent is lost."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from courses.catalogue.light_media import VideoCaptions
from portal.roles import EDITORS

from .. import factories
from . import media_kit
from .test_editing import coordinator_client  # noqa: F401 - the fixture is used below


@pytest.fixture
def video(db):
    return media_kit.video(b"\x00\x00\x00\x18ftypmp42")


def edit_form(video, **files) -> dict:
    data = {"title": video.title, "collection": media_kit.root_collection(), "duration": "0", "tags": ""}
    data.update(width="", height="")
    for language, (name, content) in files.items():
        data[f"captions_{language}"] = SimpleUploadedFile(name, content)
    return data


def errors_of(response, language: str) -> list[str]:
    return response.context["form"].errors.get(f"captions_{language}", [])


@pytest.mark.django_db
def test_an_editor_attaches_captions_in_two_languages_and_the_lesson_offers_them(
    coordinator_client,  # noqa: F811
    client,
    tree,
    video,
):
    response = coordinator_client.post(
        reverse("wagtailmedia:edit", args=(video.pk,)),
        edit_form(
            video,
            es=("asamblea-es.vtt", media_kit.CAPTIONS["es"].encode()),
            pt=("asamblea-pt.vtt", media_kit.CAPTIONS["pt"].encode()),
        ),
    )

    assert response.status_code == 302
    tracks = {track.language: track for track in VideoCaptions.objects.filter(video=video)}
    assert sorted(tracks) == ["es", "pt"]
    assert tracks["pt"].file.read().decode() == media_kit.CAPTIONS["pt"]
    lesson = media_kit.video_lesson(factories.CoursePageFactory(parent=tree.courses), video)
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    assert [track["src"] for track in soup.select("video track")] == [
        media_kit.lesson_address(lesson, video, "captions", "es"),
        media_kit.lesson_address(lesson, video, "captions", "pt"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "asamblea.srt",
            media_kit.CAPTIONS["es"].encode(),
            "Captions must be a WebVTT file, ending in .vtt.",
        ),
        (
            "asamblea.vtt",
            b"1\n00:00:01,000 --> 00:00:04,000\nLa asamblea decide.\n",
            "This is a SubRip (.srt) file renamed .vtt. Export it as WebVTT (.vtt) from your subtitle editor "
            "and upload it again.",
        ),
        ("asamblea.vtt", b"Hola\n", "This file is not WebVTT: its first line must be \u201cWEBVTT\u201d."),
        (
            "asamblea.vtt",
            b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nAl rev\xc3\xa9s\n",
            "Line 3 has a time browsers cannot read: \u201c00:00:05.000 --> 00:00:01.000\u201d. Write times "
            "as 00:01:02.500 --> 00:01:05.000, the end after the start.",
        ),
        (
            "asamblea.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAsamblea de socios\n".encode("cp1252").replace(
                b"o", b"\xf3"
            ),
            "This captions file is not UTF-8 text. Save it as UTF-8 in your subtitle editor and upload it "
            "again.",
        ),
        (
            "asamblea.vtt",
            b"WEBVTT\n\nNOTE nothing yet\n",
            "This captions file has no captions: no line with times such as 00:00:01.000 --> 00:00:04.000.",
        ),
    ],
)
def test_a_file_that_is_not_webvtt_is_refused_with_what_to_do(
    coordinator_client,  # noqa: F811
    video,
    name,
    content,
    message,
):
    response = coordinator_client.post(
        reverse("wagtailmedia:edit", args=(video.pk,)), edit_form(video, es=(name, content))
    )

    assert response.status_code == 200
    assert errors_of(response, "es") == [message]
    assert not VideoCaptions.objects.exists()


@pytest.mark.django_db
def test_the_refusal_reads_in_the_editors_spanish(client, video):
    editor = factories.UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(editor)

    response = client.post(
        reverse("wagtailmedia:edit", args=(video.pk,)),
        edit_form(video, pt=("asamblea.vtt", b"1\n00:00:01,000 --> 00:00:04,000\nHola\n")),
    )

    assert errors_of(response, "pt") == [
        "Este es un archivo SubRip (.srt) con el nombre cambiado a .vtt. Expórtelo como WebVTT (.vtt) desde "
        "su editor de subtítulos y vuelva a subirlo."
    ]
    assert "Subtítulos: Português" in response.content.decode()


@pytest.mark.django_db
def test_captions_accepted_are_kept_while_the_editor_corrects_another_file(coordinator_client, video):  # noqa: F811
    url = reverse("wagtailmedia:edit", args=(video.pk,))
    data = edit_form(
        video,
        es=("asamblea-es.vtt", media_kit.CAPTIONS["es"].encode()),
        pt=("asamblea-pt.srt", media_kit.CAPTIONS["pt"].encode()),
    )
    data["title"] = "Asamblea general 2026"

    refused = coordinator_client.post(url, data)

    html = refused.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert refused.status_code == 200 and not VideoCaptions.objects.exists()
    assert soup.select_one('input[name="title"]')["value"] == "Asamblea general 2026"
    assert "File kept: <strong>asamblea-es.vtt</strong>" in html
    token = soup.select_one('input[name="captions_es-kept"]')["value"]

    # Sent again with the Portuguese file corrected and no Spanish file: the kept one is saved.
    data = edit_form(video, pt=("asamblea-pt.vtt", media_kit.CAPTIONS["pt"].encode()))
    data.update({"title": "Asamblea general 2026", "captions_es-kept": token})
    assert coordinator_client.post(url, data).status_code == 302

    tracks = {track.language: track.file.read().decode() for track in VideoCaptions.objects.all()}
    assert tracks == {"es": media_kit.CAPTIONS["es"], "pt": media_kit.CAPTIONS["pt"]}


@pytest.mark.django_db
def test_captions_can_be_removed_with_their_file(
    coordinator_client,  # noqa: F811
    video,
    django_capture_on_commit_callbacks,
):
    media_kit.add_captions(video, "es", "en")
    stored = VideoCaptions.objects.get(language="es").file
    data = edit_form(video)
    data["captions_es-clear"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("wagtailmedia:edit", args=(video.pk,)), data)

    assert response.status_code == 302
    assert list(VideoCaptions.objects.values_list("language", flat=True)) == ["en"]
    assert not stored.storage.exists(stored.name)
