"""Command line: ``python -m pipeline.campaign <consultation> [--root PATH]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.io import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.campaign",
        description="Ik stem ook: groei van geregistreerde niet-Belgische kiezers per gemeente.",
    )
    parser.add_argument("consultation", nargs="?", default="ik_stem_ook", help="map onder raw/ en surveys/")
    parser.add_argument("--root", type=Path, default=ROOT, help="projectmap (standaard: deze repository)")
    args = parser.parse_args(argv)
    from pipeline.campaign.stage import run  # heavy imports only when running

    try:
        run(args.consultation, args.root)
    except PipelineError as err:
        print(str(err), file=sys.stderr)
        return err.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
