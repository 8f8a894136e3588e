#!/usr/bin/env python3
"""Scale out on loopback: two app servers and two background workers against one PostgreSQL database, one
Redis and one S3 endpoint, serving the same portal; a journey goes through both servers in turn.

    .venv/bin/python scripts/scale_out.py [--database-url postgres://postgres@127.0.0.1:5432/clase_scale_out]
                                          [--redis-url redis://127.0.0.1:6379/11] [--keep]

The layout, all on 127.0.0.1:

- PostgreSQL: a database of its own (the name in --database-url), dropped and created at the start, dropped at
  the end;
- Redis: a database number of its own (--redis-url), flushed at the start and at the end;
- S3: a moto server in this process (the project's local S3 endpoint) with two buckets: the private one
  (material files, licensed copies; objects private) and the public media one (Wagtail images, renditions,
  documents; readable by everyone through the bucket's policy);
- SMTP: a small mail sink in this process, which counts the messages the workers send;
- `manage.py migrate`, `load_demo` and `collectstatic` once, with the production settings;
- two gunicorn app servers (2 workers each) and two `manage.py db_worker`, with `portal.settings.production`
  (DEBUG off, one SECRET_KEY), each in an empty working directory of its own, with its own empty MEDIA_ROOT,
  PRIVATE_MEDIA_ROOT and TMPDIR.

This script plays the reverse proxy: every request carries the public host name and `X-Forwarded-Proto:
https`, and goes to the server the step names. It prints what each step checked, exits 1 with the reason
when a check fails, and stops everything it started (and drops the database) whatever happens.

Only the standard library and what requirements.lock installs (psycopg, redis, boto3, moto).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack, closing, contextmanager
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "portal.scale-out.test"  # the public name the proxy (this script) gives every request
PASSWORD = "demo-clase-2026"  # the demo users' password (README)  # noqa: S105
sys.path.insert(0, str(ROOT))
from bench import s3 as local_s3  # noqa: E402

REGION, ACCESS_KEY, SECRET_KEY = local_s3.REGION, local_s3.ACCESS_KEY, local_s3.SECRET_KEY
PRIVATE_BUCKET, MEDIA_BUCKET = "clase-scale-out-private", "clase-scale-out-media"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/clase_scale_out"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"


class StepFailed(Exception):
    """A check of the journey did not hold: the message says which and what was seen."""


def check(condition, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def say(text: str = "") -> None:
    print(text, flush=True)


class Steps:
    """Prints each step with its duration and what it checked."""

    def __init__(self):
        self.started = time.monotonic()

    @contextmanager
    def step(self, title: str):
        say(f"\n== {title}")
        began = time.monotonic()
        yield
        say(f"   ({time.monotonic() - began:.1f} s; {time.monotonic() - self.started:.1f} s in all)")

    @staticmethod
    def ok(text: str) -> None:
        say(f"   ok  {text}")


# --- the services ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgresql_database(url: str):
    """Drop and create the database named in `url` (through its server's `postgres` database); drop it at
    the end."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    check(re.fullmatch(r"[a-z_][a-z0-9_]*", name), f"unexpected database name {name!r}")
    admin_url = parts._replace(path="/postgres").geturl()

    def run(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    run(f"CREATE DATABASE {name}")
    try:
        yield url
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def redis_database(url: str):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


@contextmanager
def moto_s3():
    """The project's local S3 server (bench/s3.py), with the private and the public media buckets."""
    with local_s3.moto_s3() as endpoint:
        s3 = local_s3.client(endpoint)
        s3.create_bucket(Bucket=PRIVATE_BUCKET, ACL="private")
        s3.create_bucket(Bucket=MEDIA_BUCKET)
        local_s3.make_public_readable(s3, MEDIA_BUCKET)
        yield endpoint, s3


class MailSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's SMTP backend: keeps every message it is given."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), MailHandler)
        self.messages: list[dict] = []
        self.lock = threading.Lock()


class MailHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 scale-out mail sink")
        sender, recipients = None, []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 scale-out")
            elif verb == "MAIL":
                sender, recipients = command[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command[8:].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    body.append(data)
                with self.server.lock:
                    self.server.messages.append(
                        {"from": sender, "to": recipients, "data": b"".join(body).decode("utf-8", "replace")}
                    )
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")


@contextmanager
def mail_sink():
    sink = MailSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()


# --- the portal's processes --------------------------------------------------------------------------------


def portal_environment(*, database_url, redis_url, s3_endpoint, mail_port, static_root, secret_key) -> dict:
    """What every process of the layout shares: production settings, configured by the environment only."""
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "HOME") if name in os.environ}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "PORTAL_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "AWS_STORAGE_BUCKET_NAME": PRIVATE_BUCKET,
        "AWS_MEDIA_BUCKET_NAME": MEDIA_BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        # Quoted: the "@" of the name must not be taken for the address's (the built-in default is not).
        "DEFAULT_FROM_EMAIL": '"Cla@se" <clase@scale-out.test>',
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }


