"""The production static files storage: WhiteNoise's hashed and compressed files, tolerating a
vendored script whose source-map comment names a map its package does not ship
(Leaflet.markercluster's minified file). A missing map only costs a developer's debugger; any
other missing reference still fails collectstatic."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if matchobj.groupdict().get("url", "").endswith(".map"):
                    return matchobj.group(0)
                raise

        return converter
