"""The repository's example consultations analysed in place (processed/<id>/), for tests that read a
real consultation's tables: they are made when a fresh clone has none yet, so such a test runs instead of
being skipped (``make test`` on a fresh clone starts without processed/)."""

from __future__ import annotations

from pipeline.io import ROOT


def ensure_analysed(consultation: str) -> None:
    """ingest → validate → clean → analyse of one example consultation, unless its estimates exist."""
    if (ROOT / "processed" / consultation / "estimates.csv").exists():
        return
    from pipeline.stages import analyse, clean, ingest, validate

    for stage in (ingest, validate, clean, analyse):
        stage.run(consultation)
