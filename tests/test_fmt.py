"""Dutch number formats, checked against hand-written strings."""

import datetime as dt

from pipeline import fmt


def test_percentages_and_numbers():
    assert fmt.pct(0.125) == "12,5 %"
    assert fmt.pct(0.12250) == "12,3 %"  # halves away from zero, not to even
    assert fmt.pct(0.5, 0) == "50 %"
    assert fmt.number(1234) == "1.234"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"
    assert fmt.number(-1234.5, 1) == "-1.234,5"
    assert fmt.ci(0.102, 0.1484) == "10,2–14,8 %"
    assert fmt.pct(float("nan")) == "–" and fmt.number(None) == "–"
    assert fmt.p_value(0.0004) == "< 0,001" and fmt.p_value(0.0456) == "0,046"
    assert fmt.date(dt.date(2022, 5, 31)) == "31 mei 2022"
