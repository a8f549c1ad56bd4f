"""SPSS .sav/.zsav via pyreadstat (user-missing codes kept), every value as normalised text."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pyreadstat

from pipeline.errors import DataError
from pipeline.readers import ExportSpec
from pipeline.readers.excel import number_text


def read_spss(spec: ExportSpec) -> pd.DataFrame:
    file = str(spec.file)
    try:
        data, meta = pyreadstat.read_sav(file, user_missing=True, encoding=spec.encoding or None)
    except Exception as exc:  # pyreadstat raises several types (ReadstatError, PyreadstatError, OSError …)
        raise DataError(
            "Het SPSS-bestand kan niet gelezen worden: het is beschadigd, geen .sav-bestand, "
            "of de tekenset klopt niet.",
            file=file, details=[f"technische melding: {exc}"],
            fix="Sla het bestand in SPSS opnieuw op als .sav, of zet de juiste `encoding:` in het codeboek.",
        ) from None
    if len(data) == 0:
        raise DataError(
            "Het SPSS-bestand bevat variabelen maar geen antwoorden (0 gevallen).",
            file=file, fix="Controleer de export: staan er al antwoorden in?",
        )
    frame = pd.DataFrame({col: _column_text(data[col]) for col in data.columns}, dtype=object)
    frame.index = pd.Index(range(1, len(data) + 1), name="row", dtype="int64")
    frame.attrs["encoding"] = meta.file_encoding
    frame.attrs["delimiter"] = None
    frame.attrs["header_labels"] = {k: v for k, v in meta.column_names_to_labels.items() if v}
    frame.attrs["value_labels"] = {
        col: {code_text(k): str(v) for k, v in labels.items()}
        for col, labels in meta.variable_value_labels.items()
    }
    missing, ranges = _user_missing(meta.missing_ranges, frame)
    frame.attrs["user_missing"] = missing
    frame.attrs["user_missing_ranges"] = ranges
    frame.attrs["variable_formats"] = dict(meta.original_variable_types)
    frame.attrs["mr_sets"] = dict(getattr(meta, "mr_sets", {}) or {})
    return frame


def _column_text(series: pd.Series) -> list[str]:
    if pd.api.types.is_datetime64_any_dtype(series):
        return [code_text(v.to_pydatetime()) if not pd.isna(v) else "" for v in series]
    return [code_text(v) for v in series.tolist()]


def code_text(value: object) -> str:
    """1.0 → '1', 1.5 → '1.5', NaN → '', dates ISO (YYYY-MM-DD), datetimes 'YYYY-MM-DD HH:MM:SS'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if math.isinf(value):
            return "-inf" if value < 0 else "inf"
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="microseconds" if value.microsecond else "seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if pd.isna(value):
        return ""
    return str(value)


def _user_missing(missing_ranges: dict, frame: pd.DataFrame) -> tuple[dict, dict]:
    """Codes declared user-missing (single values), plus the observed codes that fall in a range."""
    codes: dict[str, list[str]] = {}
    ranges: dict[str, list[list[str]]] = {}
    for col, declared in missing_ranges.items():
        found: list[str] = []
        for item in declared:
            lo, hi = item.get("lo"), item.get("hi")
            if lo == hi:
                found.append(code_text(lo))
                continue
            ranges.setdefault(col, []).append([code_text(lo), code_text(hi)])
            for value in frame[col].unique():
                try:
                    number = float(value)
                except ValueError:
                    continue
                if lo <= number <= hi:
                    found.append(value)
        codes[col] = list(dict.fromkeys(found))
    return codes, ranges
