"""Settings of the processes the fault tests start (gunicorn, db_worker): the test settings, with the
database, the private files and the e-mail of the test that started them, taken from the environment."""

import os

from portal.settings.test import *  # noqa: F403

PRIVATE_MEDIA_ROOT = Path(os.environ["FAULTS_PRIVATE_ROOT"])  # noqa: F405
MEDIA_ROOT = Path(os.environ["FAULTS_MEDIA_ROOT"])  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
STORAGES["default"]["OPTIONS"]["location"] = MEDIA_ROOT  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}
