"""Read the "Ik stem ook" input files exactly as the contract describes them.

Four CSV files in ``raw/<consultation>/``:

* ``registrations.csv`` (required): nis_code, municipality, date, group, registered, potential
* ``partners.csv`` (required): nis_code, municipality, since, activities, uses_materials
* ``registrations_2018.csv`` (optional, the previous cycle): the columns of registrations.csv
* ``materials.csv`` (optional): nis_code, municipality, channel

Every cell is read as text, checked with a pandera schema (``lazy=True``, so all format errors are
collected) and then with domain checks (codes, names, duplicates, dates present, totals). The first
problem becomes one :class:`~pipeline.errors.DataError` naming the file, the row as a person sees
it in a spreadsheet (the header is row 1), the column, the value, what was expected and how to fix
it; further problems are listed in ``details``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import fmt
from pipeline.errors import DataError

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"

REGISTRATION_COLUMNS = ["nis_code", "municipality", "date", "group", "registered", "potential"]
PARTNER_COLUMNS = ["nis_code", "municipality", "since", "activities", "uses_materials"]
MATERIAL_COLUMNS = ["nis_code", "municipality", "channel"]
GROUPS = ("EU", "niet-EU", "totaal")
FLEMISH_REGION = "Vlaams Gewest"
MAX_DETAILS = 10


@dataclass(frozen=True)
class Reference:
    """The municipalities of 2019–2024 and the 2025 mergers (vendored public reference data)."""

    municipalities: pd.DataFrame  # all rows of municipalities_2019_2024.csv, as text, index nis_code
    mergers: pd.DataFrame  # mergers_2025.csv, as text
    topojson_path: Path

    @property
    def flemish(self) -> pd.DataFrame:
        return self.municipalities[self.municipalities["region"] == FLEMISH_REGION]


@dataclass(frozen=True)
class CampaignInputs:
    registrations: pd.DataFrame
    partners: pd.DataFrame
    registrations_2018: pd.DataFrame | None
    materials: pd.DataFrame | None
    rows_read: int


def load_reference(reference_dir: Path = REFERENCE_DIR) -> Reference:
    mun = pd.read_csv(reference_dir / "municipalities_2019_2024.csv", dtype=str, keep_default_na=False)
    mergers = pd.read_csv(reference_dir / "mergers_2025.csv", dtype=str, keep_default_na=False)
    return Reference(
        municipalities=mun.set_index("nis_code", drop=False).rename_axis(None),
        mergers=mergers,
        topojson_path=reference_dir / "belgium_municipalities_2019_2024.topojson",
    )


# --------------------------------------------------------------------------------------------
# small helpers


def _join_nl(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def normalise_name(name: str) -> str:
    """Case, accents, hyphens and spacing do not matter when a name is compared with its code."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-‐–—_/]", " ", text).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _is_iso_date(values: pd.Series) -> pd.Series:
    shape_ok = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    parsed = pd.to_datetime(values.where(shape_ok, None), format="%Y-%m-%d", errors="coerce")
    return shape_ok & parsed.notna()


def _fail(
    file: Path,
    rows: list[tuple[int, str, object]],
    message: str,
    expected: str,
    fix: str,
) -> DataError:
    """One DataError for the first (row, column, value); the others become details."""
    row, column, value = rows[0]
    details = [f"rij {r}, kolom {c}: {v!r}" for r, c, v in rows[1 : MAX_DETAILS + 1]]
    if len(rows) > MAX_DETAILS + 1:
        details.append(f"… en nog {fmt.count(len(rows) - MAX_DETAILS - 1, 'rij', 'rijen')} met hetzelfde probleem")
    if len(rows) > 1:
        details.insert(0, f"hetzelfde probleem op nog {fmt.count(len(rows) - 1, 'plaats', 'plaatsen')}:")
    return DataError(
        message, file=file, row=row, column=column, value=value, expected=expected, fix=fix, details=details
    )


