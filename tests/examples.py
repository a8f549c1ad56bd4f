"""The repository's example consultations analysed in place (processed/<id>/), for tests that read a
real consultation's tables: they are made when a fresh clone has none yet, so such a test runs instead of
being skipped (``make test`` on a fresh clone starts without processed/)."""

from __future__ import annotations

from pipeline.io import ROOT


def ensure_analysed(consultation: str) -> None:
    """ingest → validate → clean → analyse of one example consultation, unless its estimates exist."""
    if (ROOT / "processed" / consultation / "estimates.csv").exists():
        return
    from pipeline.codebook import codebook_for
    from pipeline.stages import analyse, clean, ingest, validate

    waves = codebook_for(consultation).waves
    if waves is not None:  # a later wave's analysis reads the earlier wave's tables (as make orders it)
        ensure_analysed(waves.earlier)
    for stage in (ingest, validate, clean, analyse):
        stage.run(consultation)
