"""pandera schemas generated from the codebook, one per stage boundary.

* :func:`ingested_schema` checks the answers as strings, before anything is converted: every
  answer must be a known answer, a number in range, a real date or a known municipality.
  Each check carries a Dutch explanation that ends up in ``validation_failures.csv``.
* :func:`clean_schema` checks the cleaned table: categories, ranges and indicator columns.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from pipeline import answers, fmt
from pipeline.codebook import Codebook, Question


AMBIGUOUS_NUMBER = ("dubbelzinnig getal: duizendtallen of decimalen (is 1.250 duizend tweehonderdvijftig of "
                    "1,25?); zet 'decimal' onder 'export' in het codeboek")


def _fmt(x: float | None) -> str:
    return "" if x is None else (f"{x:g}")


def _question_checks(q: Question, decimal: str | None) -> dict[str, list[pa.Check]]:
    """Checks per ingested column for one question."""
    labels = ", ".join(f"'{a.label}'" for a in q.answers) + (
        f" (of als ontbrekend: {', '.join(repr(m) for m in q.missing)})" if q.missing else ""
    )
    checks: list[pa.Check] = []
    if q.type in ("single_choice", "likert"):
        checks.append(pa.Check(lambda s, q=q: ~answers.choice_codes(s, q)[1], name="bekend antwoord",
                               error=f"onbekend antwoord; verwacht een van: {labels}"))
    elif q.type == "multiple_choice" and q.separator:
        checks.append(pa.Check(lambda s, q=q: ~answers.multi_unknown(s, q), name="bekende opties",
                               error=f"onbekende optie; verwacht opties uit: {labels}"))
    elif q.type == "multiple_choice":
        out: dict[str, list[pa.Check]] = {}
        for a in q.answers:
            out[q.indicator(a.code)] = [pa.Check(
                lambda s, q=q: ~answers.option_column_values(s, q)[1], name="aangevinkt of leeg",
                error=f"verwacht {', '.join(q.selected)} of leeg")]
        return out
    elif q.type == "number":
        # an ambiguous value ("1.250") gets AMBIGUOUS_NUMBER instead (validate.failures): every refused value
        # was told "geen getal, of dubbelzinnig (is 1.250 …)", also 'Plantnaam3 is 45'
        def value(s, q=q):  # the declared missing codes are no answer, in or out of range
            return answers.without_missing(s, q.missing, decimal)

        checks.append(pa.Check(lambda s: ~answers.numbers(value(s), decimal)[1], name="getal", error="geen getal"))
        lo, hi = q.min, q.max
        if lo is not None or hi is not None:
            def number_within(s, lo=lo, hi=hi):
                v = answers.numbers(value(s), decimal)[0]
                ok = v.isna()
                ok |= (v >= (lo if lo is not None else float("-inf"))) & (v <= (hi if hi is not None else float("inf")))
                return ok
            checks.append(pa.Check(number_within, name="binnen bereik",
                                   error=f"onmogelijke waarde; verwacht tussen {_fmt(lo)} en {_fmt(hi)}"))
        if q.integer:
            def whole_number(s):
                v = answers.numbers(value(s), decimal)[0]
                return v.isna() | (v == v.round())
            checks.append(pa.Check(whole_number, name="geheel getal", error="verwacht een geheel getal"))
    elif q.type == "date":
        fmts = " of ".join(fmt.date_format(f) for f in q.date_formats)  # "dag/maand/jaar", not "%d/%m/%Y"
        checks.append(pa.Check(lambda s, q=q: ~answers.dates(s, q.date_formats, serials=True)[1], name="datum",
                               error=f"onleesbare datum; verwacht een bestaande datum in de vorm {fmts}"))
        if q.earliest or q.latest:
            def date_within(s, q=q):
                v = answers.dates(s, q.date_formats, serials=True)[0]
                inside = pd.Series(True, index=s.index)
                if q.earliest:
                    inside &= v >= pd.Timestamp(q.earliest)
                if q.latest:
                    inside &= v <= pd.Timestamp(q.latest)
                return v.isna() | inside
            checks.append(pa.Check(date_within, name="binnen periode",
                                   error=f"datum buiten {q.earliest or '…'} – {q.latest or '…'}"))
    elif q.type == "municipality":
        checks.append(pa.Check(lambda s, q=q: ~answers.municipality_codes(s, q)[1], name="gemeente",
                               error="onbekende gemeente; voeg een alias toe onder 'aliases' van deze vraag in het codeboek"))
    if q.required:
        checks.append(pa.Check(lambda s: answers.norm(s) != "", name="verplicht", error="verplichte vraag is leeg"))
    return {q.name: checks}


EMPTY_ID = "lege respondent-id"


def ingested_schema(cb: Codebook) -> pa.DataFrameSchema:
    columns: dict[str, pa.Column] = {
        "respondent": pa.Column(str, unique=True, report_duplicates="exclude_first", nullable=False,
                                checks=[pa.Check(lambda s: s != "", name="respondent-id", error=EMPTY_ID)]),
    }
    for q in cb.questions:
        for col, checks in _question_checks(q, cb.export.decimal).items():
            columns[col] = pa.Column(str, checks=checks, nullable=False)
    return pa.DataFrameSchema(columns, strict=False, ordered=False, name=f"{cb.id}: antwoorden")


def clean_schema(cb: Codebook) -> pa.DataFrameSchema:
    columns: dict[str, pa.Column] = {"respondent": pa.Column(str, unique=True)}
    for q in cb.questions:
        if q.type in ("single_choice", "likert"):
            columns[q.name] = pa.Column("category", nullable=True,
                                        checks=pa.Check.isin([a.label for a in q.answers]))
        elif q.type == "multiple_choice":
            for a in q.answers:
                columns[q.indicator(a.code)] = pa.Column("boolean", nullable=True)
        elif q.type == "number":
            lo = q.min if q.min is not None else float("-inf")
            hi = q.max if q.max is not None else float("inf")
            columns[q.name] = pa.Column(float, nullable=True, checks=pa.Check.in_range(lo, hi))
        elif q.type == "municipality":
            columns[q.name + "_nis"] = pa.Column(str, nullable=True, checks=pa.Check.str_matches(r"^\d{5}$"))
    return pa.DataFrameSchema(columns, strict=False, name=f"{cb.id}: opgeschoonde data")
