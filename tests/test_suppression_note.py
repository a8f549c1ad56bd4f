"""The report's suppression note counts the numbers that report shows hidden (issue 12: nieuwkomers_wonen
said 199 cells hidden while about 12 were visible as ×)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd

from pipeline.report import blocks


def _row(table, kind, category, status, reason="", group="", base=100.0):
    return dict(table=table, kind=kind, variable=table, label=table, by="g" if group else "", group=group,
                category=category, n=3, base=base, estimate=0.1, se=np.nan, ci_low=0.0, ci_high=0.2,
                status=status, hidden_reason=reason)


def test_note_counts_what_the_shown_tables_hide(monkeypatch):
    est = pd.DataFrame([
        # one-way table: one small answer and its complement → 2 × (1 small, 1 protect)
        _row("q", "frequency", "a", "suppressed", "small"), _row("q", "frequency", "b", "suppressed", "protect"),
        _row("q", "frequency", "c", "ok"),
        # cross-tab: group A has too few respondents for percentages: its cells print "–" even when
        # also suppressed (2 × –); group B is hidden as a whole: 2 cells and its size (3 ×, small);
        # group C shows one hidden cell (1 ×, small)
        _row("x", "crosstab", "a", "suppressed", "small", "A", 20.0), _row("x", "crosstab", "b", "base_too_small", "", "A", 20.0),
        _row("x", "crosstab", "a", "suppressed", "small", "B", np.nan), _row("x", "crosstab", "b", "suppressed", "small", "B", np.nan),
        _row("x", "crosstab", "a", "suppressed", "small", "C", 80.0), _row("x", "crosstab", "b", "flagged", "", "C", 80.0),
        # a table the report does not show: not counted
        _row("unused", "frequency", "a", "suppressed", "small"), _row("unused", "frequency", "b", "suppressed", "protect"),
    ])
    shown = []
    monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
    r = object.__new__(blocks.Report)
    r.estimates = est
    r.cb = SimpleNamespace(small_cell=5, small_cell_sensitive=10, min_base_pct=30, flag_base_pct=60)
    r.shown = ["q", "x"]
    r.suppression_note()
    text = shown[0]
    # × : q 2 (1 small, 1 protect) + B 2 cells + B's size + C 1 = 6 (5 small, 1 protect); – : A 2; * : C 1
    assert "daardoor 6 cellen verborgen (×)." in text  # not how many are small groups (pipeline.publish.HIDDEN_WHY)
    assert "2 percentages zijn weggelaten" in text and "1 percentage is als onzeker gemarkeerd" in text


def test_a_table_left_out_adds_no_hidden_cells_to_the_count(monkeypatch):
    # verkiezingsateliers_na: a sentence named the age table (so it was 'shown'), the table itself was left out
    # (every share hidden): the note said 6 cells hidden beside the 3 × a reader could find
    est = pd.DataFrame([
        _row("gender", "frequency", "a", "suppressed", "protect"), _row("gender", "frequency", "b", "suppressed", "protect"),
        _row("gender", "frequency", "c", "flagged"),
        _row("age", "frequency", "a", "suppressed", "protect"), _row("age", "frequency", "b", "suppressed", "protect"),
        _row("age", "frequency", "c", "suppressed", "protect"),
    ])
    shown = []
    monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
    r = object.__new__(blocks.Report)
    r.estimates = est
    r.cb = SimpleNamespace(small_cell=5, small_cell_sensitive=10, min_base_pct=30, flag_base_pct=60)
    r.shown, r.withheld = ["age", "gender"], ["age"]
    r.suppression_note()
    assert "daardoor 2 cellen verborgen (×)." in shown[0]
    assert "1 tabel tonen we helemaal niet" in shown[0]


def test_the_legend_explains_only_the_marks_the_report_prints(monkeypatch):
    # verkiezingsateliers voor and na explained × and – beside tables that had neither
    def note(statuses):
        est = pd.DataFrame([_row("q", "frequency", c, st) for c, st in zip("abc", statuses)])
        shown = []
        monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
        r = object.__new__(blocks.Report)
        r.estimates = est
        r.cb = SimpleNamespace(small_cell=5, small_cell_sensitive=10, min_base_pct=30, flag_base_pct=60)
        r.shown = ["q"]
        r.suppression_note()
        return shown[0].replace("\\", "")  # Markdown escapes (\\: \\*) out

    only_flags = note(["ok", "flagged", "flagged"])
    assert "- * onzeker: gebaseerd" in only_flags
    assert "niet getoond: minder dan" not in only_flags and "geen percentage: minder dan" not in only_flags
    nothing = note(["ok", "ok", "ok"])
    assert "onzeker: gebaseerd" not in nothing and "niet getoond: minder dan" not in nothing
    every = note(["suppressed", "base_too_small", "flagged"])
    assert "niet getoond: minder dan" in every and "geen percentage: minder dan" in every and "onzeker: gebaseerd" in every

def test_a_table_with_every_share_hidden_is_not_printed_as_marks(monkeypatch):
    # a multiple choice of 22 respondents with threshold 10: every option is hidden (issue 12:
    # ondernemers' key findings held tables that were entirely ×)
    rows = [_row("where", "multiple", c, "suppressed", "small", base=22.0) for c in ("Banken", "Klanten")]
    shown = []
    monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
    r = object.__new__(blocks.Report)
    r.estimates = pd.DataFrame(rows)
    r.cb = SimpleNamespace(by_name={}, source_line="test", synthetic=False, min_base_pct=30)
    r.shown, r.withheld = [], []
    r.tests = pd.DataFrame()
    from pipeline.report import captions

    captions.reset()
    r.table("where")
    assert "Deze tabel tonen we niet" in shown[0] and "×" not in shown[0]
    assert "Tabel" not in shown[0]  # no number for a table that is not there ("Tabel 8" with nothing under it)
    assert "n = " not in shown[0].replace("\\", "")  # no base of groups none of which is shown (ondernemers: n = 35 beside 45)
    assert r.shown == [] and r.withheld == ["where"]  # the note counts no × for it, but says it is left out
    # one shown share: the table is printed
    rows[1] = _row("where", "multiple", "Klanten", "ok", base=22.0)
    r.estimates = pd.DataFrame(rows)
    r.table("where")
    assert "Deze tabel tonen we niet" not in shown[1] and "×" in shown[1]
    assert "Tabel 1." in shown[1]  # the first table that is printed is table 1


def test_the_legend_shows_its_marks_literally_in_the_rendered_document(monkeypatch):
    """Issue 13: "- * onzeker" became a nested bullet, so the 52 marks "*" in ondernemers were never
    explained. Rendered by the report's own Pandoc (HTML), each mark starts its own list item."""
    import pypandoc

    from pipeline.publish import FLAG, NO_PCT, SUPPRESSED
    from pipeline.report.render import MARKDOWN_IN

    shown = []
    monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
    r = object.__new__(blocks.Report)
    r.estimates = pd.DataFrame([_row("q", "frequency", "a", "flagged"), _row("q", "frequency", "b", "suppressed"),
                                _row("q", "frequency", "c", "base_too_small")])  # every mark in use
    r.cb = SimpleNamespace(small_cell=5, small_cell_sensitive=10, min_base_pct=30, flag_base_pct=60)
    r.shown = ["q"]
    r.suppression_note()
    html = pypandoc.convert_text(shown[0], "html", format=MARKDOWN_IN)
    items = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    assert [i.split(" ", 1)[0] for i in items] == [SUPPRESSED, NO_PCT, FLAG]
    assert html.count("<ul>") == 1  # one list, nothing nested


