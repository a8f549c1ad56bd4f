"""Turning answer strings into values, one rule per question type.

Validation and cleaning share these functions, so that what validation accepts is exactly what
cleaning can convert (no coercion that silently turns a misspelt answer into a blank).
All functions are vectorised over a pandas Series of strings ("" = no answer).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from pipeline import municipalities
from pipeline.codebook import INVISIBLE, Question, normalise


def _by_unique(fn):
    """Run an element-wise ``fn(series, ...)`` once per distinct value and spread the result back.

    Survey answers repeat (a few hundred distinct strings in a million cells), so this gives the
    same Series/DataFrames (values, dtypes, names, index) at a fraction of the cost.
    """
    @functools.wraps(fn)
    def wrapper(s: pd.Series, *args, **kwargs):
        if len(s) < 64 or _mostly_distinct(s):
            return fn(s, *args, **kwargs)
        codes, uniques = pd.factorize(s, use_na_sentinel=False)
        if len(uniques) * 2 > len(s):
            return fn(s, *args, **kwargs)
        distinct = pd.Series(uniques, name=s.name, dtype=s.dtype)
        result = fn(distinct, *args, **kwargs)

        def spread(part: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
            out = part.take(codes)
            out.index = s.index
            return out

        return tuple(spread(p) for p in result) if isinstance(result, tuple) else spread(result)

    return wrapper


_SAMPLE = 20_000


def _mostly_distinct(s: pd.Series) -> bool:
    """Whether the first values of a long column are nearly all different (e-mail addresses, submit times):
    then factorizing the whole column would find more values than half its rows, and the wrapper would run
    ``fn`` on all rows anyway (a million rows: 0.2 s per column saved). Either way the result is the same.

    Nearly all: a column with 50,000 values spread over a million rows shows 16,000 different ones in
    its first 20,000 and is much faster once per value; even at 500,000 values (the wrapper's own limit)
    only 98 % of the first 20,000 differ. Asking for 99 % leaves every doubtful column to the factorize."""
    if len(s) < 4 * _SAMPLE:
        return False
    return s.iloc[:_SAMPLE].nunique(dropna=False) > 0.99 * _SAMPLE


@_by_unique
def norm(s: pd.Series) -> pd.Series:
    if s.dtype == _STR and len(s) >= 64:
        return _norm_ascii(s)
    return _norm(s)


def _norm(s: pd.Series) -> pd.Series:
    """:func:`pipeline.codebook.normalise` of each value."""
    text = s.fillna("").astype(str).str.replace(INVISIBLE.pattern, "", regex=True).str.normalize("NFKC")
    return text.str.replace(r"\s+", " ", regex=True).str.strip().str.casefold().str.replace("\u0307", "", regex=False)


_STR = pd.StringDtype("pyarrow", na_value=float("nan"))  # the readers' text columns, and astype(str)'s
# what Python's \s matches among ASCII characters (TAB LF VT FF CR, FS GS RS US, space), for RE2
_ASCII_SPACE = r"[\x09-\x0d\x1c-\x20]+"


def _norm_ascii(s: pd.Series) -> pd.Series:
    r""":func:`_norm` with pyarrow's string kernels for the ASCII values, Python's for the rest.

    For ASCII text the two agree: RE2 gets the characters Python's ``\s`` matches, after which the
    only space left to strip is ' ', and ``casefold`` lower-cases A-Z only. A column with a million
    different values (e-mail addresses) takes 0.5 s instead of 1.6 s.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.fill_null(pa.chunked_array(s.array._pa_array), "")
    out = pc.ascii_lower(pc.ascii_trim(pc.replace_substring_regex(text, _ASCII_SPACE, " "), " "))
    result = pd.Series(pd.arrays.ArrowStringArray(out, dtype=_STR), index=s.index, name=s.name, copy=False)
    other = ~pc.string_is_ascii(text).to_numpy(zero_copy_only=False)
    if other.any():
        result = result.copy()
        result.iloc[np.flatnonzero(other)] = _norm(s[other]).to_numpy()
    return result


def choice_map(q: Question) -> dict[str, str | None]:
    """Normalised answer → answer code (None for a missing-value code)."""
    out: dict[str, str | None] = {normalise(m): None for m in q.missing}
    for a in q.answers:
        for text in (a.code, a.label, *a.aliases):
            out[normalise(text)] = a.code
    return out


@_by_unique
def choice_codes(s: pd.Series, q: Question) -> tuple[pd.Series, pd.Series]:
    """(code per row or NA, mask of values that are not a known answer)."""
    n = norm(s)
    mapping = choice_map(q)
    codes = n.map(mapping)
    unknown = (n != "") & ~n.isin(list(mapping))
    if q.other is not None:  # every answer not listed counts as the codebook's "other" answer
        codes = codes.where(~unknown, q.other)
        unknown = unknown & False
    return codes.astype("object").where(codes.notna(), pd.NA), unknown


def split_multi(s: pd.Series, separator: str, known: set[str] | frozenset[str] = frozenset()) -> pd.Series:
    """'A;B;' → ['a', 'b'] (normalised tokens; empty list for no answer). Parts that together
    form a ``known`` answer stay one token: Google Forms joins options with ', ' even when an option
    holds ', ' itself ("sport, spel en bewegen, muziek" → ['sport, spel en bewegen', 'muziek'])."""
    sep = separator.casefold()
    # an answer that holds the separator, spaced as its label has it or not ("Prijs; te hoog" in "prijs; te hoog;taal"
    # split to 'prijs' and 'te hoog', which rejoined as 'prijs;te hoog' matched no answer)
    mark = sep.strip()
    squeeze = re.compile(r"\s*" + re.escape(mark) + r"\s*") if mark else None
    joined = {squeeze.sub(mark, k): k for k in known} if squeeze else {}

    def tokens(v: str) -> list[str]:
        parts = [t.strip() for t in v.split(sep)]
        out, i = [], 0
        while i < len(parts):
            j = next((j for j in range(len(parts), i + 1, -1) if squeeze and
                      squeeze.sub(mark, normalise(sep.join(parts[i:j]))) in joined), i + 1)
            out.append(joined[squeeze.sub(mark, normalise(sep.join(parts[i:j])))] if j > i + 1 else parts[i])
            i = j
        return [t for t in out if t]

    return norm(s).map(tokens)


@_by_unique
def multi_unknown(s: pd.Series, q: Question) -> pd.Series:
    mapping = choice_map(q)
    if q.other is not None:
        return pd.Series(False, index=s.index)
    return split_multi(s, q.separator or ";", set(mapping)).map(lambda toks: any(t not in mapping for t in toks))


@_by_unique
def multi_indicators(s: pd.Series, q: Question) -> pd.DataFrame:
    """One boolean column per option; NA where the question has no answer at all."""
    mapping = choice_map(q)
    tokens = split_multi(s, q.separator or ";", set(mapping)).map(
        lambda toks: {mapping[t] if t in mapping else q.other for t in toks})
    answered = tokens.map(lambda t: bool(t - {None}))
    out = {}
    for a in q.answers:
        col = tokens.map(lambda t, c=a.code: c in t).astype("boolean")
        out[q.indicator(a.code)] = col.where(answered, pd.NA)
    return pd.DataFrame(out, index=s.index)


@_by_unique
def option_column_values(s: pd.Series, q: Question) -> tuple[pd.Series, pd.Series]:
    """One column per option (LimeSurvey 'Y'/'', Qualtrics '1'/''): (ticked, unknown value)."""
    n = norm(s)
    selected = {normalise(v) for v in q.selected}
    # "n/a": LimeSurvey's full-answer export for a subquestion that was not shown (FORMATS.md §2.1); "n.v.t." in a
    # Dutch export
    not_selected = {"", "n", "0", "no", "nee", "non", "nein", "false", "not selected", "niet geselecteerd", "n/a",
                    "n.v.t.", "nvt"}
    return n.isin(list(selected)), ~n.isin(list(selected | not_selected))


@_by_unique
def ambiguous_numbers(s: pd.Series, decimal: str | None = None) -> pd.Series:
    """Values :func:`numbers` refuses because they read as two numbers ("1.250": a thousand two hundred and
    fifty, or 1,25), not because they are no number at all (for the message the researcher gets)."""
    text = s.fillna("").astype(str).str.strip().str.replace("\u00a0", "", regex=False)
    if decimal == ",":
        grouped = text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
        return (text.str.contains(".", regex=False) & text.str.fullmatch(r"-?[\d.]+(,\d+)?") & ~grouped
                ).fillna(False).astype(bool)
    if decimal == ".":
        grouped = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
        return (text.str.contains(",", regex=False) & text.str.fullmatch(r"-?[\d,]+(\.\d+)?") & ~grouped
                ).fillna(False).astype(bool)
    return text.str.fullmatch(r"-?\d{1,3}([.,]\d{3})+").fillna(False).astype(bool)


def without_missing(s: pd.Series, missing: list[str], decimal: str | None = None) -> pd.Series:
    """A number question's answers with its declared missing codes (``missing: ['-99', '999']``) made empty, as
    written or as the same number ('999.0'): they were checked against the range (−99 quarantined a respondent)
    and counted (999 as an age)."""
    if not missing:
        return s
    codes = pd.Series([str(m) for m in missing], dtype=object)
    as_numbers = set(numbers(codes, decimal)[0].dropna().tolist())
    text = norm(s)
    hit = text.isin(set(norm(codes).tolist()))
    if as_numbers:
        hit |= numbers(s, decimal)[0].isin(as_numbers).fillna(False).to_numpy(dtype=bool)
    return s.where(~hit.to_numpy(dtype=bool), "")


@_by_unique
def numbers(s: pd.Series, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """(parsed float or NaN, mask of non-empty values that are not numbers).

    ``decimal`` is the export's decimal separator (``export.decimal``; None: not declared). Digits grouped by
    spaces ("1 250") are one number; "inf" and "nan" are none."""
    text = s.fillna("").astype(str).str.strip()
    if not text.str.isascii().all():  # typed on an Arabic or Japanese keyboard ("٤٥", "４５"), an invisible space
        from pipeline.privacy import fold

        text = text.map(fold).astype(text.dtype)
    text = text.str.replace(r"[\u00a0\u202f\u2009]", "", regex=True)
    # an amount as people type it in a text field: "€ 650", "650 euro", "650 EUR" (unseen-export review: the whole
    # respondent was quarantined for it); "650,-" and "1.250,-" are whole euros written the Belgian way
    typed = text.str.contains(r"[€A-Za-z]|,-$", regex=True)  # only those values (a million amounts: one search)
    if typed.any():
        part = text[typed]
        amount = part.str.replace(r"^(?:€|eur\b|euro\b)\s*|\s*(?:€|\beur|\beuros?)$", "", regex=True, case=False)
        part = part.where(~amount.str.fullmatch(r"[-\d.,\s]*\d[-\d.,\s]*"), amount)  # "euro" alone: no number
        whole = part.str.fullmatch(r"-?\d{1,3}(\.\d{3})*,-|-?\d+,-")
        text = text.copy()
        text[typed] = part.where(~whole, part.str.slice(stop=-2).str.replace(".", "", regex=False))
    spaced = text.str.fullmatch(r"-?\d{1,3}( \d{3})+([.,]\d+)?")  # a space never marks the decimals
    text = text.where(~spaced, text.str.replace(" ", "", regex=False))
    if decimal == ",":  # Dutch Excel: "1.234,5"; a "." that is not a thousands separator is ambiguous
        grouped = text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
        ambiguous = text.str.contains(".", regex=False) & ~grouped
        text = text.where(~grouped, text.str.replace(".", "", regex=False)).str.replace(",", ".", regex=False)
    elif decimal == ".":  # English: "1,234.5"; "1.250" is one and a quarter; a ',' that groups no thousands is ambiguous
        grouped = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
        ambiguous = text.str.contains(",", regex=False) & ~grouped
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    else:  # "7,5" is a decimal comma; "1.250" or "1,500" could be a thousand or a decimal: ambiguous
        ambiguous = text.str.fullmatch(r"-?\d{1,3}([.,]\d{3})+")
        # both separators say which is which: "1,094.50" (English), "1.094,50" (Belgian)
        english = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+")
        text = text.where(~english, text.str.replace(",", "", regex=False))
        belgian = text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+")
        text = text.where(~belgian, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        text = text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)
    values = pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")
    values = values.where(~ambiguous.fillna(False).astype(bool) & np.isfinite(values))  # "inf", "nan": no number
    bad = (text != "") & values.isna()
    return values, bad


# an Excel date number (days since 30 December 1899, as a cell formatted as a number shows a date): 1954–2064,
# a time of day as its fraction ("45204.375")
_SERIAL = re.compile(r"[2-5]\d{4}(?:\.\d+)?|60\d{3}(?:\.\d+)?")
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")


_ISO = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"


@_by_unique
def dates(s: pd.Series, formats: list[str], serials: bool = False) -> tuple[pd.Series, pd.Series]:
    """(parsed datetime64 or NaT, mask of non-empty values that are not real dates).

    Each value takes the first format that reads it, the formats ordered by how many of the column's
    values each reads (the codebook's order among equals). So one column is read in one date order: with
    '%m/%d/%Y' and '%d/%m/%Y', day-first dates 1/3 … 28/3 were read as 3 January … 3 December for days 1–12
    and as March for days 13–28, when the month-first format came first. ``serials``: a value no format reads
    that is an Excel date number ("42035") is that day, and one in year-month-day order ("2025-01-15 21:53:05") is
    read whatever the formats (a question or submission date, never a draft's guess)."""
    text = s.fillna("").astype(str).str.strip()
    # Google Forms' own CSV download ends a time with its zone ("2025/01/15 9:53:05 AM GMT+1"): the wall-clock time
    # is kept, as for '…+01:00' (a draft saw no submission date in it, so copies were not found)
    if text.str.contains("GMT|UTC", regex=True).any():  # (a replace over a million times cost 0.8 s, a search 0.08)
        text = text.str.replace(r"\s+(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?$", "", regex=True)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    if len(formats) > 1:
        filled = text[text != ""]
        if len(filled) > 2000:  # evenly spread values tell the order as well: a million timestamps took 4 s a format
            filled = filled.iloc[np.unique(np.linspace(0, len(filled) - 1, 2000).astype(int))]
        reads = [int(pd.to_datetime(filled, format=f, errors="coerce").notna().sum()) for f in formats]
        formats = [f for _, f in sorted(zip(reads, formats, strict=True), key=lambda pair: -pair[0])]
    if serials:  # year-month-day, the one order no reader mistakes, after the codebook's own: what Excel's date
        # cells become when read (an export re-saved as .xlsx had every submission date emptied, its codebook
        # expecting '%m/%d/%Y %H:%M:%S')
        formats = [*formats, *(f for f in _ISO if f not in formats)]
    for fmt in formats:
        todo = out.isna() & (text != "")
        if not todo.any():
            break
        values = text[todo]
        if "%z" in fmt:  # the wall-clock time, whatever the offset: an export that spans a change to summer time has
            # two ('+01:00' and '+02:00'), and pandas refused the column ("Mixed timezones")
            values, fmt = values.str.replace(_OFFSET, "", regex=True), fmt.replace("%z", "")
        out[todo] = _naive(pd.to_datetime(values, format=fmt, errors="coerce"))
    if serials:  # a date column of an Excel sheet whose cells were formatted as numbers: "42035" is 31 January 2015
        todo = out.isna() & text.str.fullmatch(_SERIAL.pattern)
        if todo.any():
            days = text[todo].astype(float).to_numpy()
            out[todo] = _EXCEL_EPOCH + (days * 86_400_000_000).round().astype("int64").astype("timedelta64[us]")
    bad = (text != "") & out.isna()
    return out, bad


def _naive(parsed: pd.Series) -> pd.Series:
    """Times with a UTC offset ('…+01:00', '…Z') keep their wall-clock time, without the offset."""
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return parsed.dt.tz_localize(None)
    if parsed.dtype == object:  # mixed offsets
        return pd.to_datetime(parsed.map(lambda v: v.replace(tzinfo=None) if pd.notna(v) else pd.NaT))
    return parsed


@_by_unique
def municipality_codes(s: pd.Series, q: Question) -> tuple[pd.Series, pd.Series]:
    codes = municipalities.resolve(s, q.aliases)
    return codes, codes.isna()
