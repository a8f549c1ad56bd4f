"""The built survey reports tell their findings in words (issue 13 "Must show"): each findings section
has at least three sentences with numbers, a Kernboodschappen box of 3–5 sentences opens the report,
chart titles state the codebook's headline (or carry the question's label), never "42 % antwoordde
'Nee'", and no meta-sentence about who writes the text reaches a reader."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.built_reports import report_ids

pytestmark = pytest.mark.slow

PCT = r"\d+(?:,\d+)?[\s\u00a0\u202f]?%"


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page: str, heading_id: str) -> str:
    start = page.index(f'<h2 id="{heading_id}"')
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else None]


def surveys_with_headlines(project: Path) -> list[str]:
    """The survey reports whose codebook names headlines (the analyse stage wrote headlines.csv)."""
    return [c for c in report_ids(project) if (project / "processed" / c / "headlines.csv").exists()
            and len(pd.read_csv(project / "processed" / c / "headlines.csv"))]


LIKERT = "Gestapeld staafdiagram. "


def _shares(parts: str) -> dict[str, float | None]:
    """'neutraal 21,6 %, akkoord niet getoond (…)' → {'neutraal': 21.6, 'akkoord': None}."""
    out: dict[str, float | None] = {}
    for part in re.split(r",\s(?![^(]*\))", parts):
        shown = re.fullmatch(r"(.+?) (\d+,\d)[\s\u00a0\u202f]%", part.strip())
        if shown:
            out[shown.group(1)] = float(shown.group(2).replace(",", "."))
        else:
            out[part.strip().split(" niet getoond")[0].split(" geen percentage")[0]] = None
    return out


def check_likert_title(alt: str) -> None:
    """'‘S’: 62 % akkoord of helemaal akkoord': S's published shares of those answers add up to 62 %,
    and no other statement with all those answers published has a larger sum."""
    title = re.match(r"‘(.+?)’: (\d+)[\s\u00a0\u202f]% (.+?)\. ", alt.removeprefix(LIKERT))
    if title is None:  # no statement has its agreeing answers all published: a title without a number
        assert not re.search(r"\d", alt.removeprefix(LIKERT).split(". ")[0]), alt
        return
    statement, share, answers = title.group(1), int(title.group(2)), title.group(3).split(" of ")
    body = alt.split("Aandeel per antwoord, per stelling. ", 1)[1].rsplit(". Bron: ", 1)[0]
    body = re.sub(r"\. Niet getoond: [^.]*$", "", body)  # the one reason for every hidden share
    sums = {}
    for item in body.split("; "):
        label, parts = item.split(": ", 1)
        shares = _shares(parts)
        if all(shares.get(a) is not None for a in answers):
            sums[label] = sum(shares[a] for a in answers)
    assert statement in sums, alt
    assert abs(sums[statement] - share) <= 0.6, (share, sums[statement])  # the title rounds to whole %
    assert sums[statement] >= max(sums.values()) - 0.2, sums


def check_report(project: Path, consultation: str) -> None:
    page = (project / "reports" / consultation / f"{consultation}.html").read_text(encoding="utf-8")
    heads = pd.read_csv(project / "processed" / consultation / "headlines.csv", keep_default_na=False,
                        na_values=[""])
    # the box, before the first section (the table of contents' own heading is not a section)
    box = re.search(r'<div class="key-messages">(.*?)</div>', page, re.S)
    first_section = re.search(r'<h2 id="(?!toc-title")', page)
    assert box is not None and first_section is not None, consultation
    assert page.index(box.group(0)) < first_section.start(), consultation
    items = re.findall(r"<li>(.*?)</li>", box.group(1), re.S)
    assert 3 <= len(items) <= 5, (consultation, items)
    assert all(re.search(PCT, text_of(i)) for i in items), items
    # ≥ 3 sentences with a percentage in the findings section
    findings = section(page, "belangrijkste-bevindingen")
    prose = " ".join(text_of(p) for p in re.findall(r"<p>(.*?)</p>", findings, re.S))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9‘])", prose) if re.search(PCT, s)]
    assert len(sentences) >= 3, (consultation, sentences)
    # chart titles: a shown headline ("58 % ervoer …") or a label without a number; never the top answer
    shown = heads[heads["status"].isin(["ok", "flagged"])]
    alts = [html.unescape(a) for a in re.findall(r'<img[^>]*alt="([^"]*)"', findings)]
    # a Likert battery's title states its most agreed statement: checked against its own shares
    for alt in [a for a in alts if a.startswith(LIKERT)]:
        check_likert_title(alt)
    # "Staafdiagram. <title>. Vraag: <question>. …", or without "Vraag:" when the title is the question's label
    titles = [re.split(r"\. (?:Vraag: )?", a.removeprefix("Staafdiagram. "), maxsplit=1)[0]
              for a in alts if not a.startswith(LIKERT)]
    assert titles, consultation
    headline_titles = [t for t in titles if any(t.endswith(" " + x) for x in shown["category"])]
    for t in titles:
        assert "antwoordde '" not in t and "kozen '" not in t, t
        assert t in headline_titles or not re.search(r"\d", t), t
    # a shown headline is stated by a chart title: its own chart's, or its battery's (the Likert title
    # names the most agreed statement)
    likert_titled = {m.group(1) for a in alts if (m := re.match(r"‘(.+?)’: \d", a.removeprefix(LIKERT)))}
    if len(shown):
        assert headline_titles or likert_titled & set(shown["label"]), (consultation, titles)
    # no meta-sentences
    assert "schrijven de onderzoekers" not in page and "vult hem niet" not in page


def test_survey_reports_say_their_findings(publications):
    ids = surveys_with_headlines(publications)
    assert {"nieuwkomers_wonen", "ondernemers", "leerkrachten"} <= set(ids)
    for consultation in ids:
        check_report(publications, consultation)


def test_headline_numbers_in_the_report_are_the_published_ones(publications):
    # nieuwkomers_wonen's discrimination headline: every sentence that states it uses the share and
    # interval of headlines.csv, which is 1 − the share of "Nee" in estimates.csv
    project = publications
    est = pd.read_csv(project / "processed" / "nieuwkomers_wonen" / "estimates.csv")
    heads = pd.read_csv(project / "processed" / "nieuwkomers_wonen" / "headlines.csv").set_index("variable")
    nee = est[(est["table"] == "discrimination") & (est["category"] == "Nee")].iloc[0]
    row = heads.loc["discrimination"]
    assert row["estimate"] == pytest.approx(1 - nee["estimate"])
    assert json.loads(row["answers"]) == ["Ja, soms", "Ja, vaak"]
    page = text_of((project / "reports" / "nieuwkomers_wonen" / "nieuwkomers_wonen.html").read_text("utf-8"))
    pct = lambda x: f"{round(x * 100)}"  # noqa: E731  (whole percents, as the sentences print them)
    said = re.findall(r"(\d+)[\s\u00a0\u202f]?% \((\d+)–(\d+)[\s\u00a0\u202f]?%\) ervoer discriminatie", page)
    assert said and set(said) == {(pct(row["estimate"]), pct(row["ci_low"]), pct(row["ci_high"]))}


def test_the_likert_title_check_finds_a_wrong_title():
    body = ("Hoe akkoord bent u? Aandeel per antwoord, per stelling. A: niet akkoord 20,0\u202f%, "
            "akkoord 50,0\u202f%, helemaal akkoord 30,0\u202f%; B: niet akkoord niet getoond (te weinig "
            "respondenten), akkoord 60,0\u202f%, helemaal akkoord 30,0\u202f%; C: niet akkoord 5,0\u202f%, "
            "akkoord 95,0\u202f%, helemaal akkoord niet getoond (te weinig respondenten). Bron: LEVL.")
    check_likert_title(f"{LIKERT}‘B’: 90\u202f% akkoord of helemaal akkoord. {body}")
    for wrong in ("‘A’: 80\u202f%", "‘B’: 80\u202f%", "‘C’: 95\u202f%"):  # not the largest / wrong sum / hidden part
        with pytest.raises(AssertionError):
            check_likert_title(f"{LIKERT}{wrong} akkoord of helemaal akkoord. {body}")
