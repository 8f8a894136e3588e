"""Scale out on loopback: two app servers and two background workers against one PostgreSQL database, one
Redis and one S3 endpoint, serving the same portal; a journey goes through both servers in turn.

    .venv/bin/python scripts/scale_out.py [--database-url postgres://postgres@127.0.0.1:5432/clase_scale_out]
                                          [--redis-url redis://127.0.0.1:6379/11] [--keep]

(`python -m scripts.scaleout` from the project root is the same.) The layout, all on 127.0.0.1:

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

This package plays the reverse proxy: every request carries the public host name and `X-Forwarded-Proto:
https`, and goes to the server the step names. It prints what each step checked, exits 1 with the reason
when a check fails, and stops everything it started (and drops the database) whatever happens.

The modules, each importing only those above it in this list:

- `steps`: a failed check, and how each step is printed with its duration;
- `layout`: the names every part shares (host name, password, buckets, default addresses);
- `services`: step 0, PostgreSQL, Redis, S3 and the SMTP sink;
- `browser`: one person's browser behind the proxy (cookies, forms, uploads);
- `release`: the release, two app servers and two workers, with production settings;
- `journey/`: steps 1 to 7, one module per thing checked (sessions, media, page cache, downloads, tasks,
  disks);
- `__main__`: the command line and the order of the steps.

Only the standard library and what requirements.lock installs (psycopg, redis, boto3, moto).
"""
