"""Step 7 of the scale-out journey: no state on an app server's disk. Both app servers' working directory,
MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR are still empty, and neither the workers nor the release wrote
under their MEDIA_ROOT or PRIVATE_MEDIA_ROOT: every file went to S3."""

from __future__ import annotations

from pathlib import Path

from ..layout import APP_SERVERS, MEDIA_BUCKET, PREPARE, PRIVATE_BUCKET, WORKERS
from ..release import ScaledOutPortal
from ..steps import Steps, check


def files_under(*roots: Path) -> list[str]:
    return [str(path) for root in roots for path in root.rglob("*")]


def no_state_on_the_app_servers_disks(portal: ScaledOutPortal, steps: Steps) -> None:
    dirs, s3, ok = portal.dirs, portal.services.s3, steps.ok
    with steps.step("7. No state on an app server's disk"):
        for name in APP_SERVERS:
            left = files_under(*dirs[name].values())
            check(not left, f"{name} wrote files on its disk: {left[:10]}")
            ok(f"{name}: working directory, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and TMPDIR are still empty")
        for name in (*WORKERS, PREPARE):
            left = files_under(dirs[name]["media"], dirs[name]["private"])
            check(not left, f"{name} wrote files under its MEDIA_ROOT or PRIVATE_MEDIA_ROOT: {left[:10]}")
        ok("workers and the preparation wrote nothing under their MEDIA_ROOT / PRIVATE_MEDIA_ROOT either")
        counts = {
            bucket: s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0)
            for bucket in (PRIVATE_BUCKET, MEDIA_BUCKET)
        }
        ok(f"in S3: {counts[PRIVATE_BUCKET]} private objects, {counts[MEDIA_BUCKET]} public media objects")
