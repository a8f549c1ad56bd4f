"""The codebook: one YAML file per consultation that says everything about its questions.

``surveys/<id>/codebook.yml`` is data, not code. It names the export to read, maps each source
column to a stable English variable name, gives each question its type, its allowed answers with
their Dutch labels and order, its missing-value codes and routing, which columns identify a person,
the small-cell thresholds and the target number of respondents. See docs/codebook.md.

The model below is strict: an unknown key or a value of the wrong type is a :class:`ConfigError`
that names the key, so a typo never silently switches a rule off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.codebook_checks import (MAX_DETAILS, yaml_problem, BoundedLoader, check_bounds, check_identifying_text, read_text,
                                      key_path, short)
from pipeline.errors import ConfigError
from pipeline.fmt import count
from pipeline.io import ROOT

QuestionType = Literal[
    "single_choice", "multiple_choice", "likert", "number", "date", "free_text", "municipality"
]
NAME = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# characters that do not show: a soft hyphen, zero-width spaces and joiners, direction marks, a byte-order mark
# (privacy.fold leaves the same ones out)
INVISIBLE_CHARS = "".join(map(chr, [0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                                    *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]))
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")


def normalise(value: str) -> str:
    """The form in which answers are compared: trimmed, single spaces, case-folded, in Unicode's compatibility
    form and without invisible characters ("Azië" pasted from a Mac or a PDF as A-z-i-e-¨, a soft hyphen in
    "huur\u00adwoning": the same answer, which was refused as unknown)."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", str(value)))
    # Turkish İ case-folds to i + a combining dot: "TÜRKİYE" is "Türkiye"
    return re.sub(r"\s+", " ", text).strip().casefold().replace("\u0307", "")


class Answer(Strict):
    code: Annotated[str, Field(pattern=NAME)]
    label: str
    aliases: list[str] = []
    source: str | None = None  # multiple choice in one column per option: that column


class Merge(Strict):
    """Publication: answers shown as one row (e.g. "X" and "Zeg ik liever niet"), so that a small
    answer need not be hidden, nor a large one to protect it. The clean data keep every answer."""

    answers: list[str]  # answer codes, at least two
    label: str
    note: str | None = None  # shown under the question's tables


class Headline(Strict):
    """The answers that make a question's headline, and the words that state it: the share of those
    answers together (published with its 95 % interval, disclosure-checked) opens the sentence, e.g.
    ``{answers: ["Ja, soms", "Ja, vaak"], text: "ervoer discriminatie bij het zoeken naar een woning"}``
    gives "58 % (51–65 %) ervoer discriminatie bij het zoeken naar een woning" (docs/codebook.md)."""

    answers: list[str]  # answer codes or labels of this question
    text: Annotated[str, Field(min_length=1)]  # Dutch, after the percentage: a verb phrase in the singular


class Condition(Strict):
    """Routing: the question is asked only when ``variable`` has one of the answers in ``in``."""

    variable: str
    in_: list[str] = Field(alias="in")


class Bins(Strict):
    """Groups a number into labelled classes, e.g. ages into age groups: [lower, upper)."""

    name: Annotated[str, Field(pattern=NAME)]
    breaks: list[float]
    labels: list[str]

    @model_validator(mode="after")
    def _sizes(self) -> Bins:
        if len(self.labels) != len(self.breaks) - 1:
            raise ValueError(f"'labels' heeft {len(self.breaks) - 1} labels nodig voor {len(self.breaks)} grenzen ('breaks')")
        if any(b >= a for b, a in zip(self.breaks, self.breaks[1:])):
            raise ValueError(f"'breaks' moeten van klein naar groot lopen, elke grens één keer; gevonden {self.breaks}")
        if len(set(self.labels)) != len(self.labels):
            raise ValueError(f"elke klasse ('labels') heeft een eigen label; gevonden {self.labels}")
        return self


