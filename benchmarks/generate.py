"""A seeded synthetic consultation of any size, shaped by ``benchmarks/codebook.yml``.

Every question type of the codebook is present: numbers (one with classes), single choice,
Likert, multiple choice joined with ';' and one column per option ('Y' or empty), dates in two
formats, municipalities (with spellings that need an alias or normalisation) and short free text
in which e-mail addresses and phone numbers are planted (so the scrubber has work). The export
also has the identifying columns a tool adds (id, e-mail, submit time, IP address); a few
respondents submit twice (same e-mail). Every answer is valid, so no row is quarantined.

Vectorised (numpy) so that a million respondents take seconds; written as CSV with pyarrow.

Run:  .venv/bin/python -m benchmarks.generate 1000 [out.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from pipeline.codebook import Codebook, Question, load_codebook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CODEBOOK = HERE / "codebook.yml"
OUT_DIR = ROOT / "build" / "bench"
SEED = 20240601
META = ["id", "submitdate", "email", "ipaddr"]
REPEAT_SHARE = 0.003  # respondents who send the form a second time

SENTENCES = [
    "De huur is te hoog voor een groot gezin.", "Makelaars antwoorden niet als ze mijn naam zien.",
    "Ik wacht al lang op een sociale woning.", "Er is vocht in de slaapkamer.",
    "Meer informatie in het Arabisch of Engels zou helpen.", "Het OCMW heeft mij goed geholpen.",
    "Eigenaars willen geen leefloon.", "Bedankt voor deze bevraging.", "De buurt is rustig.",
    "Ik zoek al twee jaar.", "De verwarming werkt slecht.", "Te weinig bussen naar het centrum.",
    "Mijn kinderen hebben geen eigen kamer.", "De waarborg is moeilijk te betalen.",
    "Ik voel mij welkom in de gemeente.", "Niemand wil verhuren aan een student.",
    "Het contract was alleen in het Frans.", "De vereniging hielp met papieren.",
    "Er zijn geen woningen voor grote gezinnen.", "Ik werd geweigerd zonder reden.",
]


def _answer_texts(q: Question) -> list[str]:
    return [a.label for a in q.answers]


def _pick(rng: np.random.Generator, options: list[str], n: int, p: list[float] | None = None) -> np.ndarray:
    pool = np.array(options, dtype=object)
    return pool[rng.choice(len(pool), size=n, p=p)]


def _numbers(values: np.ndarray, decimals: int = 0) -> np.ndarray:
    if decimals:
        return np.char.mod(f"%.{decimals}f", values).astype(object)
    return values.astype(np.int64).astype(str).astype(object)


def _multi(rng: np.random.Generator, labels: list[str], n: int, p: float) -> np.ndarray:
    """'A;C;' strings (MS Forms style), at least one option for each respondent."""
    chosen = rng.random((n, len(labels))) < p
    chosen[~chosen.any(axis=1), 0] = True
    codes = chosen @ (1 << np.arange(len(labels)))
    pool = np.array(["".join(f"{lab};" for j, lab in enumerate(labels) if c >> j & 1)
                     for c in range(1 << len(labels))], dtype=object)
    return pool[codes]


def _free_text(rng: np.random.Generator, n: int, share: float, planted: float, start: int) -> np.ndarray:
    """Short open answers (two sentences); a share carries an e-mail address or a phone number."""
    out = np.full(n, "", dtype=object)
    answered = np.flatnonzero(rng.random(n) < share)
    pool = np.array([f"{a} {b}" for a in SENTENCES for b in SENTENCES], dtype=object)
    out[answered] = pool[rng.integers(len(pool), size=len(answered))]
    plant = answered[rng.random(len(answered)) < planted]
    for k, i in enumerate(plant):
        if k % 2:
            out[i] = f"Mail mij op persoon{start + i}@voorbeeld.be aub."
        else:
            d = (start + i) % 1_000_000
            out[i] = f"Bel mij: 0470 {d // 10000:02d} {d // 100 % 100:02d} {d % 100:02d}, liefst 's avonds."
    return out


def _dates(rng: np.random.Generator, n: int, first: str, last: str) -> np.ndarray:
    days = pd.date_range(first, last, freq="D")
    return days.to_numpy()[rng.integers(len(days), size=n)]


def frame(n: int, seed: int = SEED, cb: Codebook | None = None, start: int = 0) -> pd.DataFrame:
    """The export as a DataFrame of strings ('' for no answer), columns in the tool's order."""
    cb = cb or load_codebook(CODEBOOK)
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    ids = np.arange(start + 1, start + n + 1)
    cols["id"] = ids.astype(str).astype(object)
    stamps = np.datetime64("2024-01-01T08:00:00") + rng.integers(0, 365 * 86400, size=n).astype("timedelta64[s]")
    cols["submitdate"] = np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " ").astype(object)
    person = ids.copy()
    repeats = np.flatnonzero(rng.random(n) < REPEAT_SHARE)
    repeats = repeats[repeats > 0]
    person[repeats] = start + rng.integers(1, repeats + 1)  # an earlier respondent, sending again
    cols["email"] = np.char.add(np.char.add("persoon", person.astype(str)), "@voorbeeld.be").astype(object)
    cols["ipaddr"] = np.char.add("10.0.", (ids % 50000).astype(str)).astype(object)

    by = cb.by_name
    housing = rng.choice(5, size=n, p=[0.45, 0.2, 0.1, 0.15, 0.1])
    renter = housing < 2
    for q in cb.questions:
        if q.type in ("single_choice", "likert"):
            if q.name == "housing":
                values = np.array(_answer_texts(q), dtype=object)[housing]
            else:
                values = _pick(rng, _answer_texts(q) + list(q.missing), n)
            if q.ask_if is not None:
                asked = np.isin(housing, [[a.code for a in by["housing"].answers].index(c) for c in q.ask_if.in_])
                values = np.where(asked, values, "")
            cols[q.source] = values
        elif q.type == "number":
            lo, hi = q.min or 0, q.max or 100
            if q.name == "age":
                v = np.clip(rng.normal(38, 12, n), 16, 90)
            elif q.name == "rent":
                v = np.clip(rng.normal(700, 200, n), 100, 3000)
            else:
                v = np.clip(rng.gamma(2.0, (hi - lo) / 20, n), lo, hi)
            values = _numbers(v if not q.integer else np.round(v), decimals=0 if q.integer else 1)
            if q.ask_if is not None:
                values = np.where(renter, values, "")
            cols[q.source] = values
        elif q.type == "multiple_choice" and q.separator:
            values = _multi(rng, _answer_texts(q), n, 0.3)
            if q.ask_if is not None:
                values = np.where(housing != 2, values, "")
            cols[q.source] = values
        elif q.type == "multiple_choice":
            ticked = rng.random((n, len(q.answers))) < 0.35
            answered = rng.random(n) < 0.8
            for j, a in enumerate(q.answers):
                cols[a.source] = np.where(ticked[:, j] & answered, "Y", "").astype(object)
        elif q.type == "date":
            days = _dates(rng, n, "1990-01-01" if q.name == "moved_in" else "1960-01-01", "2024-06-30")
            text = np.datetime_as_string(days, unit="D").astype(object)  # 2024-06-30
            dmy = _dmy(text)
            if len(q.date_formats) > 1:
                cols[q.source] = np.where(rng.random(n) < 0.5, text, dmy)
            else:
                cols[q.source] = dmy
        elif q.type == "municipality":
            cols[q.source] = _municipalities(rng, n)
        elif q.type == "free_text":
            cols[q.source] = _free_text(rng, n, 0.4 if q.name == "comments" else 0.15, 0.03, start)
    _mess(rng, cols, cb, n)
    return pd.DataFrame(cols)


