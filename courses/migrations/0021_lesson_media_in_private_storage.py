"""Lesson videos and recordings, their small renditions and captions move from the public media to the private
storage, where only the lesson media view hands them out (courses/views/lesson_media.py)."""

from django.core.files import File
from django.core.files.storage import storages
from django.db import migrations, models

import courses.access.storage
import courses.catalogue.light_media


def _move(source, target, name: str) -> str:
    """Move one file; its (possibly new) name in the target. A file already moved, or missing, stays named."""
    if not name or not source.exists(name) or target.exists(name):
        return name
    with source.open(name, "rb") as content:
        saved = target.save(name, File(content, name=name.rsplit("/", 1)[-1]))
    source.delete(name)
    return saved


def _move_all(apps, source, target) -> None:
    for label, model_name in (
        ("wagtailmedia", "Media"),
        ("courses", "VideoRendition"),
        ("courses", "VideoCaptions"),
    ):
        model = apps.get_model(label, model_name)
        for row in model.objects.exclude(file="").only("pk", "file").iterator():
            moved = _move(source, target, row.file.name)
            if moved != row.file.name:
                model.objects.filter(pk=row.pk).update(file=moved)
                if model_name == "Media":  # the rendition remembers which file it was made from
                    apps.get_model("courses", "VideoRendition").objects.filter(
                        video_id=row.pk, source_name=row.file.name
                    ).update(source_name=moved)


def to_private(apps, schema_editor):
    _move_all(apps, storages["default"], storages["private"])


def to_public(apps, schema_editor):
    _move_all(apps, storages["private"], storages["default"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0020_certificates_and_licence_acceptances_outlive_erased_accounts"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [
        migrations.AlterField(
            model_name="videocaptions",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=courses.access.storage.lesson_media_storage,
                upload_to=courses.catalogue.light_media.captions_upload_to,
                verbose_name="captions file",
            ),
        ),
        migrations.AlterField(
            model_name="videorendition",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=courses.access.storage.lesson_media_storage,
                upload_to=courses.catalogue.light_media.rendition_upload_to,
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