# a word of a question as asked: letters only (with ' or - inside), two or more; "Q5 2", "SQ001 SQ002" and
# "G01Q03 [SQ001]" have none, "Hoe oud bent u?" has three
_WORD = re.compile(r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*")
_PUNCTUATION = "()[]{}?!.,:;\"'‘’“”«»"

class Question(Strict):
    name: Annotated[str, Field(pattern=NAME)]
    type: QuestionType
    source: str | None = None
    label: str  # short Dutch label for tables and charts
    text: str | None = None  # the question as asked (Dutch)
    answers: list[Answer] = []
    missing: list[str] = []  # answers that mean "no answer" (e.g. "Weet niet", "-99")
    required: bool = False
    sensitive: bool = False  # uses the stricter small-cell threshold
    ask_if: Condition | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    earliest: dt.date | None = None  # dates: the earliest and latest possible answer
    latest: dt.date | None = None
    bins: Bins | None = None
    separator: str | None = None  # multiple choice joined in one cell ("A;B;" in MS Forms)
    selected: list[str] = ["Y", "1", "Ja", "Yes", "TRUE"]  # one column per option: ticked values
    top_box: int = 2  # likert: the number of highest levels counted as "agree"
    date_formats: list[str] = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"]
    aliases: dict[str, str] = {}  # municipality: spelling found → official Dutch name
    analyse: bool = True
    merge: list[Merge] = []  # single choice: answers published together as one row (docs/codebook.md)
    other: str | None = None  # choice: the answer code that takes every answer not listed (rare answers)
    headline: Headline | None = None  # the answers whose share is the question's finding (docs/codebook.md)

    @property
    def asked(self) -> str | None:
        """The question as asked, for a reader: ``text``, else the export's column header when it is words
        (Forms and Qualtrics put the question there), never a tool's code ("G01Q03", "Q5_2")."""
        if self.text:
            return self.text
        source = (self.source or "").strip()
        return source if len([w for w in source.split() if _WORD.fullmatch(w.strip(_PUNCTUATION))]) > 1 else None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.other is not None and self.other not in [a.code for a in self.answers]:
            raise ValueError(f"vraag '{self.name}': 'other' ({self.other}) moet een van haar antwoordcodes zijn")
        if self.type in ("single_choice", "likert", "multiple_choice") and not self.answers:
            raise ValueError(f"vraag '{self.name}' van type {self.type} heeft 'answers' nodig (de antwoorden met code en label)")
        if self.type == "multiple_choice":
            per_option = [a.source is not None for a in self.answers]
            if any(per_option) and not all(per_option):
                raise ValueError(f"vraag '{self.name}': geef 'source' bij elk antwoord of bij geen enkel")
            if not any(per_option) and (self.source is None or self.separator is None):
                raise ValueError(
                    f"vraag '{self.name}': een meerkeuzevraag in één kolom heeft 'source' en 'separator' nodig"
                )
        elif self.source is None:
            raise ValueError(f"vraag '{self.name}' heeft 'source' nodig (de kolom in de export)")
        codes = [a.code for a in self.answers]
        if len(set(codes)) != len(codes):
            raise ValueError(f"vraag '{self.name}' heeft een antwoordcode twee keer: {sorted({c for c in codes if codes.count(c) > 1})}")
        merged = [c for m in self.merge for c in m.answers]
        if self.merge and self.type != "single_choice":
            raise ValueError(f"vraag '{self.name}': 'merge' kan alleen bij een enkelvoudige keuzevraag (single_choice)")
        others = {a.label for a in self.answers if a.code not in merged}
        taken = [m.label for m in self.merge if m.label in others]
        if taken:
            raise ValueError(f"vraag '{self.name}': 'merge' geeft de samengenomen rij het label '{taken[0]}' van een ander "
                             "antwoord; beide zouden als één rij geteld worden. Kies een eigen label.")
        if self.merge and not others:
            raise ValueError(f"vraag '{self.name}': 'merge' neemt alle antwoorden samen; dat is altijd 100 %")
        if set(merged) - set(codes) or len(set(merged)) != len(merged) or any(len(m.answers) < 2 for m in self.merge):
            raise ValueError(f"vraag '{self.name}': 'merge' noemt per rij minstens twee antwoordcodes van deze vraag, elke code in "
                             f"één rij; gevonden {merged}, antwoordcodes {codes}")
        self._check_headline()
        if self.bins is not None and self.type != "number":
            raise ValueError(f"vraag '{self.name}': 'bins' kan alleen bij een getal (type number)")
        if self.bins is not None:  # every allowed number must fall in a class: [first break, last break)
            if self.min is None or self.max is None:
                raise ValueError(f"vraag '{self.name}': 'bins' heeft 'min' en 'max' nodig")
            if self.bins.breaks[0] > self.min or self.bins.breaks[-1] <= self.max:
                raise ValueError(f"vraag '{self.name}': de grenzen {self.bins.breaks} moeten lopen van hoogstens "
                                 f"min ({self.min:g}) tot boven max ({self.max:g})")
        return self

    def _check_headline(self) -> None:
        h = self.headline
        if h is None:
            return
        if self.type not in ("single_choice", "likert", "multiple_choice"):
            raise ValueError(f"vraag '{self.name}': 'headline' kan alleen bij een keuzevraag of Likert-vraag, "
                             f"niet bij type {self.type}")
        known = {a.code for a in self.answers} | {a.label for a in self.answers}
        unknown = [v for v in h.answers if v not in known]
        if unknown:
            raise ValueError(f"vraag '{self.name}': 'headline' noemt onbekende antwoorden {unknown}; gebruik codes of "
                             f"labels van deze vraag: {[a.code for a in self.answers]}")
        codes = self.headline_codes
        if not codes or len(codes) != len(h.answers):
            raise ValueError(f"vraag '{self.name}': 'headline' moet elk antwoord één keer noemen; "
                             f"gevonden {h.answers}")
        if self.type == "multiple_choice" and len(codes) != 1:
            raise ValueError(f"vraag '{self.name}': bij een meerkeuzevraag noemt 'headline' precies één antwoord "
                             f"(het aandeel dat het aanduidde); gevonden {h.answers}")
        if self.type != "multiple_choice" and len(codes) == len(self.answers):
            raise ValueError(f"vraag '{self.name}': 'headline' noemt alle antwoorden {h.answers}: dat is altijd 100 %")
        for m in self.merge:  # a merged row is published as one: all of it or none of it in the headline
            inside = [c for c in m.answers if c in codes]
            if inside and len(inside) != len(m.answers):
                raise ValueError(f"vraag '{self.name}': 'headline' noemt {inside} maar niet de rest van de "
                                 f"samengenomen rij '{m.label}' ({m.answers})")

    @property
    def headline_codes(self) -> list[str]:
        """The answer codes of the headline (given as codes or labels), in the codebook's answer order."""
        if self.headline is None:
            return []
        named = set(self.headline.answers)
        return [a.code for a in self.answers if a.code in named or a.label in named]

    @property
    def headline_categories(self) -> list[str]:
        """The headline's answers as published: their labels, a merged row's label once."""
        codes = set(self.headline_codes)
        to = {c: m.label for m in self.merge for c in m.answers}
        return list(dict.fromkeys(to.get(a.code, a.label) for a in self.answers if a.code in codes))

    @property
    def source_columns(self) -> list[str]:
        if self.type == "multiple_choice" and self.answers[0].source is not None:
            return [a.source for a in self.answers if a.source]
        return [self.source] if self.source else []

    def indicator(self, code: str) -> str:
        """Column name of one option of a multiple choice after cleaning."""
        return f"{self.name}__{code}"


def _inside_raw(value: str) -> str:
    """A file named in a codebook lies in raw/<id>/: no absolute path, no '..', no drive letter."""
    parts = re.split(r"[\\/]", value)
    if not value.strip() or value.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
        raise ValueError("moet een bestandsnaam in raw/<id>/ zijn (bv. export.xlsx), geen pad naar een andere map")
    return value


class Export(Strict):
    file: str
    tool: str = "auto"
    sheet: str | int | None = None
    header_rows: int | None = None
    skip_rows: int | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None

    _file = field_validator("file")(classmethod(lambda cls, v: _inside_raw(v)))


class RespondentDate(Strict):
    column: str
    keep: Literal["date", "month", "none"] = "date"
    formats: list[str] = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"]


class Respondent(Strict):
    id: str  # the tool's response id: becomes a keyed-hash pseudonym ("_row": the row number)
    # the id is a code the person typed (paired waves, docs/waves.md): before it is keyed, only its letters
    # and digits count and case is ignored, so "fa 07-67" and "FA0767" are the same young person
    personal_code: bool = False
    person: list[str] = []  # columns that identify a person (e-mail): hashed to find repeated submissions
    date: RespondentDate | None = None

    @model_validator(mode="after")
    def _code_needs_a_column(self) -> Respondent:
        if self.personal_code and self.id == "_row":  # the key would be ignored without a word
            raise ValueError("'personal_code: true' leest de code die iemand intypte, maar 'id: _row' neemt het "
                             "rijnummer: geef bij 'id' de kolom met de persoonlijke code, of laat 'personal_code' weg")
        return self


class Period(Strict):
    start: dt.date
    end: dt.date


class Crosstab(Strict):
    rows: str
    by: str


class Coding(Strict):
    """Open answers coded by researchers: a CSV next to the export (respondent, question, theme)."""

    file: str
    questions: list[str]
    respondent_column: str = "respondent"
    question_column: str = "question"
    theme_column: str = "theme"

    _file = field_validator("file")(classmethod(lambda cls, v: _inside_raw(v)))


class CorrespondenceSpec(Strict):
    """Paired correspondence tests: one row per pair, a response per profile."""

    majority: str  # question (single choice) with the majority profile's response
    minority: str  # question with the minority profile's response
    positive: list[str]  # answer codes that count as a positive response (e.g. invited)
    by: list[str] = []  # subgroups (questions) analysed separately
    adjust: Literal["holm", "bh", "bonferroni"] = "holm"
    majority_label: str = "meerderheidsprofiel"
    minority_label: str = "minderheidsprofiel"


class Waves(Strict):
    """This consultation repeats an earlier one (issue 16): the report says what changed.

    ``earlier`` is the earlier wave's consultation id (its own codebook and export). ``design`` says who
    answered: ``independent`` (different people each time) or ``paired`` (the same people, linked by
    ``respondent.id``: a personal code given both times, so both waves' keyed pseudonyms match).
    ``questions``: the questions compared (default: every analysed single-choice, Likert and multiple-
    choice question of both waves with the same name and type); ``recode``: per question, the earlier
    wave's answer codes renamed in this wave ``{earlier code: code now}``.
    """

    earlier: Annotated[str, Field(pattern=NAME)]
    design: Literal["independent", "paired"]
    label: Annotated[str, Field(min_length=1)]
    earlier_label: Annotated[str, Field(min_length=1)]
    questions: list[str] | None = None
    recode: dict[str, dict[str, str]] = {}


class Codebook(Strict):
    id: Annotated[str, Field(pattern=NAME)]
    title: str
    report_subtitle: str = "Rapport met aanbevelingen"  # under the title of the report (pipeline/stages/report.py)
    source_line: str  # "LEVL, bevraging nieuwkomers 2022": the chart and table source line
    synthetic: bool = False
    method: str
    tool: str
    period: Period
    target_respondents: int
    target_description: str | None = None
    small_cell: int = 5
    small_cell_sensitive: int = 10
    min_base_pct: int = 30
    flag_base_pct: int = 60
    max_quarantine_share: float = 0.10
    # a stratum with one respondent, as R's options("survey.lonely.psu"); see pipeline.stats.Design
    lonely_psu: Literal["fail", "remove", "certainty", "adjust", "average"] = "fail"
    export: Export
    respondent: Respondent
    identifying: list[str] = []
    subgroups: list[str] = []
    crosstabs: list[Crosstab] = []
    themes: list[Answer] = []
    coding: Coding | None = None
    correspondence: CorrespondenceSpec | None = None
    waves: Waves | None = None
    questions: list[Question]

    path: Path | None = None

    @field_validator("max_quarantine_share")
    @classmethod
    def _share(cls, v: float) -> float:
        if not 0 <= v <= 1:
            raise ValueError("moet een aandeel tussen 0 en 1 zijn, bv. 0.10 voor 10 %")
        return v

    @model_validator(mode="after")
    def _references(self) -> Codebook:
        names = [q.name for q in self.questions]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"twee vragen hebben dezelfde naam: {', '.join(dupes)}; geef elke vraag een eigen 'name'")
        known = set(names) | {q.bins.name for q in self.questions if q.bins}
        by_name = {q.name: q for q in self.questions}
        classes = [q.bins.name for q in self.questions if q.bins]
        clash = sorted({c for c in classes if c in names or classes.count(c) > 1})
        if clash:
            raise ValueError(f"de klassen ('bins.name') '{clash[0]}' hebben de naam van een vraag of van andere klassen; "
                             "geef ze een eigen naam (bv. age_group)")
        for q in self.questions:
            if q.ask_if is None:
                continue
            if q.ask_if.variable == q.name:
                raise ValueError(f"vraag '{q.name}': ask_if verwijst naar de vraag zelf; noem de vraag die bepaalt wie "
                                 "deze vraag kreeg")
            cond = by_name.get(q.ask_if.variable)
            if cond is None:
                import difflib

                close = difflib.get_close_matches(q.ask_if.variable, list(by_name), n=1)
                raise ValueError(f"vraag '{q.name}': ask_if noemt '{q.ask_if.variable}', maar er is geen vraag met die "
                                 "naam" + (f"; bedoelt u '{close[0]}'?" if close else ""))
            if cond.type not in ("single_choice", "likert"):
                raise ValueError(f"vraag '{q.name}': ask_if moet naar een enkelvoudige keuzevraag of Likert-vraag verwijzen, "
                                 f"niet naar '{q.ask_if.variable}'")
            codes = {a.code for a in cond.answers}
            unknown = [c for c in q.ask_if.in_ if c not in codes]
            if unknown:
                raise ValueError(f"vraag '{q.name}': ask_if noemt {unknown}, geen antwoordcodes van "
                                 f"'{cond.name}' (codes: {sorted(codes)})")
        for s in self.subgroups + [c.by for c in self.crosstabs] + [c.rows for c in self.crosstabs]:
            if s not in known:
                raise ValueError(f"subgroups/crosstabs: '{s}' is geen naam van een vraag of van klassen ('bins')")
            if s in by_name and by_name[s].type not in ("single_choice", "likert"):
                # an open question made one group per answer (its texts in the tables); a number or date one per value
                raise ValueError(f"subgroups/crosstabs: '{s}' is van type {by_name[s].type}; een kruistabel kan alleen "
                                 "met een enkelvoudige keuzevraag, een Likert-vraag of klassen ('bins' van een getal)")
        pairs = [(c.rows, c.by) for c in self.crosstabs]
        twice = sorted({p for p in pairs if pairs.count(p) > 1 or p[0] == p[1]})
        if twice:
            raise ValueError(f"crosstabs: {{rows: {twice[0][0]}, by: {twice[0][1]}}} staat er twee keer of kruist een "
                             "vraag met zichzelf")
        if self.waves is not None:
            self._check_waves(by_name)
        return self

    def _check_waves(self, by_name: dict[str, Question]) -> None:
        w = self.waves
        if w.earlier == self.id:
            raise ValueError(f"waves: earlier moet een andere raadpleging zijn, niet '{self.id}' zelf")
        if w.label == w.earlier_label:
            raise ValueError(f"waves: label en earlier_label zijn allebei '{w.label}'; geef elke golf een eigen naam")
        comparable = ("single_choice", "likert", "multiple_choice")
        for name in (w.questions or []) + list(w.recode):
            q = by_name.get(name)
            if q is None:
                raise ValueError(f"waves: '{name}' is geen vraag van dit codeboek")
            if q.type not in comparable:
                raise ValueError(f"waves: vraag '{name}' is van type {q.type}; alleen single_choice-, likert- "
                                 "en multiple_choice-vragen worden tussen golven vergeleken")
        for name, mapping in w.recode.items():
            codes = {a.code for a in by_name[name].answers}
            unknown = sorted(set(mapping.values()) - codes)
            if unknown:
                raise ValueError(f"waves: recode van '{name}' zet om naar {unknown}, geen antwoordcodes van "
                                 f"'{name}' in dit codeboek (codes: {sorted(codes)})")

    @cached_property
    def by_name(self) -> dict[str, Question]:
        return {q.name: q for q in self.questions}

    @property
    def raw_dir(self) -> Path:
        return ROOT / "raw" / self.id

    @property
    def export_path(self) -> Path:
        return self.raw_file(self.export.file)

    def raw_file(self, name: str) -> Path:
        """``raw/<id>/<name>``; a link to a file outside that folder is refused (DataError)."""
        from pipeline.readers.limits import inside_raw

        return inside_raw(self.raw_dir, name)

    @property
    def processed_dir(self) -> Path:
        return ROOT / "processed" / self.id

    @property
    def reports_dir(self) -> Path:
        return ROOT / "reports" / self.id

    def threshold(self, variable: str) -> int:
        q = self.by_name.get(variable)
        return self.small_cell_sensitive if q is not None and q.sensitive else self.small_cell


