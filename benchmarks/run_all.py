"""Run every benchmark of kg and print their markdown tables (``make bench``).

Each ``bench_*.py`` runs in a process of its own, so that one cannot change the conditions of
the next (``bench_ner.py`` pins its process to one core, which ``bench_scale.py`` would
otherwise inherit and build on one core) and one that fails does not stop the others. The
exit status is 1 when any of them failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed: list[str] = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n## {script.stem}\n", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
