"""Step 0 of the scale-out journey: the shared services every app server and worker uses, each of its own and
cleaned up at the end (a PostgreSQL database, a Redis database number, a moto S3 server with the private and
the public media buckets, an SMTP sink that keeps what the workers send); and `query`, with which the
journey reads the shared database."""

from __future__ import annotations

import re
import socketserver
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench import s3 as local_s3

from .layout import MEDIA_BUCKET, PRIVATE_BUCKET
from .steps import Steps, check


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


def query(database_url: str, sql: str, *params):
    """The rows of one SQL query on the shared database (what the servers wrote, seen from outside)."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


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


@dataclass(frozen=True)
class Services:
    """The running shared services: what the portal's environment points at and what the journey reads."""

    database_url: str
    redis_url: str
    endpoint: str  # the S3 server's address
    s3: object  # a boto3 S3 client of that server
    sink: MailSink

    @property
    def mail_port(self) -> int:
        return self.sink.server_address[1]


def start_services(stack: ExitStack, steps: Steps, *, database_url: str, redis_url: str) -> Services:
    """Step 0: start each service; `stack` stops them (and drops the database) at the end."""
    with steps.step("0. Services: PostgreSQL, Redis, S3 (moto), SMTP sink"):
        database_url = stack.enter_context(postgresql_database(database_url))
        steps.ok(
            f"PostgreSQL database {urlsplit(database_url).path.lstrip('/')} created (dropped at the end)"
        )
        stack.enter_context(redis_database(redis_url))
        steps.ok(f"Redis {redis_url} flushed")
        endpoint, s3 = stack.enter_context(moto_s3())
        steps.ok(f"S3 at {endpoint}: {PRIVATE_BUCKET} (private), {MEDIA_BUCKET} (public read by policy)")
        sink = stack.enter_context(mail_sink())
        services = Services(database_url, redis_url, endpoint, s3, sink)
        steps.ok(f"SMTP sink at 127.0.0.1:{services.mail_port}")
    return services