# codebooks read and checked in this process, by path and text: every stage of a chain reads its consultation's
# codebook (and the compare stage the earlier wave's), ten times a chain; the same text gives the same (frozen)
# codebook, a changed file is read again, and a codebook with a problem is never kept
_READ: dict[tuple[str, str], Codebook] = {}


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook; every problem names its key."""
    path = Path(path)
    if not path.exists():
        raise ConfigError("het codeboek bestaat niet", file=path, fix="maak het aan met `python -m pipeline new`")
    text = read_text(path)
    key = (str(path), text)
    if key in _READ:
        return _READ[key]
    cb = _checked(path, text)
    if len(_READ) >= 32:  # a long session in Jupyter: start again rather than grow
        _READ.clear()
    _READ[key] = cb
    return cb


def _checked(path: Path, text: str) -> Codebook:
    try:
        loader = BoundedLoader(text)  # a SafeLoader, bounded
        loader.name = str(path)  # its messages name the codebook ("<unicode string>" otherwise)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else None
        what, fix = yaml_problem(str(getattr(exc, "problem", exc)), line)
        raise ConfigError(
            f"het codeboek is geen geldige YAML: {what}",
            file=path,
            row=mark.line + 1 if mark else None,
            details=[f"de regel: {line.strip()}"] if line and line.strip() else [],
            fix=fix,
        ) from None
    if not isinstance(data, dict):
        raise ConfigError("het codeboek moet een YAML-mapping zijn (sleutel: waarde)", file=path)
    try:
        cb = Codebook.model_validate(data)
    except ValidationError as exc:
        details = []
        for e in exc.errors():
            key = key_path(e["loc"])
            if e["type"] == "extra_forbidden":
                details.append(f"onbekende sleutel '{key}' (tikfout?)")
            elif e["type"] == "missing":
                details.append(f"sleutel '{key}' ontbreekt")
            elif not key:  # a check of the whole codebook: its own words say where, the input is all of it
                details.append(_in_dutch(e))
            else:
                details.append(f"sleutel '{key}': {_in_dutch(e)} (gevonden: {short(e.get('input'))})")
        shown = details[:MAX_DETAILS] + ([f"… en nog {count(len(details) - MAX_DETAILS, 'probleem', 'problemen')}"]
                                         if len(details) > MAX_DETAILS else [])
        raise ConfigError(
            f"het codeboek klopt niet ({count(len(details), 'probleem', 'problemen')})",
            file=path,
            details=shown,
            fix="pas de genoemde sleutels aan; zie docs/codebook.md",
        ) from None
    check_bounds(cb, path)
    _answers_apart(cb, path)
    check_identifying_text(cb, path)
    if cb.waves is not None and earlier_in_text(text) != cb.waves.earlier:
        raise ConfigError("make vindt de vorige golf niet in dit codeboek", file=path, column="waves.earlier",
                          fix=f"schrijf binnen het blok `waves:` een regel `earlier: {cb.waves.earlier}` "
                              "(make leest die regel om de vergelijking opnieuw te maken als die golf verandert)")
    return cb.model_copy(update={"path": path})


def _answers_apart(cb: Codebook, path: Path) -> None:
    """Refuse two answers of one question that are compared as the same text (:func:`normalise`: 'In Maßen' and
    'In Massen', 'kinderen²' and 'kinderen2'): the export's answers would all go to one of them, without a word."""
    problems = []
    for i, q in enumerate(cb.questions):
        seen: dict[str, tuple[str | None, str]] = {}
        texts = [(m, None) for m in q.missing] + [(t, a.code) for a in q.answers for t in (a.code, a.label, *a.aliases)]
        for text, code in texts:
            key = normalise(text)
            if key in seen and seen[key][0] != code:
                problems.append(f"questions[{i}] ({q.name}): '{seen[key][1]}' en '{text}' worden als hetzelfde "
                                "antwoord gelezen (hoofdletters, ß/ss, accenten in samengestelde vorm en onzichtbare "
                                "tekens tellen niet)")
                break
            seen.setdefault(key, (code, str(text)))
    if problems:
        raise ConfigError(
            f"het codeboek klopt niet ({count(len(problems), 'probleem', 'problemen')})", file=path, details=problems,
            fix="geef de antwoorden teksten die ook zonder die verschillen verschillen, of maak van het ene een alias "
                "(aliases) van het andere als ze hetzelfde betekenen",
        )


