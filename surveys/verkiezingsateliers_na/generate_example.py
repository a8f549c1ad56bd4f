"""Make the SYNTHETIC example export of the election workshops' evaluation, AFTER the workshop.

SYNTHETIC: every young person in this file is invented by a seeded random generator; no real
person is in it.

The same young people as surveys/verkiezingsateliers_voor/generate_example.py (that module makes the
whole group once, with the answers before and after, from one seed; this one writes the after
answers), answering the same questions again at the end of the workshop with the same personal code,
plus two questions only asked afterwards: would they recommend the workshop, and an open question.
What changed is built in there: knowing what to bring and how to vote rises clearly, youth work is
named more often as a source, the feeling that one's vote matters rises a little, trust in local
politics does not change.

Mess of a real export, on top of the before file's: a young person sends the form twice (the same
code twice: the second is quarantined as a repeated personal code), one young person types the code
differently than before ("fa 07-67" for "FA0767": still linked, the codebook's ``personal_code``), and
an e-mail address and a phone number typed into the open answer (scrubbed at ingest).

Run:  .venv/bin/python surveys/verkiezingsateliers_na/generate_example.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "verkiezingsateliers_na" / "antwoorden_na.xlsx"


def _before_generator():
    """The before wave's generator: it holds the group of young people and their answers."""
    path = ROOT / "surveys" / "verkiezingsateliers_voor" / "generate_example.py"
    spec = importlib.util.spec_from_file_location("verkiezingsateliers_voor_generator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


voor = _before_generator()
Q = voor.Q
PLANTED_EMAIL = "yasmina.presentatie@voorbeeld.be"
PLANTED_PHONE = "0478 12 34 56"


def add_mess(out: list[dict[str, object]], linked: set[str]) -> list[dict[str, object]]:
    # typed differently than before: lower case, a space and a hyphen ("fa 07-67"); the same young person
    retyped = next(r for i, r in enumerate(out) if r[Q["code"]] in linked and i not in (7, 15, 23, 30))
    code = str(retyped[Q["code"]])
    retyped[Q["code"]] = f"{code[:2].lower()} {code[2:4]}-{code[4:]}"
    out[7][Q["learned"]] = f"Kan je de presentatie sturen naar {PLANTED_EMAIL}? Dank je!"
    out[23][Q["learned"]] = f"Ik wil helpen bij de volgende workshop, bel me op {PLANTED_PHONE}."
    out[15][Q["recommend"]] = "ja "
    # a repeated submission: the same young person presses "Verzenden" again a minute later
    again = dict(out[30])
    again["ID"] = len(out) + 1
    again["Begintijd"] = out[30]["Begintijd"] + dt.timedelta(minutes=1)
    again["Tijd van voltooien"] = out[30]["Tijd van voltooien"] + dt.timedelta(minutes=1)
    out.append(again)
    return out


def main() -> None:
    group = voor.people()
    voor.check(group)
    out = add_mess(voor.rows("after", group), {str(p["code"]) for p in voor.linked_pairs(group)})
    voor.write_xlsx(out, OUT, dt.datetime(2024, 10, 10, 12, 0, 0))
    print(f"wrote {OUT.relative_to(ROOT)} ({len(out)} rows, synthetic; "
          f"{len(voor.linked_pairs(group))} linked to the before wave by their code)")


if __name__ == "__main__":
    main()
