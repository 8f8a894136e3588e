"""Step 5 of the scale-out journey: a member's download on B is a 302 to a signed address (valid 60–90 s)
of the private bucket; S3 serves the file with the signature and refuses it without; the download is
logged once."""

from __future__ import annotations

import re

from ..browser import Client, fetch
from ..layout import PRIVATE_BUCKET
from ..release import ScaledOutPortal
from ..services import query
from ..steps import Steps, check


def a_download_on_b_is_a_signed_private_address(portal: ScaledOutPortal, steps: Steps, *, member: Client):
    """With the member's browser of step 1 (signed in on A)."""
    b, ok = portal.b, steps.ok
    database_url, endpoint = portal.services.database_url, portal.services.endpoint
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
