"""Hand-made outputs of the compare stage (docs/waves.md §2) for the report, chart and Excel tests.

Every value is chosen by hand; the expected Dutch sentences in the tests are worked out from these
numbers by hand. A hidden cell carries a SENTINEL number in its columns (the compare stage writes NaN
there): the report, charts and workbook must hide it because of its status, not because it is empty.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from tests.tiny import TINY_CODEBOOK

NAN = np.nan
# the hidden cell of "Opvang" (2022): 3,7 % (1,8–7,5 %), n = 7; its difference with 2026 would be +2,3
SENTINEL = {"n": 7, "estimate": 0.0371, "ci_low": 0.0183, "ci_high": 0.0747, "difference": 0.0229}
SENTINEL_TEXTS = ["3,7", "3.7", "1,8", "7,5", "2,3", "0.0371", "0,0371", "0.0229"]


def codebooks():
    """(earlier, later) codebooks of an independent pair of waves: 2022 and 2026."""
    from pipeline.codebook import Codebook

    base = yaml.safe_load(TINY_CODEBOOK)
    housing = next(q for q in base["questions"] if q["name"] == "housing")
    housing["answers"].append({"code": "shelter", "label": "Opvang"})
    earlier = {**base, "id": "tiny_2022", "title": "Kleine bevraging 2022", "source_line": "LEVL, testbevraging 2022",
               "period": {"start": "2022-03-01", "end": "2022-05-31"}}
    earlier["questions"] = [*base["questions"], {"name": "guarantee", "source": "Waarborg", "type": "single_choice",
                                                 "label": "Huurwaarborg", "answers": [
                                                     {"code": "y", "label": "Ja"}, {"code": "n", "label": "Nee"}]}]
    later = {**base, "id": "tiny_2026", "title": "Kleine bevraging 2026", "source_line": "LEVL, testbevraging 2026",
             "period": {"start": "2026-03-01", "end": "2026-04-30"},
             "waves": {"earlier": "tiny_2022", "design": "independent", "label": "2026", "earlier_label": "2022"}}
    later["questions"] = [*base["questions"], {"name": "newq", "source": "Nieuw", "type": "single_choice",
                                               "label": "Nieuwe vraag", "answers": [
                                                   {"code": "y", "label": "Ja"}, {"code": "n", "label": "Nee"}]}]
    return Codebook.model_validate(earlier), Codebook.model_validate(later)


def _row(table, kind, label, category, e, l, diff=None, status="ok", reason="", design="independent",
         base=(198, 180), status_e="ok", status_l="ok"):
    """One row of changes.csv; e and l: (n, estimate, ci_low, ci_high); diff: (d, se, lo, hi, p)."""
    d = diff or (NAN,) * 5
    return {"table": table, "kind": kind, "variable": table, "label": label, "category": category, "design": design,
            "n_earlier": e[0], "base_earlier": base[0], "estimate_earlier": e[1], "ci_low_earlier": e[2],
            "ci_high_earlier": e[3], "status_earlier": status_e,
            "n_later": l[0], "base_later": base[1], "estimate_later": l[1], "ci_low_later": l[2],
            "ci_high_later": l[3], "status_later": status_l,
            "difference": d[0], "diff_se": d[1], "diff_ci_low": d[2], "diff_ci_high": d[3], "diff_p": d[4],
            "status": status, "hidden_reason": reason}


def _test(table, label, test, p=NAN, p_holm=NAN, holds=False, status="ok", reason="", category=""):
    return {"table": table, "variable": table, "label": label, "category": category, "test": test,
            "statistic": NAN if status != "ok" else 4.2, "df": NAN if status != "ok" else 2, "ddf": NAN,
            "p_value": p, "p_holm": p_holm, "holds": holds, "status": status, "reason": reason}


def independent(folder: Path) -> Path:
    """2022 → 2026, different people (198 and 180 respondents).

    * agree (Likert): the change holds; 'Akkoord' changed most: 40,3 % → 55,1 %, +14,8 procentpunt
      (95 %: +4,9 tot +24,7); 'Niet akkoord' 30,1 % → 20,4 % (-9,7), 'Neutraal' 29,6 % → 24,5 % (-5,1).
    * housing: 'Opvang' 2022 hidden (small; SENTINEL values), so its difference too; test withheld.
    * help (multiple choice): 'Familie' 50,5 % → 62,2 % (+11,7) holds; 'OCMW' 20,2 % → 15,6 % (-4,6) does not.
    """
    rows = [
        _row("agree", "likert", "Tevreden", "Niet akkoord", (60, .301, .241, .368), (37, .204, .151, .270),
             (-.097, .041, -.177, -.017, .018)),
        _row("agree", "likert", "Tevreden", "Neutraal", (59, .296, .236, .363), (44, .245, .187, .313),
             (-.051, .044, -.137, .035, .25)),
        _row("agree", "likert", "Tevreden", "Akkoord", (80, .403, .336, .473), (99, .551, .478, .621),
             (.148, .050, .049, .247, .003)),
        _row("housing", "single_choice", "Woonsituatie", "Huurwoning", (120, .606, .536, .671), (101, .561, .488, .632),
             (-.045, .050, -.143, .053, .37)),
        _row("housing", "single_choice", "Woonsituatie", "Eigen woning", (71, .359, .294, .428), (68, .378, .309, .451),
             (.019, .050, -.079, .117, .70)),
        _row("housing", "single_choice", "Woonsituatie", "Opvang",
             (SENTINEL["n"], SENTINEL["estimate"], SENTINEL["ci_low"], SENTINEL["ci_high"]), (11, .061, .034, .106),
             (SENTINEL["difference"], .02, -.01, .06, .25), status="suppressed", reason="small",
             status_e="suppressed"),
        _row("help", "multiple", "Hulp", "Familie", (100, .505, .436, .574), (112, .622, .550, .690),
             (.117, .050, .019, .215, .02), base=(198, 180)),
        _row("help", "multiple", "Hulp", "OCMW", (40, .202, .152, .263), (28, .156, .110, .216),
             (-.046, .039, -.122, .030, .24), base=(198, 180)),
    ]
    tests = [
        _test("agree", "Tevreden", "rao-scott-F", p=.0021, p_holm=.0063, holds=True),
        _test("housing", "Woonsituatie", "rao-scott-F", status="withheld", reason="hidden_cells"),
        _test("help", "Hulp", "difference-z", p=.019, p_holm=.038, holds=True, category="Familie"),
        _test("help", "Hulp", "difference-z", p=.24, p_holm=.24, holds=False, category="OCMW"),
    ]
    info = {"earlier": "tiny_2022", "later": "tiny_2026", "design": "independent", "earlier_label": "2022",
            "label": "2026", "earlier_title": "Kleine bevraging 2022", "respondents_earlier": 198,
            "respondents_later": 180, "linked": None, "unlinked_earlier": None, "unlinked_later": None,
            "compared": ["housing", "agree", "help"], "only_earlier": ["guarantee"], "only_later": ["newq"],
            "not_compared": [{"question": "age", "why": "number"}], "protected": False}
    return _write(folder, rows, tests, info)


def paired(folder: Path, protected: bool) -> Path:
    """The same people before and after a workshop (docs/waves.md: each wave's shares are its own report's,
    the difference has no interval, the test is on the pairs). Not protected: 44 linked, 6 only before, 5
    only after; 'Ja' 40,0 % (50) → 63,3 % (49), +23,3, exact McNemar on 44 pairs holds. Protected (an older
    form of the contract, still honoured): 41 linked, 3 only before, 1 only after; every per-answer number
    hidden (numbers in the file all the same)."""
    lab = ("voor de workshop", "na de workshop")
    if protected:
        rows = [_row("vote", "single_choice", "Gaan stemmen", "Ja", (18, .439, .3, .6), (27, .659, .5, .8),
                     (.22, .07, .08, .36, .004), status="suppressed", reason="protect", design="paired",
                     base=(41, 41), status_e="suppressed", status_l="suppressed"),
                _row("vote", "single_choice", "Gaan stemmen", "Nee", (23, .561, .4, .7), (14, .341, .2, .5),
                     (-.22, .07, -.36, -.08, .004), status="suppressed", reason="protect", design="paired",
                     base=(41, 41), status_e="suppressed", status_l="suppressed")]
        tests = [_test("vote", "Gaan stemmen", "mcnemar-exact", status="withheld", reason="hidden_cells")]
        counts = {"respondents_earlier": 44, "respondents_later": 42, "linked": 41, "unlinked_earlier": 3,
                  "unlinked_later": 1}
    else:
        # each wave's own shares (50 and 49 respondents); the same people: only the difference, no interval
        rows = [_row("vote", "single_choice", "Gaan stemmen", "Ja", (20, .400, .276, .538), (31, .633, .492, .754),
                     (.233, NAN, NAN, NAN, NAN), design="paired", base=(50, 49)),
                _row("vote", "single_choice", "Gaan stemmen", "Nee", (30, .600, .462, .724), (18, .367, .246, .508),
                     (-.233, NAN, NAN, NAN, NAN), design="paired", base=(50, 49))]
        tests = [{**_test("vote", "Gaan stemmen", "mcnemar-exact", p=.0039, p_holm=.0039, holds=True), "pairs": 44}]
        counts = {"respondents_earlier": 50, "respondents_later": 49, "linked": 44, "unlinked_earlier": 6,
                  "unlinked_later": 5}
    info = {"earlier": "ws_voor", "later": "ws_na", "design": "paired", "earlier_label": lab[0], "label": lab[1],
            "earlier_title": "Workshop: vooraf", **counts, "compared": ["vote"], "only_earlier": [],
            "only_later": [], "not_compared": [], "protected": protected}
    return _write(folder, rows, tests, info)


def paired_codebooks():
    from pipeline.codebook import Codebook

    base = yaml.safe_load(TINY_CODEBOOK)
    vote = {"name": "vote", "source": "Stem", "type": "single_choice", "label": "Gaan stemmen",
            "text": "Ga je stemmen?", "answers": [{"code": "y", "label": "Ja"}, {"code": "n", "label": "Nee"}]}
    earlier = {**base, "id": "ws_voor", "title": "Workshop: vooraf", "source_line": "LEVL, workshop vooraf",
               "questions": [*base["questions"], vote]}
    later = {**base, "id": "ws_na", "title": "Workshop: achteraf", "source_line": "LEVL, workshop achteraf",
             "questions": [*base["questions"], vote],
             "waves": {"earlier": "ws_voor", "design": "paired", "label": "na de workshop",
                       "earlier_label": "voor de workshop"}}
    return Codebook.model_validate(earlier), Codebook.model_validate(later)


def _write(folder: Path, rows: list[dict], tests: list[dict], info: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(folder / "changes.csv", index=False)
    pd.DataFrame(tests).to_csv(folder / "change_tests.csv", index=False)
    (folder / "waves.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder
