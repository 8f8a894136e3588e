"""The project's local S3 (for the benchmark, scripts/scaleout/ and the tests): a moto server in the
caller's process, a client for it, one private bucket, and the environment that makes the portal's
"private" storage that bucket (portal/settings/base.py).

The sites are prepared on local disk (so that a prepared site can be reused between runs, while moto keeps
its objects in memory only); each run copies the site's private files into a fresh bucket.
"""

import logging
from contextlib import contextmanager
from pathlib import Path

ACCESS_KEY = "bench-access-key"
SECRET_KEY = "bench-secret-key"  # noqa: S105 — a local moto server's credentials, checked by nobody
REGION = "us-east-1"
BUCKET = "clase-bench-private"


@contextmanager
def moto_s3():
    """Yield the address of a moto S3 server on a free loopback port; stop it (and its socket) afterwards."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # not one line per request on the console
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        if server._server is not None:
            server._server.server_close()


def make_public_readable(s3, bucket: str) -> None:
    """Let anyone read the bucket's objects through its policy (ACLs stay off, as on S3 today): the public
    media bucket."""
    import json

    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadOfMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(signature_version="s3v4"),
    )


def fresh_bucket(endpoint, private_root: Path) -> int:
    """Create the private bucket (emptied if it exists) and upload every file under `private_root` with its
    relative path as key, as the private storage names them; return how many files were uploaded."""
    s3 = client(endpoint)
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    if BUCKET in existing:
        for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    else:
        s3.create_bucket(Bucket=BUCKET, ACL="private")
    uploaded = 0
    for path in sorted(private_root.rglob("*")):
        if path.is_file():
            s3.upload_file(str(path), BUCKET, path.relative_to(private_root).as_posix())
            uploaded += 1
    return uploaded


def storage_env(endpoint):
    """The environment that puts the portal's private files in the bucket."""
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_REGION_NAME": REGION,
    }