# --------------------------------------------------------------------------------------------
# reading


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read every cell as stripped text; index = the row number in the file (header = row 1)."""
    if not path.exists():
        raise DataError(
            f"Het bestand {path.name} ontbreekt.",
            file=path,
            expected=f"een CSV-bestand met de kolommen {', '.join(columns)}",
            fix=f"Zet {path.name} in {path.parent}.",
        )
    try:
        with open(path, encoding="utf-8-sig") as fh:
            header = fh.readline()
        sep = ";" if header.count(";") > header.count(",") else ","
        df = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            sep=sep,
        )
    except UnicodeDecodeError as err:
        raise DataError(
            f"{path.name} is geen UTF-8-tekstbestand.",
            file=path,
            expected="CSV in UTF-8",
            fix="Sla het bestand op als 'CSV UTF-8 (door komma's gescheiden)'.",
        ) from err
    except pd.errors.EmptyDataError as err:
        raise DataError(
            f"{path.name} is leeg.",
            file=path,
            row=1,
            expected=f"een kopregel met {', '.join(columns)}",
            fix="Exporteer het bestand opnieuw.",
        ) from err
    except pd.errors.ParserError as err:
        found = re.search(r"line (\d+)", str(err))
        raise DataError(
            f"{path.name} kan niet als CSV gelezen worden: een rij heeft meer velden dan de kopregel.",
            file=path,
            row=int(found.group(1)) if found else None,
            expected=f"{len(columns)} kolommen per rij",
            fix="Zet tekst met komma's tussen aanhalingstekens of verwijder de overtollige velden.",
        ) from err
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        extra = [c for c in df.columns if c not in columns]
        hint = f" Hernoem '{extra[0]}' naar '{missing[0]}' als dat dezelfde kolom is." if extra else ""
        raise DataError(
            f"Kolom '{missing[0]}' ontbreekt in {path.name}"
            + (f" (ook ontbrekend: {', '.join(missing[1:])})" if len(missing) > 1 else "")
            + ".",
            file=path,
            row=1,
            column=missing[0],
            value=", ".join(df.columns),
            expected=f"de kolommen {', '.join(columns)}",
            fix=f"Voeg de kolom '{missing[0]}' toe aan de kopregel.{hint}",
        )
    df = df[columns].apply(lambda s: s.str.strip())
    df.index = pd.RangeIndex(2, 2 + len(df))
    return df[(df != "").any(axis=1)]  # wholly empty lines carry nothing


# --------------------------------------------------------------------------------------------
# pandera schemas: the format of every cell


def _check(fn, name: str) -> pa.Check:
    return pa.Check(fn, name=name)


_NIS = _check(lambda s: s.str.fullmatch(r"\d{5}"), "nis")
_TEXT = _check(lambda s: s != "", "text")
_DATE = _check(_is_iso_date, "date")
_DATE_OR_EMPTY = _check(lambda s: (s == "") | _is_iso_date(s), "date_or_empty")
_GROUP = _check(lambda s: s.isin(GROUPS), "group")
_COUNT = _check(lambda s: s.str.fullmatch(r"\d+"), "count")
_COUNT_OR_EMPTY = _check(lambda s: s.str.fullmatch(r"\d*"), "count_or_empty")
_YES_NO = _check(lambda s: s.isin(["", "ja", "nee"]), "yes_no")
_ANY = _check(lambda s: s == s, "any")

# check name -> (message, expected, fix)
_FORMAT_TEXT = {
    "nis": (
        "De NIS-code is geen code van 5 cijfers.",
        "5 cijfers, de REFNIS-code van een Vlaamse gemeente (2019–2024), bv. 11002",
        "Vul de NIS-code van de gemeente in (zie pipeline/reference/municipalities_2019_2024.csv).",
    ),
    "text": (
        "Deze cel is leeg.",
        "de naam van de gemeente (Nederlands)",
        "Vul de Nederlandse naam van de gemeente in.",
    ),
    "date": (
        "Dit is geen geldige datum in de vorm JJJJ-MM-DD.",
        "een datum als 2024-08-01",
        "Schrijf de datum als JJJJ-MM-DD (jaar-maand-dag), bv. 2024-08-01.",
    ),
    "date_or_empty": (
        "Dit is geen geldige datum in de vorm JJJJ-MM-DD.",
        "een datum als 2024-03-15, of leeg",
        "Schrijf de datum als JJJJ-MM-DD of laat de cel leeg.",
    ),
    "group": (
        "Onbekende groep.",
        "EU, niet-EU of totaal",
        "Gebruik precies EU, niet-EU of totaal (met hoofdletters zoals hier).",
    ),
    "count": (
        "Het aantal is geen geheel getal van 0 of meer.",
        "een geheel getal ≥ 0, zonder punt, komma of spatie",
        "Vul het aantal geregistreerde kiezers in als geheel getal, bv. 1234.",
    ),
    "count_or_empty": (
        "Het aantal is geen geheel getal van 0 of meer.",
        "een geheel getal ≥ 0, of leeg",
        "Vul het aantal potentiële kiezers in als geheel getal, of laat de cel leeg.",
    ),
    "yes_no": (
        "Onbekend antwoord.",
        "ja, nee of leeg",
        "Schrijf ja of nee (kleine letters), of laat de cel leeg.",
    ),
}


def _schema(kind: str) -> pa.DataFrameSchema:
    specs = {
        "registrations": {
            "nis_code": _NIS,
            "municipality": _TEXT,
            "date": _DATE,
            "group": _GROUP,
            "registered": _COUNT,
            "potential": _COUNT_OR_EMPTY,
        },
        "partners": {
            "nis_code": _NIS,
            "municipality": _TEXT,
            "since": _DATE_OR_EMPTY,
            "activities": _ANY,
            "uses_materials": _YES_NO,
        },
        "materials": {"nis_code": _NIS, "municipality": _TEXT, "channel": _ANY},
    }[kind]
    return pa.DataFrameSchema({c: pa.Column(str, check, nullable=False) for c, check in specs.items()})


def _validate_format(df: pd.DataFrame, kind: str, path: Path) -> None:
    try:
        _schema(kind).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"])
        order = {c: i for i, c in enumerate(df.columns)}
        cases = cases.assign(
            file_row=cases["index"].astype(int), col_order=cases["column"].map(order)
        ).sort_values(["file_row", "col_order"])
        first = cases.iloc[0]
        same = cases[cases["check"] == first["check"]]
        message, expected, fix = _FORMAT_TEXT[first["check"]]
        rows = [(int(r.file_row), str(r.column), r.failure_case) for r in same.itertuples()]
        other = len(cases) - len(same)
        error = _fail(path, rows, message, expected, fix)
        if other:
            error.details.append(f"daarnaast nog {fmt.count(other, 'andere opmaakfout', 'andere opmaakfouten')} "
                                 "in dit bestand")
        raise error from None


# --------------------------------------------------------------------------------------------
# domain checks


def _code_problem(code: str, ref: Reference) -> tuple[str, str]:
    """Why a 5-digit code is not a Flemish municipality of 2019–2024: (message, fix)."""
    mun = ref.municipalities
    merged = ref.mergers[ref.mergers["nis_code_2025"] == code]
    if len(merged) and code not in mun.index:
        name = merged["name_2025"].iloc[0]
        olds = [f"{r.name_2019_2024} ({r.nis_code_2019_2024})" for r in merged.itertuples()]
        return (
            f"{code} is de fusiegemeente {name} (2025); gebruik de codes van {_join_nl(olds)}.",
            "Splits de cijfers over de gemeenten zoals ze bestonden in 2019–2024 (de verkiezingen van 2024).",
        )
    if code in mun.index:
        row = mun.loc[code]
        return (
            f"{code} is {row['name_nl']} ({row['region']}), geen Vlaamse gemeente.",
            "Neem alleen de 300 Vlaamse gemeenten op.",
        )
    try:
        topo = json.loads(ref.topojson_path.read_text(encoding="utf-8"))
        props = {g["properties"]["nis"]: g["properties"] for g in topo["objects"]["municipalities"]["geometries"]}
    except (OSError, KeyError, ValueError):  # pragma: no cover - the reference ships with the package
        props = {}
    if code in props:
        p = props[code]
        return (
            f"{code} is {p.get('name_nl') or p.get('name_fr')} ({p.get('reg_nl')}), geen Vlaamse gemeente.",
            "Neem alleen de 300 Vlaamse gemeenten op.",
        )
    return (
        f"{code} is geen bekende NIS-code van een Vlaamse gemeente (2019–2024).",
        "Controleer de code in pipeline/reference/municipalities_2019_2024.csv "
        "(codes van vóór 2019 of na 2024 gelden niet).",
    )


def _check_codes_and_names(df: pd.DataFrame, path: Path, ref: Reference) -> None:
    flemish = ref.flemish
    bad = df[~df["nis_code"].isin(flemish.index)]
    if len(bad):
        message, fix = _code_problem(bad["nis_code"].iloc[0], ref)
        rows = [(int(i), "nis_code", v) for i, v in bad["nis_code"].items()]
        raise _fail(path, rows, message, "de NIS-code van een Vlaamse gemeente (2019–2024)", fix)
    official = df["nis_code"].map(flemish["name_nl"])
    wrong = df[df["municipality"].map(normalise_name) != official.map(normalise_name)]
    if len(wrong):
        i = wrong.index[0]
        code, name = wrong.at[i, "nis_code"], official.at[i]
        rows = [(int(j), "municipality", v) for j, v in wrong["municipality"].items()]
        raise _fail(
            path,
            rows,
            f"De gemeentenaam past niet bij NIS-code {code}: die code is {name}.",
            name,
            f"Controleer of de code of de naam verkeerd is; bij code {code} hoort '{name}'.",
        )


def _check_duplicates(df: pd.DataFrame, keys: list[str], path: Path, what: str) -> None:
    later = df[df.duplicated(keys, keep="first")]
    if not len(later):
        return
    i = later.index[0]
    first = df[(df[keys] == later.loc[i, keys]).all(axis=1)].index[0]
    column = ", ".join(keys)
    rows = [(int(j), column, " × ".join(r)) for j, r in zip(later.index, later[keys].itertuples(index=False))]
    raise _fail(
        path,
        rows,
        f"{what} staat meer dan één keer in het bestand (eerst op rij {first}).",
        f"één rij per {' × '.join(keys)}",
        "Verwijder de dubbele rij, of tel de aantallen samen in één rij.",
    )


def _check_registrations(df: pd.DataFrame, path: Path, dates: tuple[str, str]) -> None:
    _check_duplicates(df, ["nis_code", "date", "group"], path, "Deze combinatie gemeente × datum × groep")

    reg = df["registered"].astype("int64")
    pot = pd.to_numeric(df["potential"].replace("", None)).astype("Float64")
    over = df[(pot < reg).fillna(False).astype(bool)]
    if len(over):
        rows = [(int(i), "potential", v) for i, v in over["potential"].items()]
        i = over.index[0]
        raise _fail(
            path,
            rows,
            f"Er zijn meer geregistreerde kiezers ({over.at[i, 'registered']}) dan potentiële kiezers "
            f"({over.at[i, 'potential']}).",
            "potential ≥ registered, of leeg",
            "Controleer beide aantallen; laat potential leeg als het niet bekend is.",
        )

    # per municipality × date: totaal, or both EU and niet-EU; totaal = EU + niet-EU when all three
    keyed = df.assign(_n=reg.astype(float), _row=df.index.astype(float))
    n = keyed.pivot(index=["nis_code", "date"], columns="group", values="_n").reindex(columns=list(GROUPS))
    rowno = keyed.pivot(index=["nis_code", "date"], columns="group", values="_row").reindex(columns=list(GROUPS))
    order = rowno.min(axis=1).sort_values().index  # keys in file order
    n, rowno = n.loc[order], rowno.loc[order]
    incomplete = n["totaal"].isna() & (n["EU"].isna() | n["niet-EU"].isna())
    if incomplete.any():
        keys = list(incomplete[incomplete].index)
        rows = [
            (int(rowno.loc[k].min()), "group", "/".join(g for g in ("EU", "niet-EU") if pd.notna(n.at[k, g])))
            for k in keys
        ]
        code, date = keys[0]
        raise _fail(
            path,
            rows,
            f"Voor {code} op {date} ontbreekt een groep: zonder 'totaal' zijn zowel 'EU' als 'niet-EU' nodig.",
            "een rij 'totaal', of een rij 'EU' én een rij 'niet-EU'",
            "Voeg de ontbrekende rij toe (of een rij 'totaal').",
        )
    complete = n["totaal"].notna() & n["EU"].notna() & n["niet-EU"].notna()
    mismatch = complete & (n["totaal"] != n["EU"] + n["niet-EU"])
    if mismatch.any():
        keys = list(mismatch[mismatch].index)
        rows = [(int(rowno.at[k, "totaal"]), "registered", int(n.at[k, "totaal"])) for k in keys]
        k = keys[0]
        raise _fail(
            path,
            rows,
            f"Voor {k[0]} op {k[1]} is 'totaal' ({int(n.at[k, 'totaal'])}) niet de som van 'EU' "
            f"({int(n.at[k, 'EU'])}) en 'niet-EU' ({int(n.at[k, 'niet-EU'])}).",
            f"totaal = {int(n.at[k, 'EU'] + n.at[k, 'niet-EU'])}",
            "Corrigeer het totaal of laat de rij 'totaal' weg (dan wordt het de som).",
        )

    # every municipality has a count on the baseline and on the final date
    present = df.groupby("nis_code", sort=False)["date"].agg(set)
    first_row = df.reset_index().groupby("nis_code", sort=False)["index"].min()
    for date in dates:
        lacking = [c for c, ds in present.items() if date not in ds]
        if lacking:
            rows = [(int(first_row[c]), "date", ", ".join(sorted(present[c]))) for c in lacking]
            raise _fail(
                path,
                rows,
                f"Gemeente {lacking[0]} heeft geen telling op {date}"
                + (f" (net als {len(lacking) - 1} andere {'gemeente' if len(lacking) == 2 else 'gemeenten'})"
                   if len(lacking) > 1 else "")
                + ".",
                f"rijen op {dates[0]} (begin) en {dates[1]} (einde) voor elke gemeente",
                f"Voeg de telling op {date} toe, of controleer de datums in "
                f"surveys/{Path(path).parent.name}/config.yml.",
            )


# --------------------------------------------------------------------------------------------
# public entry points


def _typed_registrations(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["registered"] = out["registered"].astype("int64")
    out["potential"] = pd.to_numeric(out["potential"].replace("", None)).astype("Int64")
    out["row"] = out.index
    return out.reset_index(drop=True)


def read_registrations(path: Path, ref: Reference, dates: tuple[str, str]) -> pd.DataFrame:
    df = _read_csv(path, REGISTRATION_COLUMNS)
    _validate_format(df, "registrations", path)
    _check_codes_and_names(df, path, ref)
    _check_registrations(df, path, dates)
    return _typed_registrations(df)


def read_partners(path: Path, ref: Reference) -> pd.DataFrame:
    df = _read_csv(path, PARTNER_COLUMNS)
    _validate_format(df, "partners", path)
    _check_codes_and_names(df, path, ref)
    _check_duplicates(df, ["nis_code"], path, "Deze partnergemeente")
    return df.assign(row=df.index).reset_index(drop=True)


def read_materials(path: Path, ref: Reference) -> pd.DataFrame:
    df = _read_csv(path, MATERIAL_COLUMNS)
    _validate_format(df, "materials", path)
    _check_codes_and_names(df, path, ref)
    return df.assign(row=df.index).reset_index(drop=True)


def read_inputs(
    raw_dir: Path,
    ref: Reference,
    dates: tuple[str, str],
    previous_dates: tuple[str, str] | None,
) -> CampaignInputs:
    """Read and check the campaign's files in ``raw_dir``; optional files may be absent."""
    registrations = read_registrations(raw_dir / "registrations.csv", ref, dates)
    partners = read_partners(raw_dir / "partners.csv", ref)
    absent = partners[~partners["nis_code"].isin(registrations["nis_code"])]
    if len(absent):
        rows = [(int(r.row), "nis_code", r.nis_code) for r in absent.itertuples()]
        raise _fail(
            raw_dir / "partners.csv",
            rows,
            f"Partnergemeente {absent['nis_code'].iloc[0]} ({absent['municipality'].iloc[0]}) "
            "heeft geen tellingen in registrations.csv.",
            "elke partnergemeente ook in registrations.csv",
            "Voeg de tellingen van deze gemeente toe aan registrations.csv of controleer de NIS-code.",
        )
    previous_path = raw_dir / "registrations_2018.csv"
    previous = None
    if previous_path.exists() and previous_dates is not None:
        previous = read_registrations(previous_path, ref, previous_dates)
    materials_path = raw_dir / "materials.csv"
    materials = read_materials(materials_path, ref) if materials_path.exists() else None
    rows_read = sum(len(x) for x in (registrations, partners, previous, materials) if x is not None)
    return CampaignInputs(registrations, partners, previous, materials, rows_read)
