"""Step 6 of the scale-out journey: background tasks are shared through the database. An authorisation
request on A queues an e-mail task that exactly one of the two workers runs, once, and the SMTP sink gets
one message per coordinator; every task queued since the release ran once, each on one worker."""

from __future__ import annotations

import json
import time

from ..browser import Client, form_fields
from ..layout import WORKERS
from ..release import ScaledOutPortal
from ..services import query
from ..steps import Steps, check, wait_for


def a_task_runs_once_on_one_worker(portal: ScaledOutPortal, steps: Steps) -> None:
    a, ok = portal.a, steps.ok
    database_url, sink = portal.services.database_url, portal.services.sink
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
        check(len(worker_ids) == 1 and worker_ids[0] in WORKERS, f"run by {worker_ids}")
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
        shares = {name: sum(ids == [name] for _, ids in tasks) for name in WORKERS}
        check(sum(shares.values()) == len(tasks), f"tasks run by another worker: {tasks}")
        per_worker = ", ".join(f"{name} {shares[name]}" for name in WORKERS)
        ok(
            f"all {len(tasks)} tasks the journey queued (search, reference index, e-mails) ran once, each on"
            f" one worker: {per_worker}"
        )
