"""`make bench`: run every benchmark module in this folder; each prints its figure and a baseline
measured in the same run, never a fixed threshold. Each module runs in its own process, since
each sets up Django against its own throw-away database."""

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    wanted = [a for a in sys.argv[1:] if a.startswith("bench_")]
    if wanted:  # `python -m benchmarks bench_regions` runs one
        names = [n for n in names if n in wanted]
    # Anything else (`--quick`, `--seconds 10`) is passed on to the benchmarks that read it.
    options = [a for a in sys.argv[1:] if not a.startswith("bench_")]
    failed = 0
    for name in names:
        print(f"== {name}", flush=True)
        code = f"import benchmarks.{name} as m; m.run()"
        done = subprocess.run([sys.executable, "-c", code, *options], cwd=here.parent)
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
