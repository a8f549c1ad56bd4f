"""Report blocks for open answers: theme tables and the quotes the researchers chose.

* :func:`show_themes` shows the published theme table of one coded open question (through
  :mod:`pipeline.publish`, so small cells are suppressed as everywhere else).
* :func:`show_quotes` shows the quotes listed in ``raw/<id>/quotes.csv`` (columns respondent,
  question, quote), chosen by a researcher — never picked automatically. Each quote is scrubbed
  (:func:`pipeline.privacy.scrub`) and shown as a Markdown block quote, without any respondent id.
  The respondent must be in the export (else :class:`DataError`) and the quote must occur in that
  respondent's answer; quotes of respondents who do not count in the analysis (set apart in
  validation, or a repeated submission) are left out and counted in a note.
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown, display

from pipeline import fmt, privacy
from pipeline.analyses.themes.tables import NO_THEME, not_coded_text, table_name
from pipeline.codebook import normalise
from pipeline.errors import DataError
from pipeline.publish import hidden_note, markdown, published
from pipeline.readers import ExportSpec, read_export
from pipeline.report import sentences
from pipeline.report.captions import table_caption
from pipeline.report.text import md, md_lines

QUOTE_COLUMNS = ("respondent", "question", "quote")
_CUT = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.\.\.|…)\s*")


def not_coded_sentence(report, table: str) -> str:
    """'De 34 antwoorden op ‘…’ zijn nog niet in thema's ingedeeld' for the theme table of a coded open question
    whose answers carry no theme yet (``tables.not_coded``); '' for any other table."""
    return not_coded_text(report.cb, table, report.estimates[report.estimates["table"] == table], md)


def show_themes(report, question: str, title: str | None = None) -> None:
    """The table of themes mentioned in the answers to one coded open question."""
    cb = report.cb
    q = cb.by_name.get(question)
    waiting = not_coded_sentence(report, table_name(question))
    if waiting:
        display(Markdown(f"*{waiting}; daarom staat hier nog geen tabel.*"))
        return
    p = published(report.estimates, table_name(question), min_base=report.cb.min_base_pct)
    asked = f" Vraag: *{md(fmt.sentence(q.asked))}*" if q is not None and q.asked else ""
    base = f" {sentences.base(int(p.base), 'answered')}" if p.base is not None else ""
    note = ("De onderzoekers lazen elk antwoord en gaven het een of meer thema's; "
            "de percentages tellen daarom op tot meer dan 100\u202f%.")
    if (report.estimates.loc[report.estimates["table"] == table_name(question), "category"] == NO_THEME).any():
        note = ("De onderzoekers gaven elk antwoord dat ze lazen een of meer thema's; de rij ‘Geen thema’ telt de "
                "antwoorden zonder thema (nog niet ingedeeld, of niet in een thema te vatten). Een antwoord kan meer "
                "dan één thema hebben: de percentages tellen op tot meer dan 100\u202f%.")
    caption = table_caption(md(title or p.title), f"{asked}{base}", key=question)
    why = hidden_note(report.estimates, table_name(question), cb.min_base_pct)  # every × of it, as other tables
    display(Markdown(f"{caption}\n\n{markdown(p)}\n\n*{note} {md(report.source(table_name(question)))}.*"
                     + (f" {md(why)}" if why else "")))


def read_quotes(report, file: str = "quotes.csv") -> pd.DataFrame:
    """The chosen quotes, checked: DataFrame[question, quote (scrubbed), counted (bool)]."""
    cb = report.cb
    path = cb.raw_file(file)
    raw = read_export(ExportSpec(file=str(path), tool="csv"))
    for col in QUOTE_COLUMNS:
        if col not in raw.columns:
            raise DataError(f"kolom '{col}' ontbreekt in het bestand met citaten", file=path, row=1, column=col,
                            expected="kolommen " + ", ".join(QUOTE_COLUMNS),
                            fix="geef de kolommen deze namen in de kopregel")
    raw = raw[~(raw[list(QUOTE_COLUMNS)].apply(lambda c: c.str.strip()) == "").all(axis=1)]
    key = privacy.load_key()
    ingested = pd.read_parquet(cb.processed_dir / "ingested.parquet", columns=["respondent"])
    clean = pd.read_parquet(cb.processed_dir / "clean.parquet").set_index("respondent")
    known = set(ingested["respondent"])
    rows = []
    for row, rec in raw.iterrows():
        question = rec["question"].strip()
        q = cb.by_name.get(question)
        if q is None or q.type != "free_text":
            raise DataError("onbekende open vraag bij een citaat", file=path, row=int(row), column="question",
                            value=rec["question"],
                            expected=", ".join(x.name for x in cb.questions if x.type == "free_text"),
                            fix=f"gebruik de naam van een open vraag uit surveys/{cb.id}/codebook.yml")
        if not rec["quote"].strip():
            raise DataError("leeg citaat", file=path, row=int(row), column="quote", value=rec["quote"],
                            expected="een stuk uit het antwoord van de respondent",
                            fix="vul het citaat in of verwijder de rij")
        pseudonym = privacy.pseudonymise([rec["respondent"]], key, prefix="R",
                                         salt=privacy.salt_for(cb.respondent, cb.id))[0]  # as ingest keys them
        if pseudonym not in known:
            raise DataError("respondent van een citaat staat niet in de export", file=path, row=int(row),
                            column="respondent", value=rec["respondent"],
                            expected=f"de antwoord-id zoals in de export (kolom '{cb.respondent.id}')",
                            fix="neem de id over zoals hij in de export staat, of verwijder de rij")
        quote = privacy.scrub(rec["quote"].strip())
        counted = pseudonym in clean.index
        if counted:
            answer = clean.at[pseudonym, q.name]
            # both in 0–9: an answer with a phone number in Arabic digits is stored with all its digits in 0–9
            # (privacy.scrub), the researcher's quote was copied from the export as typed ('٢ jaar')
            answer = "" if pd.isna(answer) else normalise(privacy.fold(answer))
            parts = [normalise(privacy.fold(part)) for part in _CUT.split(quote) if part.strip()]
            if not answer or not all(part in answer for part in parts):
                raise DataError("het citaat komt niet voor in het antwoord van deze respondent", file=path,
                                row=int(row), column="quote", value=quote,
                                expected=f"een letterlijk stuk uit het antwoord op '{q.label}' "
                                         "(weglatingen aangeduid met … of [...])",
                                fix="kopieer het citaat letterlijk uit het antwoord, of controleer respondent en vraag")
        rows.append({"question": question, "quote": quote, "counted": counted})
    return pd.DataFrame(rows, columns=["question", "quote", "counted"])


def show_quotes(report, file: str = "quotes.csv", question: str | None = None) -> None:
    """The researchers' chosen quotes (scrubbed), as block quotes under their question."""
    quotes = read_quotes(report, file)
    if question is not None:
        quotes = quotes[quotes["question"] == question]
    shown = quotes[quotes["counted"]]
    left_out = int((~quotes["counted"]).sum())
    parts = []
    for name, group in shown.groupby("question", sort=False):
        q = report.cb.by_name[name]
        if question is None:
            parts.append(f"**{md(q.text or q.label)}**")
        parts.extend(md_lines(quote, prefix="> ") for quote in group["quote"])  # a quote is text, never Markdown
    if not parts:
        parts.append("*Geen citaten gekozen.*")
    notes = ["*Citaten gekozen door de onderzoekers; persoonsgegevens (e-mailadressen, telefoonnummers, "
             "adressen …) zijn vervangen door een aanduiding tussen vierkante haken.*"]
    if left_out:
        notes.append(f"*{sentences.quotes_left_out(left_out)}*")
    display(Markdown("\n\n".join(parts + notes)))