def own_directories(base: Path, name: str) -> dict[str, Path]:
    """A process's own empty directories: where it runs, its MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR."""
    dirs = {key: base / name / key for key in ("cwd", "media", "private", "tmp")}
    for path in dirs.values():
        path.mkdir(parents=True)
    return dirs


def directory_env(dirs: dict[str, Path]) -> dict:
    return {
        "MEDIA_ROOT": str(dirs["media"]),
        "PRIVATE_MEDIA_ROOT": str(dirs["private"]),
        "TMPDIR": str(dirs["tmp"]),
    }


def manage(env: dict, cwd: Path, *commands: list[str], timeout: float = 180) -> float:
    """Run manage.py commands side by side, each to its end (StepFailed with the output of one that fails);
    the seconds they took. System checks are skipped: the release runs them once (`check --deploy`)."""
    began = time.monotonic()
    running = [
        (
            args,
            subprocess.Popen(  # noqa: S603 - this interpreter, manage.py and fixed arguments
                [sys.executable, str(ROOT / "manage.py"), *args, "--skip-checks"],
                env=env,
                cwd=cwd,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
        for args in commands
    ]
    try:
        for args, process in running:
            output, _ = process.communicate(timeout=max(1, timeout - (time.monotonic() - began)))
            check(process.returncode == 0, f"manage.py {' '.join(args)} failed:\n{output}")
    finally:
        for _args, process in running:
            if process.poll() is None:
                process.kill()
                process.wait()
    return time.monotonic() - began


class Processes:
    """Long-running processes, each with a log file; all stopped (TERM, then KILL) when the stack closes."""

    def __init__(self, stack: ExitStack, logs: Path):
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen]] = []
        stack.callback(self.stop_all)

    def start(self, name: str, command: list[str], env: dict, cwd: Path) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - fixed command lines built by this script
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.started.append((name, process))
        return process

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_all(self) -> None:
        for _name, process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # its own session: gunicorn's workers too
        deadline = time.monotonic() + 20
        for _name, process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def start_app_server(processes: Processes, name: str, env: dict, dirs: dict[str, Path]) -> int:
    """gunicorn as docs/deployment.md runs it (fewer workers: two cores here); its port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--timeout", "60", "--log-level", "warning"]
    processes.start(name, command, {**env, **directory_env(dirs)}, dirs["cwd"])
    return port


def wait_until_serving(processes: Processes, name: str, port: int) -> None:
    process = dict(processes.started)[name]
    deadline = time.monotonic() + 60
    while True:
        check(process.poll() is None, f"{name} exited with {process.returncode}:\n{processes.log(name)}")
        try:
            if Client(port).get("/es/").status == 200:
                return
        except OSError:
            pass
        check(time.monotonic() < deadline, f"{name} did not answer within 60 s:\n{processes.log(name)}")
        time.sleep(0.2)


def start_worker(processes: Processes, name: str, env: dict, dirs: dict[str, Path]) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--worker-id", name, "--interval", "0.2"]
    command += ["--no-reload", "--no-startup-delay"]
    return processes.start(name, command, {**env, **directory_env(dirs)}, dirs["cwd"])


# --- HTTP, as a browser behind the proxy ------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One person's browser: a cookie jar shared by whichever server the request goes to."""

    def __init__(self, port: int | None = None, cookies: dict | None = None):
        self.port = port
        self.cookies: dict[str, str] = cookies if cookies is not None else {}

    def request(self, method, path, *, port=None, body=None, headers=None) -> Response:
        port = port or self.port
        all_headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        all_headers.update(headers or {})
        with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=60)) as conn:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            result = Response(response.status, response.getheaders(), response.read())
        for key, value in result.headers:
            if key.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        return result

    def get(self, path, *, port=None) -> Response:
        return self.request("GET", path, port=port)

    def post(self, path, fields, *, port=None, files=None) -> Response:
        headers = {"Referer": f"https://{HOST}{path}", "X-CSRFToken": self.cookies.get("csrftoken", "")}
        if files:
            boundary = uuid.uuid4().hex
            body = multipart(fields, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, port=port, body=body, headers=headers)

    def sign_in(self, email: str, *, port: int) -> None:
        form = self.get("/es/accounts/login/", port=port)
        check(form.status == 200, f"the sign-in form answered {form.status}")
        fields = {"login": email, "password": PASSWORD, **form_fields(form.text, "csrfmiddlewaretoken")}
        answer = self.post("/es/accounts/login/", fields, port=port)
        check(answer.status == 302, f"signing in {email} answered {answer.status}, not a redirect")