def _in_dutch(e: dict) -> str:
    """pydantic's error for one key, in the researcher's words. A check of our own (ValueError) speaks for
    itself, without pydantic's English "Value error, "; the commonest type errors get a Dutch sentence (an
    unquoted `code: no` is read by YAML as false, and said "Input should be a valid string")."""
    kind, value = e["type"], e.get("input")
    if kind == "string_type" and isinstance(value, bool):
        return ("moet tekst zijn, maar YAML leest ja/nee-woorden zonder aanhalingstekens (no, yes, on, off, "
                "true, false) als waar/onwaar: zet de waarde tussen aanhalingstekens, bv. code: \"no\"")
    if kind == "string_type":
        return "moet tekst zijn (zet de waarde tussen aanhalingstekens)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "moet een geheel getal zijn"
    if kind in ("float_type", "float_parsing"):
        return "moet een getal zijn"
    if kind in ("bool_type", "bool_parsing"):
        return "moet true of false zijn"
    if kind == "list_type":
        return "moet een lijst zijn: [a, b], of een regel per waarde die begint met '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "moet een blok met sleutels zijn (sleutel: waarde)"
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind == "too_short":
        return "mag niet leeg zijn (minstens één waarde)"
    if kind == "string_pattern_mismatch":
        return "is geen geldige naam: kleine letters, cijfers en _, beginnend met een letter (bv. leeftijd_groep)"
    if kind == "literal_error":
        expected = str(e.get("ctx", {}).get("expected", ""))  # pydantic's "'a', 'b' or 'c'": Dutch 'of'
        return "moet een van deze waarden zijn: " + expected.replace("' or '", "' of '")
    return e["msg"].removeprefix("Value error, ")


