"""Command line: ``python -m pipeline.campaign <consultation> [--root PATH]``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline import failures
from pipeline.errors import ConfigError
from pipeline.io import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.campaign",
        description="Ik stem ook: groei van geregistreerde niet-Belgische kiezers per gemeente.",
    )
    parser.add_argument("consultation", nargs="?", default="ik_stem_ook", help="map onder raw/ en surveys/")
    parser.add_argument("--root", type=Path, default=ROOT, help="projectmap (standaard: deze repository)")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.consultation):  # a folder name, as in python -m pipeline
        print(str(ConfigError(f"'{args.consultation}' is geen geldige naam voor een raadpleging",
                              value=args.consultation, fix="gebruik de mapnaam onder surveys/ (bv. ik_stem_ook)")),
              file=sys.stderr)
        return 2
    from pipeline.campaign.stage import run  # heavy imports only when running

    try:
        run(args.consultation, args.root)
    except Exception as err:  # noqa: BLE001 - never a traceback (pipeline/failures.py)
        return failures.failed("campaign", args.consultation, err)
    failures.succeeded("campaign", args.consultation)
    return 0


if __name__ == "__main__":
    sys.exit(main())
