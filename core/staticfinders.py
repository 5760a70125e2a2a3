"""A static files finder that exposes chosen files and folders of node_modules."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage


class NodeModulesFinder(BaseFinder):
    """Serves settings.NPM_STATIC_FILES: {static prefix: path under node_modules}.

    Pointing STATICFILES_DIRS at a package folder would collect every variant it
    ships (Pico alone has 240 stylesheets); this collects only what pages use.
    """

    def _entries(self) -> list[tuple[str, Path]]:
        root = Path(settings.NODE_MODULES)
        return [(prefix, root / rel) for prefix, rel in settings.NPM_STATIC_FILES]

    def check(self, **kwargs):
        return [
            CheckWarning(
                f"{source} is missing: run `npm ci --ignore-scripts`.",
                id="lms.W001",
            )
            for _, source in self._entries()
            if not source.exists()
        ]

    def find(self, path, find_all=False, **kwargs):
        found = []
        for prefix, source in self._entries():
            if source.is_file() and path == prefix:
                found.append(str(source))
            elif source.is_dir() and path.startswith(prefix + "/"):
                candidate = source / path.removeprefix(prefix + "/")
                if candidate.is_file():
                    found.append(str(candidate))
            if found and not find_all:
                return found[0]
        return found if find_all else []

    def list(self, ignore_patterns):
        for prefix, source in self._entries():
            if source.is_file():
                storage = FileSystemStorage(location=str(source.parent))
                storage.prefix = str(Path(prefix).parent)
                yield source.name, storage
            elif source.is_dir():
                storage = FileSystemStorage(location=str(source))
                storage.prefix = prefix
                for path in source.rglob("*"):
                    relative = str(path.relative_to(source))
                    if path.is_file() and not matches_patterns(
                        relative, ignore_patterns
                    ):
                        yield relative, storage
