"""An e-mail backend for the worker test: writes messages to files like Django's file-based backend, but
first marks that sending has begun (FAULTS_MAIL_STARTED, a file) and waits FAULTS_MAIL_DELAY seconds, as
a slow mail server would: the moment a worker can be killed in the middle of a task."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        started = os.environ.get("FAULTS_MAIL_STARTED")
        if started:
            Path(started).write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("FAULTS_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
