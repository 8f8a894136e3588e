"""The release step of the scale-out journey, as a deployment runs it with the production settings:
`migrate` and `collectstatic` once, then two gunicorn app servers and two `manage.py db_worker` (each in
an empty working directory of its own, with its own empty MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR) while
`load_demo` fills the database and the buckets. `Processes` keeps every long-running process and its log,
and stops them all at the end."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .browser import Client
from .layout import (
    ACCESS_KEY,
    APP_SERVERS,
    HOST,
    MEDIA_BUCKET,
    PREPARE,
    PRIVATE_BUCKET,
    REGION,
    ROOT,
    SECRET_KEY,
    WORKERS,
)
from .services import Services
from .steps import Steps, check


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    def check_all_running(self) -> None:
        """None stopped on its own (a crash during the journey fails it even if every check held)."""
        for name, process in self.started:
            check(process.poll() is None, f"{name} stopped during the journey:\n{self.log(name)[-3000:]}")

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


@dataclass(frozen=True)
class ScaledOutPortal:
    """What the journey goes through: the shared services, the two app servers' ports (A and B), and every
    process's own directories (by process name: cwd, media, private, tmp)."""

    services: Services
    a: int
    b: int
    dirs: dict[str, dict[str, Path]]


def release(processes: Processes, steps: Steps, services: Services, base: Path) -> ScaledOutPortal:
    """The release step: under `base` the static files and each process's directories; returns once both
    app servers serve the portal and both workers run."""
    env = portal_environment(
        database_url=services.database_url,
        redis_url=services.redis_url,
        s3_endpoint=services.endpoint,
        mail_port=services.mail_port,
        static_root=base / "release" / "static",
        secret_key=secrets.token_urlsafe(50),
    )
    dirs = {name: own_directories(base, name) for name in (PREPARE, *APP_SERVERS, *WORKERS)}
    app_a, app_b = APP_SERVERS
    with steps.step("Release (production settings), two app servers and two db_workers"):
        prepare, cwd = {**env, **directory_env(dirs[PREPARE])}, dirs[PREPARE]["cwd"]
        seconds = manage(prepare, cwd, ["migrate", "--noinput"], ["collectstatic", "--noinput"])
        steps.ok(f"migrate, and collectstatic into the release's STATIC_ROOT ({seconds:.1f} s)")
        # As in a rolling deployment: the new release starts once the database is migrated. The demo
        # content is loaded meanwhile, its index updates run at once as in `./dev.sh demo` (so the
        # queue holds only what the journey adds); pages are asked for when it is complete.
        a = start_app_server(processes, app_a, env, dirs[app_a])
        b = start_app_server(processes, app_b, env, dirs[app_b])
        for name in WORKERS:
            start_worker(processes, name, env, dirs[name])
        immediate = "django_tasks.backends.immediate.ImmediateBackend"
        seconds = manage({**prepare, "TASKS_BACKEND": immediate}, cwd, ["load_demo"])
        steps.ok(f"load_demo: images to the media bucket, files to the private one ({seconds:.1f} s)")
        wait_until_serving(processes, app_a, a)
        wait_until_serving(processes, app_b, b)
        steps.ok(f"gunicorn A on 127.0.0.1:{a} and B on 127.0.0.1:{b} (2 workers each) serve the portal")
        steps.ok(f"db_worker {' and '.join(WORKERS)} running")
    return ScaledOutPortal(services, a, b, dirs)
