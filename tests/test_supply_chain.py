"""The lock files stay in step with the requirement ranges (issue 13, supply chain): every
package a requirements file names is pinned in its lock, at a version inside the range, with
hashes, so `make` installs exactly what was reviewed."""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")


def _pins(lock: Path) -> dict[str, tuple[str, bool]]:
    text = lock.read_text()
    pins = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match:
            pins[canonicalize_name(match[1])] = (match[2], "--hash=sha256:" in block)
    return pins


def _requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            found += _requirements(path.parent / line[3:].strip())
        else:
            found.append(Requirement(line))
    return found


@pytest.mark.parametrize(
    ("sources", "lock"),
    [
        (["requirements.txt", "requirements-static.txt"], "requirements.lock"),
        (["requirements-dev.txt", "requirements-static.txt"], "requirements-dev.lock"),
        (["requirements-build.in"], "requirements-build.lock"),
    ],
)
def test_every_requirement_is_pinned_with_hashes_inside_its_range(sources, lock):
    pins = _pins(ROOT / lock)
    for source in sources:
        for requirement in _requirements(ROOT / source):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} ({source}) is not in {lock}: run make lock"
            version, hashed = pins[name]
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock} pins {name}=={version}, outside {requirement.specifier}: run make lock"
            )
            assert hashed, f"{name} has no hash in {lock}"