def multipart(fields, files, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items() if isinstance(fields, dict) else fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


class FormParser(HTMLParser):
    """The values a browser would submit for the form whose action matches (or the first form)."""

    def __init__(self, action: str | None):
        super().__init__(convert_charrefs=True)
        self.action, self.depth, self.done = action, 0, False
        self.fields: list[tuple[str, str]] = []
        self.textarea: list | None = None
        self.select: str | None = None
        self.select_value: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.depth:
            if self.action is None or attrs.get("action", "").startswith(self.action):
                self.depth = 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.select_value, self.first_option = name, None, None
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_value = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            value = self.select_value if self.select_value is not None else self.first_option
            if value is not None:
                self.fields.append((self.select, value))
            self.select = None
        elif tag == "form":
            self.depth, self.done = 0, True


def form_fields(html: str, *names: str, action: str | None = None) -> dict:
    parser = FormParser(action)
    parser.feed(html)
    fields = dict(parser.fields)
    return {name: fields[name] for name in names} if names else fields


def all_form_fields(html: str, action: str | None = None) -> list[tuple[str, str]]:
    parser = FormParser(action)
    parser.feed(html)
    return parser.fields


def fetch(url: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """A plain GET of an absolute address (an S3 object), as a browser following a link would."""
    parts = urlsplit(url)
    with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)) as conn:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.headers, response.read()


