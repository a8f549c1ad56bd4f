"""``load(consultation)``: the cleaned, pseudonymised data of a consultation, in one line.

    >>> from pipeline import load
    >>> df = load("nieuwkomers_wonen")
    >>> df.attrs["codebook"]["questions"]["housing"]["label"]
    'Huidige woonsituatie'

Columns are the codebook's variable names; answers are categories with their Dutch labels
(Likert scales ordered), multiple choice one boolean column per option. ``df.attrs`` holds the
codebook's metadata (title, period, questions with labels and types, thresholds) and the row
accounting. Run ``make all`` first: this reads ``processed/<id>/clean.parquet``.
"""

from __future__ import annotations

import pandas as pd

from pipeline.codebook import codebook_for
from pipeline.errors import ConfigError
from pipeline.io import read_json


def load(consultation: str) -> pd.DataFrame:
    cb = codebook_for(consultation)
    path = cb.processed_dir / "clean.parquet"
    if not path.exists():
        raise ConfigError(f"er zijn nog geen opgeschoonde gegevens voor '{consultation}'", file=path,
                          fix="voer eerst `make all` uit")
    df = pd.read_parquet(path)
    meta = cb.model_dump(mode="json", exclude={"path"})
    meta["questions"] = {q["name"]: q for q in meta["questions"]}
    df.attrs["codebook"] = meta
    df.attrs["accounting"] = read_json(cb.processed_dir / "accounting.json")
    return df