def test_a_table_caption_ends_the_question_with_a_full_stop_before_the_base(monkeypatch):
    """A statement asked as the question read "Vraag: Mijn woning is in goede staat Basis: 198"."""
    shown = []
    monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
    r = object.__new__(blocks.Report)
    r.estimates = pd.DataFrame([_row("state", "frequency", "Akkoord", "ok", base=198.0),
                                _row("state", "frequency", "Niet akkoord", "ok", base=198.0)])
    statement = SimpleNamespace(asked="Mijn woning is in goede staat", merge=[])
    question = SimpleNamespace(asked="Woont u hier?", merge=[])
    r.cb = SimpleNamespace(by_name={"state": statement}, source_line="test", synthetic=False, min_base_pct=30)
    r.shown, r.withheld, r.tests = [], [], pd.DataFrame()
    r.table("state")
    assert "Vraag: *Mijn woning is in goede staat\\.* Basis:" in shown[0]  # the Markdown of "staat."
    r.cb.by_name["state"] = question
    r.table("state")
    assert "Vraag: *Woont u hier?* Basis:" in shown[1]  # never "?."


def test_a_themes_table_says_which_numbers_are_hidden_as_every_other_table_does(monkeypatch):
    """leerkrachten, table 2 (themes of an open question) hid two themes with no 'Niet getoond (×): …'."""
    from pipeline.analyses.themes import report as themes

    shown = []
    monkeypatch.setattr(themes, "display", lambda md: shown.append(md.data))
    rows = [_row("themes__barriers", "multiple", "Stage", "flagged", base=32.0),
            _row("themes__barriers", "multiple", "Taal en accent", "suppressed", "small", base=32.0),
            _row("themes__barriers", "multiple", "Erkenning", "suppressed", "protect", base=32.0)]
    r = SimpleNamespace(estimates=pd.DataFrame(rows), source=lambda table=None: "Bron: test",
                        cb=SimpleNamespace(by_name={}, min_base_pct=30))
    themes.show_themes(r, "barriers", title="Drempels")
    assert ("Niet getoond (×): Taal en accent; Erkenning (te weinig respondenten, of verborgen om een kleine groep "
            "te beschermen)") in shown[0].replace("\\", "")


def test_a_share_asked_in_the_text_gives_every_hidden_answer_the_same_reason():
    """r.share(...) in a report's own sentences: a small group and the answer hidden to protect it read alike."""
    r = object.__new__(blocks.Report)
    r.estimates = pd.DataFrame([_row("q", "frequency", "a", "suppressed", "small"),
                                _row("q", "frequency", "b", "suppressed", "protect")])
    r.shown = []
    assert r.share("q", "a") == r.share("q", "b") == (
        "(niet getoond: te weinig respondenten, of verborgen om een kleine groep te beschermen)")


def test_a_paired_later_wave_says_it_is_protected_against_the_earlier_report_too(monkeypatch):
    # verkiezingsateliers_na's tables are protected together with verkiezingsateliers_voor's (the same people):
    # the note said only "ook van andere tabellen in dit rapport"
    def note(waves):
        shown = []
        monkeypatch.setattr(blocks, "display", lambda md: shown.append(md.data))
        r = object.__new__(blocks.Report)
        r.estimates = pd.DataFrame([_row("q", "frequency", "a", "ok")])
        r.cb = SimpleNamespace(small_cell=5, small_cell_sensitive=10, min_base_pct=30, flag_base_pct=60, waves=waves)
        r.shown = ["q"]
        r.suppression_note()
        return shown[0]

    assert "vorige bevraging" in note(SimpleNamespace(design="paired", earlier="voor"))
    assert "vorige bevraging" not in note(SimpleNamespace(design="independent", earlier="voor"))
    assert "vorige bevraging" not in note(None)
