"""Issue 12 item 5 (d) McNemar at b = c and (f) one-respondent strata, against R.

Reference: tests/reference/r/rstats_reference.csv (make_rstats.R): ``mcnemar.test`` p-values and
``svymean`` SEs under each ``options(survey.lonely.psu=)``. Tolerances: 1e-6 for estimates and
SEs, 1e-4 for p-values.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from pipeline.stats import Design, correspondence, mean, proportion
from rstats_reference import reference, survey

REF = reference()
SVY = survey()


def _lonely_design(name: str, option: str) -> Design:
    if name == "strat_w":
        return Design(SVY, weights="w", strata="stratum_lonely", lonely_psu=option)
    return Design(SVY, strata="stratum_lonely", fpc="fpc_lonely", lonely_psu=option)


@pytest.mark.parametrize("r", [pytest.param(r, id=f"{r.design}-{r.variable}-{r.method}")
                               for r in REF[REF["case"] == "lonely_psu"].itertuples()])
def test_lonely_psu_options_match_r(r) -> None:
    d = _lonely_design(r.design, r.method)
    assert d.degf == r.df == 56
    if r.variable == "x":
        got = mean(d, "x")
    else:
        got = proportion(d, "answer").set_index("category").loc[r.level]
    assert got["estimate"] == pytest.approx(r.estimate, abs=1e-6)
    assert got["se"] == pytest.approx(r.se, abs=1e-6)


@pytest.mark.parametrize("name", ["strat_w", "strat_fpc"])
def test_lonely_psu_fail_is_the_default_as_in_r(name) -> None:
    assert REF[(REF["case"] == "lonely_psu_fails") & (REF["design"] == name)]["estimate"].item() == 1  # R stopped
    with pytest.raises(ValueError, match="'D'.*only one respondent.*lonely_psu"):
        _lonely_design(name, "fail")
    with pytest.raises(ValueError, match="'D'"):
        Design(SVY, weights="w", strata="stratum_lonely")


def test_lonely_psu_rejects_an_unknown_choice() -> None:
    with pytest.raises(ValueError, match="lonely_psu must be one of fail, remove, certainty, adjust, average"):
        Design(SVY, strata="stratum_lonely", lonely_psu="drop")


def test_a_lonely_stratum_that_is_its_whole_population_is_no_error() -> None:
    # R's onestrat returns 0 before looking at survey.lonely.psu when the fpc is 1 - n/N = 0
    df = pd.DataFrame({"s": ["A", "A", "A", "B"], "N": [10, 10, 10, 1], "y": [1.0, 2.0, 4.0, 8.0]})
    d = Design(df, strata="s", fpc="N")
    # hand: weights 10/3 (A) and 1 (B), Σw = 11; only stratum A has variance:
    # ȳ = (10/3·7 + 8)/11; z_i = w_i (y_i − ȳ)/11; Var = (1 − 3/10)·3/2·Σ_A (z_i − z̄_A)²
    ybar = (10 / 3 * 7 + 8) / 11
    z = [10 / 3 * (y - ybar) / 11 for y in (1.0, 2.0, 4.0)]
    zbar = sum(z) / 3
    var = 0.7 * 1.5 * sum((v - zbar) ** 2 for v in z)
    got = mean(d, "y")
    assert got["estimate"] == pytest.approx(ybar, rel=1e-12)
    assert got["se"] == pytest.approx(var ** 0.5, rel=1e-12)


def test_codebook_accepts_the_lonely_psu_choices(tmp_path) -> None:
    from pipeline.codebook import load_codebook
    from pipeline.errors import ConfigError
    from tests.tiny import TINY_CODEBOOK

    text = textwrap.dedent(TINY_CODEBOOK)
    path = tmp_path / "codebook.yml"
    path.write_text(text, encoding="utf-8")
    assert load_codebook(path).lonely_psu == "fail"
    path.write_text(text + "lonely_psu: average\n", encoding="utf-8")
    assert load_codebook(path).lonely_psu == "average"
    path.write_text(text + "lonely_psu: weglaten\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert any("sleutel 'lonely_psu'" in d for d in err.value.details), err.value.details


def _pairs(a: int, b: int, c: int, d: int) -> pd.DataFrame:
    rows = [(1, 1)] * a + [(1, 0)] * b + [(0, 1)] * c + [(0, 0)] * d
    return pd.DataFrame(rows, columns=["maj", "mino"])


@pytest.mark.parametrize("r", [pytest.param(r, id=r.design) for r in REF[REF["case"] == "mcnemar"].itertuples()])
def test_mcnemar_cc_matches_r_mcnemar_test(r) -> None:
    a, b, c, d = (int(v) for v in r.variable.split(","))
    got = correspondence(_pairs(a, b, c, d), "maj", "mino")
    assert got["mcnemar_cc_p"] == pytest.approx(r.p_value, rel=1e-4)


def test_mcnemar_cc_without_discordant_pairs_is_undefined_as_in_r() -> None:
    # R: mcnemar.test(matrix(c(5, 0, 0, 9), 2)) gives statistic NaN and p-value NA (0/0)
    got = correspondence(_pairs(5, 0, 0, 9), "maj", "mino")
    assert pd.isna(got["mcnemar_cc_p"]) and got["p_value"] == 1.0
