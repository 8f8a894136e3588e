"""Scale out on loopback: two app servers and two background workers against one PostgreSQL database, one
Redis and one S3 endpoint, serving the same portal; a journey goes through both servers in turn.

This module reads the command line and runs the steps in their order (the package's docstring describes
the layout, each module one step). Run it as `python -m scripts.scaleout` from the project root, or as
`python scripts/scale_out.py` (docs/scale-out.md).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from .journey import disks, downloads, media, page_cache, sessions, tasks
from .layout import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL
from .release import Processes, release
from .services import start_services
from .steps import StepFailed, Steps, say


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=DEFAULT_DATABASE_URL, help="its database is created and dropped"
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="this Redis database is flushed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if urlsplit(args.database_url).scheme not in {"postgres", "postgresql"}:
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
            services = start_services(stack, steps, database_url=args.database_url, redis_url=args.redis_url)
            logs = base / "logs"
            logs.mkdir()
            processes = Processes(stack, logs)
            portal = release(processes, steps, services, base)

            member = sessions.sign_in_on_a_is_valid_on_b(portal, steps)
            visitor = media.public_images_come_from_the_media_bucket(portal, steps)
            admin = media.an_upload_on_a_is_rendered_by_b(portal, steps)
            page_cache.a_page_published_on_a_is_fresh_on_b(portal, steps, visitor=visitor, admin=admin)
            downloads.a_download_on_b_is_a_signed_private_address(portal, steps, member=member)
            tasks.a_task_runs_once_on_one_worker(portal, steps)
            disks.no_state_on_the_app_servers_disks(portal, steps)
            processes.check_all_running()
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