# the earlier wave as the Makefile reads it (`earlier_of`, with sed): the first `earlier: <id>` in the
# top-level block `waves:`, block or flow style
_WAVES_BLOCK = re.compile(r"^waves:.*?(?=^[^\s#]|\Z)", re.MULTILINE | re.DOTALL)
_EARLIER = re.compile(r"[{\s,]earlier:\s*[\"']?([a-z][a-z0-9_]*)")


def earlier_in_text(text: str) -> str | None:
    """The earlier wave's id as make finds it in a codebook's text (None when it finds none)."""
    block = _WAVES_BLOCK.search(text)
    if block is None:
        return None
    for line in block.group(0).splitlines():
        found = _EARLIER.search(line)
        if found:
            return found.group(1)
    return None


def codebook_for(consultation: str) -> Codebook:
    path = ROOT / "surveys" / consultation / "codebook.yml"
    cb = load_codebook(path)
    if cb.id != consultation:  # else its outputs would overwrite another consultation's processed/ files
        raise ConfigError(
            f"het codeboek in surveys/{consultation}/ heeft `id: {cb.id}`; de id moet gelijk zijn aan de mapnaam",
            file=path, column="id", value=cb.id, expected=consultation,
            fix=f"zet `id: {consultation}` in het codeboek (of hernoem de map naar surveys/{cb.id}/ en raw/{cb.id}/)",
        )
    return cb


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
