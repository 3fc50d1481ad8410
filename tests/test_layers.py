"""Imports go one way (issue 10): core < regions < accounts < programme < feature apps < demo.
Every module of the package is parsed (imports inside functions too, relative imports resolved),
and no module may import one of a higher layer. The project wiring (urls, api, settings, wsgi)
sits above all and is not checked."""

import ast
from pathlib import Path

import pytest

import desabinaan

PACKAGE = Path(desabinaan.__file__).parent
LAYERS = {
    "core": 0,
    "formats": 0,
    "regions": 1,
    "accounts": 2,
    # The periodic jobs run as a named system actor (accounts.scope).
    "scheduler": 2,
    "programme": 3,
    "demo": 5,
}
FEATURE = 4  # reports, foreigners, literacy, assistance, home and every app to come
WIRING = {"api", "urls", "settings", "settings_test", "wsgi", "asgi"}

# Known upward imports, each with the reason it is still there. An entry that no longer occurs
# does no harm; delete it when its move lands.
ALLOWED = {
    (
        "regions.management.commands.load_offices",
        "accounts",
    ): "acts as a named system actor (accounts.scope) until the Actor moves below regions",
    (
        "regions.management.commands.load_regions",
        "accounts",
    ): "acts as a named system actor (accounts.scope) until the Actor moves below regions",
}


def _layer(app: str) -> int:
    return LAYERS.get(app, FEATURE)


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if len(parts) < 2 or "migrations" in parts:
            continue
        yield parts, path


def _imports(parts: tuple[str, ...], path: Path):
    """(imported module below desabinaan., line) for every import in the module."""
    package = list(parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("desabinaan."):
                    yield alias.name.removeprefix("desabinaan."), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
                yield name, node.lineno
            elif node.module and node.module.startswith("desabinaan."):
                yield node.module.removeprefix("desabinaan."), node.lineno
            elif node.module == "desabinaan":
                for alias in node.names:
                    yield alias.name, node.lineno


def _violations():
    found = []
    for parts, path in _modules():
        app, module = parts[0], ".".join(parts)
        if app in WIRING:
            continue
        for target, line in _imports(parts, path):
            other = target.split(".")[0]
            if other == app:
                continue
            if other in WIRING or _layer(other) > _layer(app):
                key = (module.removesuffix(".__init__"), other)
                if key not in ALLOWED:
                    found.append(
                        f"{path.relative_to(PACKAGE.parent)}:{line} imports desabinaan.{target}"
                    )
    return found


def test_no_module_imports_a_higher_layer():
    assert _violations() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from desabinaan.reports.models import Report\n", ["desabinaan.reports.models"]),
        ("def f():\n    from desabinaan.programme import models\n", ["desabinaan.programme"]),
        ("import desabinaan.foreigners.services\n", ["desabinaan.foreigners.services"]),
    ],
)
def test_the_walk_sees_every_kind_of_import(tmp_path, source, expected):
    # The walker itself: top-level, nested and plain imports are all seen.
    path = tmp_path / "m.py"
    path.write_text(source)
    seen = [f"desabinaan.{t}" for t, _ in _imports(("core", "m"), path)]
    assert seen == expected


def test_relative_imports_are_resolved(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("from ...reports import codes\nfrom . import selectors\n")
    seen = [t for t, _ in _imports(("core", "templatetags", "m"), path)]
    assert seen == ["reports", "core.templatetags"]
