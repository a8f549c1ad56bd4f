"""Execute every exploration notebook headless: ``make notebooks`` (part of ``make test``).

Exploration notebooks live as jupytext ``py:percent`` files in ``surveys/<id>/notebooks/``
(the reviewed file; outputs are never committed). Each is executed with the project's kernel in
its own folder; one that raises fails the run with the notebook's name and the error.
"""

from __future__ import annotations

import sys
import time

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from pipeline.io import ROOT


def notebooks() -> list:
    return sorted((ROOT / "surveys").glob("*/notebooks/*.py"))


def main() -> int:
    failed = []
    for path in notebooks():
        start = time.perf_counter()
        nb = jupytext.read(path)
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            failed.append(path)
            last = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
            print(f"✗ {path.relative_to(ROOT)}: {last}", file=sys.stderr)
            continue
        print(f"✓ {path.relative_to(ROOT)} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    print(f"{len(notebooks()) - len(failed)} passed, {len(failed)} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
