"""Known vulnerabilities in the locked dependencies (`make audit`, run by CI).

pip-audit asks an advisory service (PyPI's JSON API, or OSV) about every pinned release. Where
that service cannot be reached, pip-audit skips each package and still ends with "No known
vulnerabilities found", which would read as a clean bill of health. This wrapper tells the two
apart: it fails on any known vulnerability, and says plainly how many packages could not be
checked at all instead of calling them clean."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def main() -> int:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run(  # noqa: S603 (fixed arguments, our own venv's pip-audit)
            [
                Path(sys.executable).with_name("pip-audit"),
                "--requirement",
                str(LOCK),
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                out.name,
            ],
            capture_output=True,
            text=True,
        )
        text = Path(out.name).read_text() or "{}"
    report = json.loads(text)
    deps = report.get("dependencies", [])
    if not deps:
        print(done.stderr.strip() or "pip-audit produced no report", file=sys.stderr)
        return done.returncode or 1
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']} {dep.get('version', '')}: {ids}")
    checked = len(deps) - len(skipped)
    print(
        f"dependency audit: {checked} of {len(deps)} locked packages checked, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    if skipped:
        print(
            f"NOT CHECKED: {len(skipped)} packages could not be looked up "
            f"(first reason: {skipped[0]['skip_reason']}). The advisory service is not "
            "reachable from this machine; run `make audit` where it is."
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
