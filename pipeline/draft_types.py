"""The type a researcher would choose for one column of an export, for a draft codebook.

Used by :mod:`pipeline.scaffold`. Order of the checks: the tool's own value labels (SPSS),
yes/no, numbers (a decimal comma too), dates, Likert scales (Dutch, French, English, German; in
scale order), municipalities, answers joined in one cell, single choice, free text. Answer order is
the tool's own (value labels), else the scale's, else alphabetical (numbers by value) — never by
frequency. Answers typed by respondents that occur fewer times than the small-cell threshold, or
that look identifying, never become labels: they go to the answer "Anders" (``other``).
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline import answers, fmt, municipalities, privacy
from pipeline.codebook import normalise

MAX_LEVELS = 12
OTHER = {"code": "anders", "label": "Anders / niet gecodeerd"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z",
                "%Y-%m-%dT%H:%M:%S.%fZ", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M:%S",
                "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%m/%d/%Y",
                # without seconds, as Belgian Excel shows a time ("15/01/2025 21:53"), and with dots ("15.01.2025")
                "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
                # a year in two digits, as Excel shows a Microsoft Forms time after a round trip ("03/01/25 09:00:00");
                # day first among equals (Belgium)
                "%d/%m/%y %H:%M:%S", "%m/%d/%y %H:%M:%S", "%d/%m/%y %H:%M", "%m/%d/%y %H:%M", "%d/%m/%y",
                # Google Forms' own CSV download ("2025/01/15 9:53:05 AM GMT+1"; answers.dates drops the zone)
                "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]

YES = ["ja", "yes", "oui", "1", "true", "waar", "vrai", "wahr"]
NO = ["nee", "neen", "no", "non", "nein", "0", "false", "onwaar", "faux", "falsch"]
YES_NO_LABELS = {"1": "Ja", "0": "Nee", "true": "Ja", "false": "Nee"}
# the other answer in the same language, when an export holds only one of them (a first small batch)
YES_NO_PARTNER = {"ja": "nee", "yes": "no", "oui": "non", "waar": "onwaar", "vrai": "faux", "wahr": "falsch",
                  "true": "false"}
YES_NO_PARTNER.update({no: yes for yes, no in YES_NO_PARTNER.items()} | {"neen": "ja", "nein": "ja"})

# Ordered scales, lowest first, normalised. A column whose answers all fall in one scale is Likert.
SCALES = [
    # agreement
    ["helemaal oneens", "zeer oneens", "oneens", "eerder oneens", "neutraal", "noch eens, noch oneens",
     "niet eens, niet oneens", "eerder eens", "eens", "helemaal eens", "zeer eens"],
    # "mee eens": Dutch forms' own wording (review of unseen exports: read as a choice question in alphabetical order)
    ["helemaal mee oneens", "helemaal niet mee eens", "mee oneens", "niet mee eens", "eerder mee oneens",
     "eerder niet mee eens", "neutraal", "noch mee eens, noch mee oneens", "niet mee eens, niet mee oneens",
     "eerder mee eens", "mee eens", "helemaal mee eens"],
    ["helemaal niet akkoord", "niet akkoord", "eerder niet akkoord", "neutraal", "noch akkoord, noch niet akkoord",
     "eerder akkoord", "akkoord", "helemaal akkoord"],
    ["strongly disagree", "disagree", "somewhat disagree", "neither agree nor disagree", "neutral",
     "somewhat agree", "agree", "strongly agree"],
    ["pas du tout d'accord", "pas d'accord", "plutôt pas d'accord", "ni d'accord ni pas d'accord", "neutre",
     "plutôt d'accord", "d'accord", "tout à fait d'accord"],
    ["stimme überhaupt nicht zu", "stimme gar nicht zu", "stimme nicht zu", "stimme eher nicht zu", "weder noch",
     "teils/teils", "stimme eher zu", "stimme zu", "stimme voll und ganz zu", "stimme voll zu"],
    # satisfaction
    ["zeer ontevreden", "helemaal niet tevreden", "heel ontevreden", "ontevreden", "niet tevreden", "eerder ontevreden",
     "eerder niet tevreden", "neutraal", "noch tevreden, noch ontevreden", "niet tevreden, niet ontevreden",
     "eerder tevreden", "tevreden", "heel tevreden", "helemaal tevreden", "zeer tevreden"],
    ["very dissatisfied", "dissatisfied", "somewhat dissatisfied", "neutral", "somewhat satisfied", "satisfied",
     "very satisfied"],
    ["très insatisfait", "pas du tout satisfait", "insatisfait", "plutôt insatisfait", "neutre", "plutôt satisfait",
     "satisfait", "très satisfait"],
    ["sehr unzufrieden", "unzufrieden", "eher unzufrieden", "neutral", "eher zufrieden", "zufrieden", "sehr zufrieden"],
    # frequency
    ["nooit", "zelden", "soms", "vaak", "dikwijls", "heel vaak", "meestal", "altijd"],
    ["never", "rarely", "sometimes", "often", "very often", "usually", "always"],
    ["jamais", "rarement", "parfois", "souvent", "très souvent", "toujours"],
    ["nie", "selten", "manchmal", "oft", "sehr oft", "meistens", "immer"],
    # importance
    ["helemaal niet belangrijk", "niet belangrijk", "eerder niet belangrijk", "neutraal", "eerder belangrijk",
     "belangrijk", "heel belangrijk", "zeer belangrijk"],
    ["not at all important", "not important", "slightly important", "somewhat important", "moderately important",
     "important", "very important", "extremely important"],
    ["pas du tout important", "pas important", "peu important", "important", "très important"],
    ["überhaupt nicht wichtig", "nicht wichtig", "eher nicht wichtig", "eher wichtig", "wichtig", "sehr wichtig"],
    # favourability, likelihood, quality
    ["very unfavorably", "somewhat unfavorably", "neither favorably nor unfavorably (neutral)",
     "somewhat favorably", "very favorably"],
    ["very unlikely", "unlikely", "somewhat unlikely", "somewhat likely", "likely", "very likely"],
    ["zeer onwaarschijnlijk", "onwaarschijnlijk", "waarschijnlijk", "zeer waarschijnlijk"],
    ["zeer slecht", "heel slecht", "slecht", "matig", "neutraal", "voldoende", "goed", "heel goed", "zeer goed",
     "uitstekend"],
    # Turkish: agreement, satisfaction, frequency
    ["kesinlikle katılmıyorum", "katılmıyorum", "kararsızım", "ne katılıyorum ne katılmıyorum", "katılıyorum",
     "kesinlikle katılıyorum"],
    ["hiç memnun değilim", "memnun değilim", "ne memnunum ne değilim", "kararsızım", "memnunum", "çok memnunum"],
    ["hiçbir zaman", "asla", "hiç", "nadiren", "bazen", "sık sık", "çoğu zaman", "her zaman"],
    ["very poor", "poor", "fair", "good", "very good", "excellent"],
    ["très mauvais", "mauvais", "moyen", "bon", "très bon", "excellent"],
    ["sehr schlecht", "schlecht", "mittelmäßig", "gut", "sehr gut"],
]
DONT_KNOW = {"weet niet", "weet ik niet", "geen mening", "niet van toepassing", "n.v.t.", "nvt", "don't know",
             "not applicable", "n/a", "no opinion", "unfamiliar (n/a)", "je ne sais pas", "ne sais pas",
             "sans opinion", "non applicable", "weiß nicht", "weiss nicht", "keine angabe", "trifft nicht zu"}


def _answer_code(label: str, used: set[str]) -> str:
    from pipeline.scaffold import slug, unique

    return unique(slug(label, 30), used)


def natural_order(values: list[str]) -> list[str]:
    """Alphabetical, but by the first number where there is one ("2" before "10", "$25,000 - …"
    before "$100,000 - …", "18-29" before "> 60"), case-insensitive."""
    def sort_key(v: str):
        m = re.search(r"\d[\d.,]*", v)
        if m is None:
            return (1, 0.0, normalise(v))
        digits = m.group(0).rstrip(".,")
        num = float(digits.replace(",", "")) if re.fullmatch(r"\d{1,3}(,\d{3})+", digits) else \
            float(digits.replace(",", ".")) if digits.count(",") + digits.count(".") <= 1 else float(re.sub(r"\D", "", digits))
        return (0, num, normalise(v))
    return sorted(values, key=sort_key)


def scale_of(keys: set[str]) -> list[str] | None:
    """The scale (lowest first) that holds every answer, when it holds at least two of them."""
    keys = keys - DONT_KNOW
    if len(keys) < 2:
        return None
    for scale in SCALES:
        if keys <= set(scale):
            return scale
    return None


def choice(values: list[tuple[str, list[str]]]) -> list[dict]:
    """Answers from (label, aliases) in the given order."""
    used: set[str] = {OTHER["code"]}
    out = []
    for label, aliases in values:
        a = {"code": _answer_code(label, used), "label": label}
        if aliases:
            a["aliases"] = aliases
        out.append(a)
    return out


def infer(values: pd.Series, small_cell: int, value_labels: dict[str, str] | None = None,
          missing: list[str] | None = None) -> tuple[dict, list[str]]:
    """(type keys of a codebook question, Dutch notes on what was guessed) for one column."""
    text = values.fillna("").astype(str).str.strip()
    filled = text[text != ""]
    if filled.empty:
        return {"type": "free_text", "analyse": False}, ["geen enkel antwoord in de export: niet geanalyseerd"]
    keys = answers.norm(filled)
    distinct = set(keys)
    if value_labels:
        return _labelled(keys, value_labels, missing or [])
    if missing:  # SPSS codes declared missing of a variable without value labels (an age with -99): no answers
        gone = keys.isin({normalise(m) for m in missing})
        typed, notes = infer(values[~values.index.isin(filled.index[gone])], small_cell)
        if typed.get("type") in ("number", "single_choice", "likert"):
            typed["missing"] = list(missing)
            notes = [*notes, "ontbrekende waarden van het SPSS-bestand (" + ", ".join(missing)
                     + ") tellen als geen antwoord (missing)"]
        return typed, notes
    if distinct <= set(YES) | set(NO) and len(distinct) <= 2 and not (distinct <= {"1"} or distinct <= {"0"}):
        seen = next(iter(distinct))
        partner = YES_NO_PARTNER.get(seen, "nee" if seen in YES else "ja")  # 'No' alone gets 'Yes', not 'Ja'
        yes = next((k for k in distinct if k in YES), partner)
        no = next((k for k in distinct if k in NO), partner)
        spelled = filled.groupby(keys.to_numpy()).agg(lambda v: v.value_counts().index[0]).to_dict()
        pairs = []
        for k in (yes, no):
            label = YES_NO_LABELS.get(k) or spelled.get(k) or k.capitalize()
            written = spelled.get(k, k)  # an answer not seen yet as the tool would write it ('false' for 'Nee')
            pairs.append((label, [written] if normalise(written) != normalise(label) else []))
        notes = ["ja/nee-vraag"]
        if len(distinct) == 1:
            notes.append(f"alleen ‘{spelled[seen]}’ in de export: ‘{pairs[1 if seen == yes else 0][0]}’ toegevoegd "
                         "(controleer de schrijfwijze)")
        return {"type": "single_choice", "answers": choice(pairs)}, notes
    nums, bad = answers.numbers(filled)
    if not bad.any() and (codes := _missing_codes(filled, nums)):
        gone = filled.isin(codes)
        typed, notes = infer(values[~values.index.isin(filled.index[gone])], small_cell)
        if typed.get("type") in ("number", "single_choice", "likert"):
            typed["missing"] = codes
            notes = [*notes, f"{' en '.join(f'‘{c}’' for c in codes)} "
                     f"{'lijkt een code' if len(codes) == 1 else 'lijken codes'} voor geen antwoord (bv. Qualtrics "
                     "-99: gezien maar niet beantwoord; 8 of 9: weet niet): als ontbrekend (missing); controleer"]
            return typed, notes
    if bad.any() and filled[bad].str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?").all():
        # "1.100" beside "650": Dutch Excel's thousands point, which nothing reads without the export's decimal
        # comma (it was drafted as a choice question in the order 1.100, 1.250, 450; review of unseen exports)
        comma, still_bad = answers.numbers(filled, ",")
        if not still_bad.any():
            plain = values.fillna("").astype(str).str.strip()
            typed, notes = infer(plain.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                                 small_cell)
            if typed.get("type") == "number":
                return {**typed, "_decimal": ","}, [*notes, "getallen met een punt voor de duizendtallen (1.100): "
                                                             "de export schrijft de decimalen met een komma "
                                                             "(export.decimal)"]
    if not bad.any():
        integer = bool((nums == nums.round()).all())
        if integer and len(distinct) <= MAX_LEVELS and nums.between(0, 10).all() and len(filled) >= 20:
            order = natural_order(sorted(set(filled)))
            return ({"type": "single_choice", "answers": choice([(v, []) for v in order])},
                    ["kleine gehele getallen: als keuzevraag (een score? maak er 'number' van)"])
        return {"type": "number", "min": float(nums.min()), "max": float(nums.max()), "integer": integer}, \
            ["getal; min en max zijn de kleinste en grootste waarde in de export: zet de echte grenzen"]
    used_formats = [f for f in DATE_FORMATS if not answers.dates(filled, [f])[1].all()]
    if used_formats and not answers.dates(filled, used_formats)[1].any():
        return {"type": "date", "date_formats": used_formats}, []
    scale = scale_of(distinct)
    if scale is not None:
        return _likert(filled, keys, scale)
    if len(distinct) > 3 and municipalities.resolve(filled).notna().mean() >= 0.8:
        return {"type": "municipality"}, []
    if filled.str.contains(";").mean() > 0.5:
        tokens = pd.Series([t.strip() for v in filled for t in v.split(";") if t.strip()], dtype=object)
        if tokens.nunique() <= 3 * MAX_LEVELS:
            listed, notes = _typed(tokens, small_cell)
            if listed:
                return {"type": "multiple_choice", "separator": ";", **listed}, ["meerkeuze in één cel (';')", *notes]
    for sep, tool in (("; ", "EUSurvey"), (", ", "Google Forms")):
        tokens = joined_tokens(filled, sep)
        if tokens is None:
            continue
        listed, notes = _typed(tokens, small_cell)
        if listed:
            return {"type": "multiple_choice", "separator": sep, **listed}, [
                f"meerkeuze in één cel ('{sep}', {tool}); een optie met '{sep}' erin is herkend doordat haar "
                "delen altijd samen voorkomen: controleer de opties", *notes]
    counts = keys.value_counts()
    if len(counts) <= MAX_LEVELS and (counts >= 2).mean() >= 0.5:
        listed, notes = _typed(filled, small_cell)
        if listed:
            return {"type": "single_choice", **listed}, notes
    return {"type": "free_text"}, []


def joined_tokens(filled: pd.Series, sep: str = ", ") -> pd.Series | None:
    """The options ticked in a multiple choice written in one cell, or None: Google Forms joins the
    labels with ", ", EUSurvey with "; " (FORMATS.md §1.3, §2.8).

    An option may hold the separator itself ("Sport, spel en bewegen"): a part that starts in lower case
    and always follows the same part is glued back to it. It is a checkbox question when some cells
    hold several options, the options are few and each is ticked more than once."""
    if filled.empty or filled.str.contains(sep, regex=False).mean() < 0.1:
        return None
    cells = [[p.strip() for p in v.split(sep)] for v in filled]
    before: dict[str, set[str | None]] = {}
    for parts in cells:
        for i, p in enumerate(parts):
            before.setdefault(p, set()).add(parts[i - 1] if i else None)
    glued = {p for p, prev in before.items() if len(prev) == 1 and None not in prev and p[:1].islower()}
    lists = []
    for parts in cells:
        out: list[str] = []
        for p in parts:
            if p in glued and out:
                out[-1] = f"{out[-1]}{sep}{p}"
            else:
                out.append(p)
        lists.append([t for t in out if t])
    tokens = pd.Series([t for ts in lists for t in ts], dtype=object)
    counts = answers.norm(tokens).value_counts()
    several = sum(len(ts) > 1 for ts in lists)
    if several < 2 or len(counts) > MAX_LEVELS or (counts >= 2).mean() < 0.8:
        return None
    return tokens


# numbers tools and researchers use for "no answer" beside the real ones: Qualtrics' -99 (seen, not answered), SPSS'
# 9/99/999, 8 or 98 for "weet niet". A draft read "-99, 1 … 5, 8" as a number from -99 to 8 and published a mean of
# -7,1 for a satisfaction question (review of unseen exports).
_NEGATIVE_CODES = {-9, -77, -88, -96, -97, -98, -99, -999, -9999}  # not -1: a scale from -3 to +3 has it
_LARGE_CODES = {999, 9999}
_CODES_AFTER_A_SCALE = {77, 88, 96, 97, 98, 99}


def _missing_codes(filled: pd.Series, nums: pd.Series) -> list[str]:
    """The values of a column of numbers that look like codes for no answer, as the export writes them: a negative
    code when every other value is 0 or more; 999 or 9999 far above the rest; 77 … 99 after values of at most 20;
    8 or 9 after a scale of at most five points from 1 that stops at least two below it (1 … 5, then 8). Not 8 or 9 after
    counts from 0 (children, a score) or after six or more points (a household of 9 beside 1 … 6: a second review)."""
    values = {float(v) for v in nums.unique()}
    codes = set()
    neg = {v for v in values if v in _NEGATIVE_CODES}
    if neg and values - neg and min(values - neg) >= 0:
        codes |= neg
    rest = values - codes
    whole = all(v == round(v) for v in rest)
    for s in sorted(rest & (_LARGE_CODES | _CODES_AFTER_A_SCALE | {8.0, 9.0}), reverse=True):
        others = rest - codes - {s}
        if not others:
            break
        top = max(others)
        if (s in _LARGE_CODES and top < s / 2) or (s in _CODES_AFTER_A_SCALE and top <= 20) or \
                (s in (8.0, 9.0) and whole and min(others) >= 1 and top <= min(5, s - 2)):
            codes.add(s)
    if not codes:
        return []
    return sorted({str(t) for t, v in zip(filled, nums) if float(v) in codes}, key=lambda t: float(t.replace(",", ".")))


def _labelled(keys: pd.Series, value_labels: dict[str, str], missing: list[str]) -> tuple[dict, list[str]]:
    """SPSS value labels: the tool's own answers, in the order of their codes (labels scrubbed: a label such
    as "Ja, bel 0470 …" would otherwise be copied into the tracked codebook). Codes the file declares
    missing ("9 = Geen antwoord") are the question's ``missing``, not answers: counted as answers, they were
    inside the base of every share ("Geen antwoord: 26,3 %")."""
    value_labels = {c: privacy.scrub(str(v)) for c, v in value_labels.items()}
    declared = [c for c in value_labels if normalise(c) in {normalise(m) for m in missing}]
    value_labels = {c: v for c, v in value_labels.items() if c not in declared}
    order = natural_order(list(value_labels))
    labels = [value_labels[c] for c in order]
    scale = scale_of({normalise(v) for v in labels})
    extra = sorted(set(keys) - {normalise(c) for c in value_labels} - {normalise(v) for v in labels})
    q = {"type": "likert" if scale else "single_choice",
         "answers": choice([(value_labels[c], [c]) for c in order])}
    notes = ["antwoorden en volgorde uit de labels van het SPSS-bestand"]
    undeclared = [m for m in missing if normalise(m) not in {normalise(c) for c in declared}]
    if declared or undeclared:
        q["missing"] = [*declared, *undeclared]
        notes.append("ontbrekende waarden van het SPSS-bestand (" + ", ".join(q["missing"])
                     + ") tellen als geen antwoord (missing)")
    extra = sorted(set(extra) - {normalise(m) for m in q.get("missing", [])})
    if extra:
        q["answers"].append(dict(OTHER))
        q["other"] = OTHER["code"]
        notes.append(f"{len(extra)} waarde(n) zonder label tellen als '{OTHER['label']}'")
    return q, notes


def _likert(filled: pd.Series, keys: pd.Series, scale: list[str]) -> tuple[dict, list[str]]:
    spelled = filled.groupby(keys.to_numpy()).agg(lambda v: v.value_counts().index[0]).to_dict()
    on_scale = [k for k in scale if k in spelled]
    q = {"type": "likert", "answers": choice([(spelled[k], []) for k in on_scale])}
    if len(on_scale) <= 3:
        q["top_box"] = 1
    missing = sorted(spelled[k] for k in spelled if k in DONT_KNOW)
    if missing:
        q["missing"] = missing
    notes = ["Likertschaal herkend: antwoorden in schaalvolgorde; alleen de gebruikte schaalpunten staan erin, "
             "vul ontbrekende aan"]
    if missing:
        notes.append("'weet niet' en dergelijke tellen als ontbrekend (missing)")
    return q, notes


MAX_LABEL = 100  # characters of a typed answer that can become an answer label


def _typed(filled: pd.Series, small_cell: int) -> tuple[dict | None, list[str]]:
    """Answers typed by respondents: frequent, non-identifying ones become labels (alphabetical)."""
    keys = answers.norm(filled)
    counts = keys.value_counts()
    spelled = filled.groupby(keys.to_numpy()).agg(lambda v: v.value_counts().index[0]).to_dict()
    # a text of several lines or sentences is something someone wrote, not an answer to choose (the same long
    # remark pasted ten times became an answer label, and a chart's axes collapsed under it)
    keep = [k for k in counts.index if counts[k] >= small_cell and privacy.scrub(spelled[k]) == spelled[k]
            and len(spelled[k]) <= MAX_LABEL and "\n" not in spelled[k]
            and not privacy.looks_identifying("", pd.Series([spelled[k]]))]
    rare = len(counts) - len(keep)
    if not keep:
        return None, []
    order = natural_order([spelled[k] for k in keep])
    variants = {spelled[k]: sorted(set(filled[keys == k]) - {spelled[k]}) for k in keep}
    out: dict = {"answers": choice([(v, variants[v]) for v in order])}
    notes = []
    if rare:
        out["answers"].append(dict(OTHER))
        out["other"] = OTHER["code"]
        notes.append(f"{fmt.count(rare, 'zeldzaam antwoord', 'zeldzame antwoorden')} (minder dan {small_cell} keer) "
                     f"of antwoorden die op persoonsgegevens lijken staan niet in het codeboek: ze tellen als '{OTHER['label']}'. "
                     "Bekijk ze in de export en codeer ze zo nodig.")
    return out, notes


def clean_label(text: str, max_len: int = 100) -> str:
    """A header as a label: HTML removed, identifiers scrubbed (a header, an SPSS variable label can hold an
    e-mail address or phone number), whitespace collapsed, cut at a word with '…' if long."""
    text = privacy.scrub(re.sub(r"<[^>]+>", " ", str(text)))
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max_len:
        return text
    cut = text[:max_len].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"
