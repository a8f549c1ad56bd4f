"""Make the SYNTHETIC example export of the election workshops' evaluation, BEFORE the workshop.

SYNTHETIC: every young person in this file is invented by a seeded random generator; no real
person is in it.

LEVL's election workshops ("verkiezingsateliers") prepare young first-time voters with a migration
background for the local elections of 13 October 2024. The young people fill in a short digital
questionnaire (Microsoft Forms, anonymous, Dutch interface) at the start of the workshop and the same
questions again at the end (surveys/verkiezingsateliers_na/). Both times they type a personal code
that they make themselves: the first two letters of their mother's first name, their birth day (two
digits) and the last two digits of their mobile number ("FA0767"). The codebooks take that code as
`respondent.id`, so the pipeline turns it into the same keyed pseudonym in both waves and links them.

This module makes the whole group of young people once (``people``), with both answers of each
person: the before answers are written here, the after answers by the _na generator, which imports
this module, so that both files come from one seed. Everyone who filled in the before questionnaire
also filled in the after one with the same code; ``ONLY_AFTER`` young people arrived late, missed the
before questionnaire and answered only afterwards: 0 unlinked before, 6 after. (1 to 4 unlinked in a
wave would make the comparison hide its per-answer numbers, docs/waves.md; and a McNemar test is
withheld when those who answered only once gave an answer 1 to 4 times, so the seed is chosen so
that the late arrivals all answered the yes/no question the same way; nobody who knew what to bring
before forgets it by the end, since 1 to 4 such changes would withhold that test too.) ``check``
asserts this, and
that every answer of a compared question has at least 5 young people in each wave and among the
linked pairs.

Mess of a real export: the tool's own columns (ID, Begintijd, Tijd van voltooien, E-mail "anonymous",
Naam), multiple choice as "A;B;", a stray space and a capital in some answers.

Run:  .venv/bin/python surveys/verkiezingsateliers_voor/generate_example.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from openpyxl import Workbook

SEED = 20241094
N_BOTH = 45          # answered before and after, with the same code: linked
ONLY_AFTER = 6       # arrived late: answered only after the workshop
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "verkiezingsateliers_voor" / "antwoorden_voor.xlsx"

Q = {
    "code": ("Je persoonlijke code: de eerste twee letters van de voornaam van je moeder, je geboortedag "
             "(twee cijfers) en de laatste twee cijfers van je gsm-nummer (bv. FA0767)"),
    "age": "Hoe oud ben je?",
    "gender": "Wat is je gender?",
    "bring": "Weet je wat je moet meebrengen als je gaat stemmen?",
    "intend": "Ga je stemmen op 13 oktober?",
    "know": "Ik weet hoe ik moet stemmen",
    "matters": "Mijn stem maakt een verschil",
    "trust": "Ik vertrouw de gemeentepolitiek",
    "sources": "Waar haal je informatie over de verkiezingen?",
    # only after the workshop
    "recommend": "Zou je de workshop aanraden aan je vrienden?",
    "learned": "Wat neem je mee uit de workshop, en wat kan beter?",
}
AGES = ["18 of 19 jaar", "20 of 21 jaar", "22 jaar of ouder"]
GENDERS = ["Man", "Vrouw", "X", "Zeg ik liever niet"]
YES_NO = ["Ja", "Nee"]
INTEND = ["Zeker wel", "Misschien", "Zeker niet", "Weet ik niet"]
LIKERT = ["Helemaal niet akkoord", "Niet akkoord", "Neutraal", "Akkoord", "Helemaal akkoord"]
SOURCES = ["Sociale media", "Familie", "School", "Jeugdwerking", "Nieuws (tv, krant, nieuwssite)"]
RECOMMEND = ["Ja", "Misschien", "Nee"]
LEARNED = [
    "Ik wist niet dat je een oproepingsbrief krijgt.",
    "Nu weet ik hoe het stemhokje werkt.",
    "Goed uitgelegd, maar het mocht wat korter.",
    "Het spel met de partijen was leuk.",
    "Meer uitleg over wat de gemeente allemaal beslist.",
    "Ik ga nu zeker stemmen.",
    "Ik ga mijn zus ook uitleggen hoe het werkt.",
    "Te veel informatie op een keer.",
    "Graag ook een workshop voor onze ouders.",
    "Ik snap nu het verschil tussen gemeente en Vlaanderen.",
]
LETTERS = "ABCDEFGHIJKLMNOPRSTWYZ"
# the workshops: a date and the hour the workshop starts; the after questionnaire comes 2.5 hours later
WORKSHOPS = [(dt.datetime(2024, 9, d, h, 0), ) for d, h in
             [(10, 14), (12, 10), (17, 14), (19, 18), (24, 14), (26, 10), (30, 18)]] + \
            [(dt.datetime(2024, 10, d, h, 0), ) for d, h in [(1, 14), (3, 10), (8, 18)]]


def _likert(x: float) -> str:
    return LIKERT[int(np.clip(round(x), 1, 5)) - 1]


def _multi(chosen: list[bool]) -> str:
    return "".join(f"{s};" for s, c in zip(SOURCES, chosen, strict=True) if c)


def _code(rng: np.random.Generator, taken: set[str]) -> str:
    while True:
        code = (LETTERS[int(rng.integers(len(LETTERS)))] + "AEIOU"[int(rng.integers(5))]
                + f"{int(rng.integers(1, 32)):02d}" + f"{int(rng.integers(0, 100)):02d}")
        if code not in taken:
            taken.add(code)
            return code


def people(seed: int = SEED) -> list[dict[str, object]]:
    """Every young person once, with the answers before and after (None when not answered)."""
    rng = np.random.default_rng(seed)
    taken: set[str] = set()
    n = N_BOTH + ONLY_AFTER
    out = []
    for i in range(n):
        code = _code(rng, taken)
        workshop = WORKSHOPS[int(rng.integers(len(WORKSHOPS)))][0]
        who = {
            "code": code,
            "age": rng.choice(AGES, p=[0.45, 0.30, 0.25]),
            "gender": rng.choice(GENDERS, p=[0.44, 0.44, 0.04, 0.08]),
            "start": workshop + dt.timedelta(minutes=int(rng.integers(0, 12))),
        }
        # knowledge before: a latent score; the workshop teaches what to bring and how to vote
        k0 = rng.normal(0, 1)
        bring0 = k0 + rng.normal(0, 0.8) > 0.35
        bring1 = bring0 or rng.random() < 0.72  # nobody forgets it within the afternoon
        know0 = 2.75 + 1.2 * k0 + rng.normal(0, 0.8)
        know1 = know0 + 0.85 + rng.normal(0, 0.7)
        # does my vote matter: a small rise; trust in local politics: no change, only noise
        m0 = rng.normal(3.0, 1.4)
        m1 = m0 + 0.25 + rng.normal(0, 0.8)
        t0 = rng.normal(2.9, 1.4)
        t1 = t0 + rng.normal(0, 0.8)
        # the intention to vote: some "misschien" and "weet ik niet" become "zeker wel"
        intend0 = rng.choice(INTEND, p=[0.30, 0.28, 0.18, 0.24])
        move = {"Zeker wel": [0.92, 0.06, 0.0, 0.02], "Misschien": [0.30, 0.58, 0.04, 0.08],
                "Zeker niet": [0.08, 0.14, 0.74, 0.04], "Weet ik niet": [0.28, 0.26, 0.06, 0.40]}
        intend1 = rng.choice(INTEND, p=move[str(intend0)])
        # sources: youth work ("jeugdwerking") is named more often after a workshop given there
        src0 = [rng.random() < p for p in (0.78, 0.52, 0.40, 0.24, 0.34)]
        src1 = [c if rng.random() < 0.85 else rng.random() < p
                for c, p in zip(src0, (0.78, 0.52, 0.40, 0.24, 0.40), strict=True)]
        if not src1[3] and rng.random() < 0.25:
            src1[3] = True
        if not any(src0):
            src0[0] = True
        if not any(src1):
            src1[0] = True
        before = {Q["bring"]: YES_NO[0 if bring0 else 1], Q["intend"]: str(intend0), Q["know"]: _likert(know0),
                  Q["matters"]: _likert(m0), Q["trust"]: _likert(t0), Q["sources"]: _multi(src0)}
        after = {Q["bring"]: YES_NO[0 if bring1 else 1], Q["intend"]: str(intend1), Q["know"]: _likert(know1),
                 Q["matters"]: _likert(m1), Q["trust"]: _likert(t1), Q["sources"]: _multi(src1)}
        after[Q["recommend"]] = str(rng.choice(RECOMMEND, p=[0.68, 0.22, 0.10]))
        after[Q["learned"]] = LEARNED[int(rng.integers(len(LEARNED)))] if rng.random() < 0.55 else ""
        who["before"] = before if i < N_BOTH else None
        who["after"] = after
        out.append(who)
    return out


def rows(wave: str, group: list[dict[str, object]]) -> list[dict[str, object]]:
    """The export rows of one wave ("before" or "after"), in the order the answers came in."""
    answered = [p for p in group if p[wave] is not None]
    answered.sort(key=lambda p: (p["start"], p["code"]))
    out = []
    for i, p in enumerate(answered):
        begin = p["start"] + (dt.timedelta(hours=2, minutes=30) if wave == "after" else dt.timedelta(0))
        row: dict[str, object] = {
            "ID": i + 1,
            "Begintijd": begin,
            "Tijd van voltooien": begin + dt.timedelta(minutes=4 + i % 5),
            "E-mail": "anonymous",
            "Naam": "",
            Q["code"]: p["code"],
            Q["age"]: p["age"],
            Q["gender"]: p["gender"],
        }
        row.update(p[wave])
        out.append(row)
    return out


def linked_pairs(group: list[dict[str, object]]) -> list[dict[str, object]]:
    return [p for p in group if p["before"] is not None and p["after"] is not None]


def check(group: list[dict[str, object]], small_cell: int = 5) -> None:
    """Fails when the seed gives a wave with 1-4 unlinked young people or an answer of a compared
    question with fewer than ``small_cell`` young people (in a wave, or among the linked pairs)."""
    before = [p for p in group if p["before"] is not None]
    after = [p for p in group if p["after"] is not None]
    pairs = linked_pairs(group)
    for name, wave, key in (("before", before, "before"), ("after", after, "after")):
        unlinked = [p for p in wave if p not in pairs]
        assert len(unlinked) == 0 or len(unlinked) >= small_cell, f"{name}: {len(unlinked)} unlinked"
        said = {lv: sum(p[key][Q["bring"]] == lv for p in unlinked) for lv in YES_NO}
        assert all(k == 0 or k >= small_cell for k in said.values()), f"{name}: unlinked {said}"
    compared = [(Q["bring"], YES_NO), (Q["intend"], INTEND), (Q["know"], LIKERT), (Q["matters"], LIKERT),
                (Q["trust"], LIKERT)]
    sets = [("before", before, "before"), ("after", after, "after"),
            ("pairs before", pairs, "before"), ("pairs after", pairs, "after")]
    for what, ppl, wave in sets:
        for col, levels in compared:
            counts = {lv: sum(p[wave][col] == lv for p in ppl) for lv in levels}
            assert min(counts.values()) >= small_cell, f"{what}: {col}: {counts}"
        for s in SOURCES:
            ticked = sum(f"{s};" in str(p[wave][Q['sources']]) for p in ppl)
            assert small_cell <= ticked <= len(ppl) - small_cell, f"{what}: {s}: {ticked} of {len(ppl)}"
    for ppl in (before, after):
        for levels in ([AGES[0]], [AGES[1]], [AGES[2]], ["Man"], ["Vrouw"], ["X", "Zeg ik liever niet"]):
            assert sum(p["age"] in levels or p["gender"] in levels for p in ppl) >= small_cell, levels


def add_mess(out: list[dict[str, object]]) -> list[dict[str, object]]:
    """Stray spaces and capitals, as young people type and as Forms keeps them."""
    out[4][Q["gender"]] = " vrouw"
    out[11][Q["intend"]] = "ZEKER WEL" if out[11][Q["intend"]] == "Zeker wel" else out[11][Q["intend"]]
    out[19][Q["age"]] = str(out[19][Q["age"]]) + " "
    return out


def write_xlsx(out: list[dict[str, object]], path: Path, created: dt.datetime) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Form1"
    header = list(out[0].keys())
    ws.append(header)
    for r in out:
        ws.append([r.get(h, "") for h in header])
    for row in ws.iter_rows(min_row=2, max_col=3):
        for cell in row[1:3]:
            cell.number_format = "m/d/yy h:mm:ss"
    wb.properties.created = created  # fixed metadata: the same seed gives the same bytes
    wb.properties.modified = created
    wb.properties.creator = "LEVL synthetisch voorbeeld"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    fix_metadata(path, created)


def fix_metadata(path: Path, when: dt.datetime) -> None:
    """Give the saved workbook fixed dates inside and out, so that the same seed gives the same bytes:
    openpyxl stamps the save time into docProps/core.xml ('modified') and every zip entry."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)
    tmp.replace(path)


def main() -> None:
    group = people()
    check(group)
    out = add_mess(rows("before", group))
    write_xlsx(out, OUT, dt.datetime(2024, 10, 10, 12, 0, 0))
    print(f"wrote {OUT.relative_to(ROOT)} ({len(out)} rows, synthetic; "
          f"{len(linked_pairs(group))} of them also answered after the workshop with the same code)")


if __name__ == "__main__":
    main()