def _dmy(iso: np.ndarray) -> np.ndarray:
    """'2024-06-30' → '30/06/2024', vectorised over the distinct days."""
    uniq, inv = np.unique(iso, return_inverse=True)
    conv = np.array([f"{s[8:10]}/{s[5:7]}/{s[0:4]}" for s in uniq.tolist()], dtype=object)
    return conv[inv]


def _municipalities(rng: np.random.Generator, n: int) -> np.ndarray:
    ref = pd.read_csv(ROOT / "pipeline" / "reference" / "municipalities_2019_2024.csv", dtype=str)
    w = ref["population_2020"].astype(float) ** 1.4
    values = _pick(rng, ref["name_nl"].tolist(), n, (w / w.sum()).tolist())
    odd = np.flatnonzero(rng.random(n) < 0.01)  # spellings fixed by an alias or by normalisation
    values[odd] = np.array(["Antwerpn", "Mechlen", "sint niklaas", " GENT", "Sint-Niklaas ", "BRUGGE"],
                           dtype=object)[rng.integers(6, size=len(odd))]
    return values


def _mess(rng: np.random.Generator, cols: dict[str, np.ndarray], cb: Codebook, n: int) -> None:
    """Stray spaces and case variants, as in real exports (all still valid answers)."""
    for name in ("gender", "housing", "years_in_belgium", "l_state"):
        src = cb.by_name[name].source
        idx = np.flatnonzero(rng.random(n) < 0.01)
        vals = cols[src][idx]
        cols[src][idx] = np.array([f"  {v.upper()} " if v else v for v in vals.tolist()], dtype=object)


def columns(cb: Codebook | None = None) -> list[str]:
    cb = cb or load_codebook(CODEBOOK)
    return META + [c for q in cb.questions for c in q.source_columns]


def write(n: int, path: str | Path | None = None, seed: int = SEED) -> Path:
    """Write the export of ``n`` respondents as CSV (UTF-8, ','), in chunks; return its path."""
    cb = load_codebook(CODEBOOK)
    path = Path(path) if path is not None else OUT_DIR / f"bench_{n}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    chunk = 250_000
    tmp = path.with_suffix(".tmp")
    with pacsv.CSVWriter(tmp, pa.schema([(c, pa.string()) for c in columns(cb)])) as writer:
        for k, start in enumerate(range(0, n, chunk)):
            df = frame(min(chunk, n - start), seed=seed + k, cb=cb, start=start)
            writer.write_table(pa.Table.from_pandas(df, preserve_index=False,
                                                    schema=pa.schema([(c, pa.string()) for c in df.columns])))
    tmp.replace(path)
    return path


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = write(size, sys.argv[2] if len(sys.argv) > 2 else None)
    print(f"wrote {out} ({size} respondents, synthetic)")
