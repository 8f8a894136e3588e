"""The production storage of static files: WhiteNoise's compressed, hashed files, their addresses worked
out once per process.

`{% static %}` asks the storage for an address on every render, and the manifest storage works it out
again each time (splitting, unquoting and looking up the name: about 0.1 ms, twice on every signed-in
page). The manifest is written by `collectstatic` at a release and read once by each process, so an
address cannot change while a process runs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
