"""Steps 1 to 7 of the scale-out journey, one module per thing checked, each a function that runs its step
against the running layout (`release.ScaledOutPortal`) and returns the browsers later steps go on with:

1. `sessions`: a member signed in on A is signed in on B;
2. and 3. `media`: public images are plain addresses of the media bucket; an image uploaded on A is
   rendered by B from S3;
4. `page_cache`: a page published on A is served new by B at once;
5. `downloads`: a member's download on B is a signed address of the private bucket, logged once;
6. `tasks`: a task queued on A runs once, on one of the two workers;
7. `disks`: nothing was written on an app server's disk.

`scripts/scaleout/__main__.py` runs them in this order.
"""
