"""Flemish and Brussels municipalities (2019–2024) and their NIS codes, from vendored Statbel data.

Names are matched after normalisation (case, accents, hyphens, apostrophes and "St." are
ignored), in Dutch and French; spellings that still do not match need an alias in the codebook.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import pandas as pd

from pipeline.io import PACKAGE

REFERENCE = PACKAGE / "reference" / "municipalities_2019_2024.csv"


def name_key(name: str) -> str:
    """'Sint-Niklaas', ' sint niklaas ', 'St.-Niklaas' → 'sint niklaas'."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    s = s.casefold().replace("'", " ").replace("-", " ").replace(".", " ")
    s = re.sub(r"\bst\b", "sint", s)
    return re.sub(r"\s+", " ", s).strip()


@cache
def table() -> pd.DataFrame:
    return pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)


@cache
def _lookup() -> dict[str, str]:
    ref = table()
    out: dict[str, str] = {}
    for col in ("name_fr", "name_nl"):  # Dutch names win where both exist
        out.update({name_key(n): c for n, c in zip(ref[col], ref["nis_code"], strict=True)})
    return out


def resolve(values: pd.Series, aliases: dict[str, str] | None = None) -> pd.Series:
    """NIS code per value ("" for empty input, pd.NA when the name is unknown)."""
    lookup = dict(_lookup())
    for wrong, right in (aliases or {}).items():
        code = lookup.get(name_key(right))
        if code is not None:
            lookup[name_key(wrong)] = code
    keys = values.fillna("").map(name_key)
    codes = keys.map(lookup)
    return codes.where(keys != "", "").astype("object").where(codes.notna() | (keys == ""), pd.NA)


@cache
def suggest(value: str) -> str | None:
    """The closest official name, for error messages."""
    names = table()["name_nl"].tolist()
    keys = {name_key(n): n for n in names}
    hit = difflib.get_close_matches(name_key(value), list(keys), n=1, cutoff=0.6)
    return keys[hit[0]] if hit else None


def names_nl() -> dict[str, str]:
    ref = table()
    return dict(zip(ref["nis_code"], ref["name_nl"], strict=True))


def provinces() -> dict[str, str]:
    ref = table()
    prov = ref["province"].where(ref["province"] != "", "Brussels Hoofdstedelijk Gewest")
    return dict(zip(ref["nis_code"], prov, strict=True))