def png(width: int = 64, height: int = 48) -> bytes:
    """A small PNG drawn with the standard library (zlib), for the upload."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes((200, 120 + x % 100, 40)) * 1 + bytes((30, 90, 60)) * (width - 1)
        for x in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --- the journey ------------------------------------------------------------------------------------------


def query(database_url: str, sql: str, *params):
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        check(time.monotonic() < deadline, f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)


def media_addresses(html: str, endpoint: str) -> list[str]:
    """Every public media address in a page (img src and srcset), unescaped."""
    found = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    urls = []
    for value in found:
        for candidate in unescape(value).split(","):
            url = candidate.strip().split(" ")[0]
            if url.startswith(endpoint):
                urls.append(url)
    return urls


def files_under(*roots: Path) -> list[str]:
    return [str(path) for root in roots for path in root.rglob("*")]


def journey(*, a: int, b: int, database_url: str, endpoint: str, s3, sink: MailSink, dirs, steps: Steps):
    ok = steps.ok
    with steps.step("1. Sign in on A; the session is valid on B"):
        member = Client()
        member.sign_in("member@clase.example", port=a)
        ok(f"member@clase.example signed in on A (port {a}); cookies: {', '.join(sorted(member.cookies))}")
        account = member.get("/es/account/", port=b)
        check(
            account.status == 200, f"B answered {account.status} for the member's account page (signed out?)"
        )
        check("member@clase.example" in account.text, "B's account page does not show the member's e-mail")
        ok("B serves the member's account page (200) with their e-mail: one session for both servers")

    with steps.step("2. Public pages: rendition addresses point to the media bucket, and S3 serves them"):
        visitor = Client()
        catalogue_path = "/es/cursos/"
        page = visitor.get(catalogue_path, port=a)
        check(page.status == 200, f"A answered {page.status} for the catalogue")
        urls = media_addresses(page.text, endpoint)
        check(urls, f"no image address of the S3 endpoint {endpoint} in the catalogue served by A")
        check(all(f"/{MEDIA_BUCKET}/" in url for url in urls), f"an image outside the media bucket: {urls}")
        check(
            not any("Signature=" in url for url in urls), "a public image address is signed (it would expire)"
        )
        ok(f"A's catalogue names {len(urls)} image addresses, all unsigned, in {endpoint}/{MEDIA_BUCKET}/")
        status, headers, body = fetch(urls[0])
        check(status == 200, f"S3 answered {status} for {urls[0]} fetched without credentials")
        check(
            headers.get("Content-Type", "").startswith("image/"),
            f"not an image: {headers.get('Content-Type')}",
        )
        ok(
            f"GET {urls[0].removeprefix(endpoint)} without credentials: 200, {headers['Content-Type']}, "
            f"{len(body)} bytes, Cache-Control: {headers.get('Cache-Control', '-')}"
        )
        again = visitor.get(catalogue_path, port=b)
        check(again.status == 200 and media_addresses(again.text, endpoint) == urls, "B names other images")
        ok("B's catalogue names the same renditions (made once, found by both servers through the database)")

    with steps.step("3. An admin uploads an image on A; B finds it and makes a rendition of it"):
        admin = Client()
        admin.sign_in("admin@clase.example", port=a)
        form = admin.get("/admin/images/add/", port=a)
        check(form.status == 200, f"the image upload form answered {form.status} on A")
        title = f"Scale-out upload {uuid.uuid4().hex[:8]}"
        fields = [(k, v) for k, v in all_form_fields(form.text, action="/admin/images/add/") if k != "title"]
        answer = admin.post(
            "/admin/images/add/",
            [*fields, ("title", title)],
            port=a,
            files={"file": ("scale-out.png", png(), "image/png")},
        )
        check(answer.status in (200, 302), f"the upload answered {answer.status}")
        rows = query(database_url, "SELECT id, file FROM wagtailimages_image WHERE title = %s", title)
        check(len(rows) == 1, f"the uploaded image is not in the database (upload answered {answer.status})")
        image_id, name = rows[0]
        head = s3.head_object(Bucket=MEDIA_BUCKET, Key=name)
        ok(
            f"uploaded through A's Wagtail admin: image {image_id}, object {MEDIA_BUCKET}/{name} "
            f"({head['ContentLength']} bytes)"
        )
        edit = admin.get(f"/admin/images/{image_id}/", port=b)
        check(edit.status == 200, f"B answered {edit.status} for the image's admin page")
        renditions = [url for url in media_addresses(edit.text, endpoint) if "scale-out" in url]
        check(renditions, "B's admin page of the image shows no rendition address in the media bucket")
        status, headers, _ = fetch(renditions[0])
        check(status == 200, f"S3 answered {status} for B's rendition {renditions[0]}")
        rendition = renditions[0].removeprefix(endpoint)
        ok(f"B shows it with a rendition it made from the original in S3: {rendition} (200 from S3)")
        check(
            not s3.list_objects_v2(Bucket=MEDIA_BUCKET, Prefix="materials/").get("KeyCount"),
            "material files in the public media bucket",
        )
        ok("no material file in the public media bucket")

    with steps.step("4. A page published on A is seen on B at once (page cache purged for every server)"):
        first = visitor.get(catalogue_path, port=b)
        cached = visitor.get(catalogue_path, port=b)
        check(
            cached.header("X-Clase-Cache") == "hit",
            f"B did not serve the catalogue from the page cache: "
            f"X-Clase-Cache={cached.header('X-Clase-Cache')!r}",
        )
        ok("B serves the catalogue from the shared page cache (X-Clase-Cache: hit)")
        [(page_id,)] = query(
            database_url, "SELECT id FROM wagtailcore_page WHERE url_path = '/inicio/cursos/'"
        )
        edit_path = f"/admin/pages/{page_id}/edit/"
        form = admin.get(edit_path, port=a)
        check(form.status == 200, f"the catalogue's edit form answered {form.status} on A")
        new_title = f"Cursos — escala {uuid.uuid4().hex[:6]}"
        fields = [(k, v) for k, v in all_form_fields(form.text, action=edit_path) if k != "title"]
        answer = admin.post(
            edit_path, [*fields, ("title", new_title), ("action-publish", "action-publish")], port=a
        )
        check(answer.status == 302, f"publishing on A answered {answer.status}: {answer.text[:2000]}")
        ok(f"the admin published the catalogue on A with the title {new_title!r}")
        fresh = visitor.get(catalogue_path, port=b)
        check(
            fresh.status == 200 and new_title in fresh.text,
            f"B still serves the old catalogue (X-Clase-Cache={fresh.header('X-Clase-Cache')!r})",
        )
        check(first.text != fresh.text, "the page did not change")
        ok(f"B serves the new title at once (X-Clase-Cache: {fresh.header('X-Clase-Cache') or '-'})")

    with steps.step("5. A member downloads a file on B: 302 to a signed address of the private bucket"):
        [(path, slug)] = query(
            database_url,
            "SELECT p.url_path, p.slug FROM wagtailcore_page p JOIN courses_materialpage m"
            " ON m.page_ptr_id = p.id JOIN courses_licence l ON l.id = m.licence_id"
            " WHERE m.access_level = 'members' AND NOT l.acceptance_required"
            " AND p.url_path LIKE '/inicio/%%' ORDER BY p.id LIMIT 1",
        )
        page_path = "/es/" + path.removeprefix("/inicio/")
        material = member.get(page_path, port=b)
        check(material.status == 200, f"B answered {material.status} for the member's material {page_path}")
        links = re.findall(r'href="(/es/download/\d+/)"', material.text)
        check(links, f"no download link for the member on {page_path}")
        before = query(database_url, "SELECT count(*) FROM courses_downloadevent")[0][0]
        download = member.get(links[0], port=b)
        check(download.status == 302, f"the download answered {download.status}, not 302")
        location = download.header("Location")
        check(location.startswith(f"{endpoint}/{PRIVATE_BUCKET}/"), f"not the private bucket: {location}")
        check(
            "X-Amz-Signature=" in location and "X-Amz-Expires=90" in location,
            f"not signed for 90 s (valid 60–90 s when handed out): {location}",
        )
        ok(f"{links[0]} on B: 302 to {location.split('?')[0].removeprefix(endpoint)}?…&X-Amz-Expires=90&…")
        status, headers, body = fetch(location)
        check(status == 200 and body.startswith(b"%PDF"), f"the signed address answered {status}")
        ok(f"the signed address: 200, {len(body)} bytes of PDF, {headers.get('Content-Disposition', '')}")
        status, _, _ = fetch(location.split("?")[0])
        check(status == 403, f"the private object answered {status} without a signature (must be 403)")
        ok("the same object without the signature: 403 (private)")
        after = query(database_url, "SELECT count(*) FROM courses_downloadevent")[0][0]
        check(after == before + 1, f"{after - before} download events logged, not 1")
        ok(f"one DownloadEvent logged ({slug})")

    with steps.step("6. A request on A queues a task; one of the two workers runs it, once"):
        external = Client()
        external.sign_in("external@clase.example", port=a)
        form = external.get("/es/account/authorisation/", port=a)
        check(form.status == 200, f"the authorisation form answered {form.status}")
        fields = {
            **form_fields(form.text, "csrfmiddlewaretoken"),
            "organisation": "Cooperativa de prueba",
            "country": "PE",
            "role": "Asesora técnica",
            "purpose": "Formar a las socias en costos de producción.",
            "accepted_terms": "on",
        }
        sent_before = len(sink.messages)
        answer = external.post("/es/account/authorisation/", fields, port=a)
        check(answer.status == 302, f"the authorisation request answered {answer.status}")
        [(request_id,)] = query(
            database_url,
            "SELECT r.id FROM portal_accessrequest r JOIN portal_user u ON u.id = r.user_id"
            " WHERE u.email = 'external@clase.example' ORDER BY r.id DESC LIMIT 1",
        )
        coordinators = query(
            database_url,
            "SELECT u.email FROM portal_user u JOIN portal_user_groups ug ON ug.user_id = u.id"
            " JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'Learning coordinators' AND u.is_active",
        )
        ok(
            f"external@clase.example asked for authorisation on A (request {request_id}); "
            f"{len(coordinators)} coordinator(s) to tell"
        )

        def finished():
            rows = query(
                database_url,
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path ="
                " 'portal.tasks.email_request_received' AND args_kwargs->'args' = %s::jsonb",
                json.dumps([request_id]),
            )
            return rows if rows and all(status in {"SUCCESSFUL", "FAILED"} for status, _ in rows) else None

        rows = wait_for(finished, 60, "a worker to run the task")
        check(len(rows) == 1, f"{len(rows)} tasks queued for the request, not 1")
        [(status, worker_ids)] = rows
        check(status == "SUCCESSFUL", f"the task ended {status}")
        check(len(worker_ids) == 1 and worker_ids[0] in {"worker-1", "worker-2"}, f"run by {worker_ids}")
        ok(f"task portal.tasks.email_request_received({request_id}): SUCCESSFUL, run by {worker_ids[0]} only")
        time.sleep(1.5)  # room for a second (wrong) run to show up
        new = [m for m in sink.messages[sent_before:] if "external@clase.example" in m["data"]]
        expected = sorted(email for (email,) in coordinators)
        got = sorted(to for m in new for to in m["to"])
        check(got == expected, f"the coordinators got {got}, expected each of {expected} once")
        ok(f"SMTP got {len(new)} message(s), one per coordinator: {', '.join(got)}")

        def drained():
            return not query(
                database_url,
                "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')",
            )

        wait_for(drained, 60, "the workers to empty the queue")
        tasks = query(database_url, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
        check(all(status == "SUCCESSFUL" for status, _ in tasks), "a queued task did not succeed")
        check(all(len(ids) == 1 for _, ids in tasks), "a task was run by more than one worker")
        shares = {name: sum(ids == [name] for _, ids in tasks) for name in ("worker-1", "worker-2")}
        check(sum(shares.values()) == len(tasks), f"tasks run by another worker: {tasks}")
        ok(
            f"all {len(tasks)} tasks the journey queued (search, reference index, e-mails) ran once, each on"
            f" one worker: worker-1 {shares['worker-1']}, worker-2 {shares['worker-2']}"
        )

    with steps.step("7. No state on an app server's disk"):
        for name in ("app-a", "app-b"):
            left = files_under(*dirs[name].values())
            check(not left, f"{name} wrote files on its disk: {left[:10]}")
            ok(f"{name}: working directory, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR are still empty")
        for name in ("worker-1", "worker-2", "prepare"):
            left = files_under(dirs[name]["media"], dirs[name]["private"])
            check(not left, f"{name} wrote files under its MEDIA_ROOT or PRIVATE_MEDIA_ROOT: {left[:10]}")
        ok("workers and the preparation wrote nothing under their MEDIA_ROOT / PRIVATE_MEDIA_ROOT either")
        counts = {
            bucket: s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0)
            for bucket in (PRIVATE_BUCKET, MEDIA_BUCKET)
        }
        ok(f"in S3: {counts[PRIVATE_BUCKET]} private objects, {counts[MEDIA_BUCKET]} public media objects")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=DEFAULT_DATABASE_URL, help="its database is created and dropped"
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="this Redis database is flushed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    args = parser.parse_args(argv)
    check_url = urlsplit(args.database_url)
    if check_url.scheme not in {"postgres", "postgresql"}:
        say("scale_out: --database-url must be a PostgreSQL address (several servers share one database)")
        return 2

    # A TERM (a timeout, a CI job cancelled) unwinds like an error, so everything started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("scale_out: terminated"))
    steps = Steps()
    base = Path(tempfile.mkdtemp(prefix="clase-scale-out-"))
    failed, processes = None, None
    with ExitStack() as stack:
        if not args.keep:
            stack.callback(shutil.rmtree, base, True)
        try:
            with steps.step("0. Services: PostgreSQL, Redis, S3 (moto), SMTP sink"):
                database_url = stack.enter_context(postgresql_database(args.database_url))
                steps.ok(f"PostgreSQL database {check_url.path.lstrip('/')} created (dropped at the end)")
                stack.enter_context(redis_database(args.redis_url))
                steps.ok(f"Redis {args.redis_url} flushed")
                endpoint, s3 = stack.enter_context(moto_s3())
                steps.ok(
                    f"S3 at {endpoint}: {PRIVATE_BUCKET} (private), {MEDIA_BUCKET} (public read by policy)"
                )
                sink = stack.enter_context(mail_sink())
                mail_port = sink.server_address[1]
                steps.ok(f"SMTP sink at 127.0.0.1:{mail_port}")
            logs = base / "logs"
            logs.mkdir()
            static_root = base / "release" / "static"
            env = portal_environment(
                database_url=database_url,
                redis_url=args.redis_url,
                s3_endpoint=endpoint,
                mail_port=mail_port,
                static_root=static_root,
                secret_key=secrets.token_urlsafe(50),
            )
            dirs = {
                name: own_directories(base, name)
                for name in ("prepare", "app-a", "app-b", "worker-1", "worker-2")
            }

            processes = Processes(stack, logs)
            with steps.step("Release (production settings), two app servers and two db_workers"):
                prepare, cwd = {**env, **directory_env(dirs["prepare"])}, dirs["prepare"]["cwd"]
                seconds = manage(prepare, cwd, ["migrate", "--noinput"], ["collectstatic", "--noinput"])
                steps.ok(f"migrate, and collectstatic into the release's STATIC_ROOT ({seconds:.1f} s)")
                # As in a rolling deployment: the new release starts once the database is migrated. The demo
                # content is loaded meanwhile, its index updates run at once as in `./dev.sh demo` (so the
                # queue holds only what the journey adds); pages are asked for when it is complete.
                a = start_app_server(processes, "app-a", env, dirs["app-a"])
                b = start_app_server(processes, "app-b", env, dirs["app-b"])
                for name in ("worker-1", "worker-2"):
                    start_worker(processes, name, env, dirs[name])
                immediate = "django_tasks.backends.immediate.ImmediateBackend"
                seconds = manage({**prepare, "TASKS_BACKEND": immediate}, cwd, ["load_demo"])
                steps.ok(f"load_demo: images to the media bucket, files to the private one ({seconds:.1f} s)")
                wait_until_serving(processes, "app-a", a)
                wait_until_serving(processes, "app-b", b)
                steps.ok(
                    f"gunicorn A on 127.0.0.1:{a} and B on 127.0.0.1:{b} (2 workers each) serve the portal"
                )
                steps.ok("db_worker worker-1 and worker-2 running")

            journey(
                a=a,
                b=b,
                database_url=database_url,
                endpoint=endpoint,
                s3=s3,
                sink=sink,
                dirs=dirs,
                steps=steps,
            )
            for name, process in processes.started:
                check(
                    process.poll() is None,
                    f"{name} stopped during the journey:\n{processes.log(name)[-3000:]}",
                )
        except StepFailed as error:
            failed = str(error)
        except Exception as error:  # a service that would not start, a crash: reported the same way
            failed = f"{type(error).__name__}: {error}"
        if failed and processes is not None:
            for name, _process in processes.started:
                tail = processes.log(name)[-1200:].strip()
                if tail:
                    say(f"\n-- last lines of {name}'s log:\n{tail}")
        say("\n== Stopping every process, dropping the database")
    if failed:
        say(f"\nFAILED: {failed}")
        return 1
    say(f"\nScale-out journey passed in {time.monotonic() - steps.started:.1f} s.")
    if args.keep:
        say(f"Logs kept in {base / 'logs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
