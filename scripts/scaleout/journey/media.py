"""Steps 2 and 3 of the scale-out journey: public media live in the media bucket. The catalogue's image
addresses are plain (unsigned, lasting) addresses of that bucket that S3 serves to anyone, the same on both
servers; an image an admin uploads through A is stored there, and B makes a rendition of it from S3."""

from __future__ import annotations

import re
import struct
import uuid
import zlib
from html import unescape

from ..browser import Client, all_form_fields, fetch
from ..layout import CATALOGUE_PATH, MEDIA_BUCKET
from ..release import ScaledOutPortal
from ..services import query
from ..steps import Steps, check


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


def png(width: int = 64, height: int = 48) -> bytes:
    """A small PNG drawn with the standard library (zlib), for the upload."""

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


def public_images_come_from_the_media_bucket(portal: ScaledOutPortal, steps: Steps) -> Client:
    """Step 2, as an anonymous visitor of the catalogue on A then on B; the visitor's browser."""
    a, b, endpoint, ok = portal.a, portal.b, portal.services.endpoint, steps.ok
    with steps.step("2. Public pages: rendition addresses point to the media bucket, and S3 serves them"):
        visitor = Client()
        page = visitor.get(CATALOGUE_PATH, port=a)
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
        again = visitor.get(CATALOGUE_PATH, port=b)
        check(again.status == 200 and media_addresses(again.text, endpoint) == urls, "B names other images")
        ok("B's catalogue names the same renditions (made once, found by both servers through the database)")
    return visitor


def an_upload_on_a_is_rendered_by_b(portal: ScaledOutPortal, steps: Steps) -> Client:
    """Step 3, as the admin; the admin's browser, signed in on A."""
    a, b, ok = portal.a, portal.b, steps.ok
    database_url, endpoint, s3 = portal.services.database_url, portal.services.endpoint, portal.services.s3
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
    return admin
