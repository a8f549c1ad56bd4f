"""The generated sentences of a report whose words depend on a count: they read well for 0, 1 and many
("er is 1 antwoord apart gezet", "geen enkele cel is verborgen", "2 citaten"), never "1 rijen",
"inzending(en)" or "citaat/citaten". Each function returns Markdown text (numbers only, no data
labels), so it can be tested without building a report (tests/test_dutch_sentences.py)."""

from __future__ import annotations

from pipeline.fmt import count, number, verb


def participants(n: int) -> str:
    """'184 respondenten namen geldig deel' / '1 respondent nam geldig deel'."""
    if n == 0:
        return "Geen enkele respondent nam geldig deel"
    return f"{count(n, 'respondent', 'respondenten')} {verb(n, 'nam', 'namen')} geldig deel"


def data_quality(rows_read: int, quarantined: int, duplicates: int, repeated_id: int = 0,
                 id_word: str = "respondent-id") -> str:
    """What became of the answers received, in one sentence (the appendix has the table).

    ``repeated_id`` of the ``quarantined`` rows were set apart because their id (``id_word``: "respondent-id",
    or "persoonlijke code" when people typed it) came earlier in the export, not for their values."""
    if rows_read == 0:
        return "Er kwamen geen antwoorden binnen."
    received = f"We ontvingen {count(rows_read, 'antwoord', 'antwoorden')}"
    if quarantined == 0 and duplicates == 0:
        return (f"{received}; geen enkel antwoord bevatte onmogelijke of onbekende waarden en er waren geen "
                "herhaalde inzendingen (zie bijlage).")
    repeated_id = min(max(repeated_id, 0), quarantined)
    values = quarantined - repeated_id
    again = f"dezelfde {id_word} al eerder voorkwam"
    if quarantined == 0:
        q = "geen enkel antwoord bevatte onmogelijke of onbekende waarden"
    elif repeated_id == 0:
        q = ("1 antwoord is apart gezet omdat het onmogelijke of onbekende waarden bevatte" if values == 1 else
             f"{number(values)} antwoorden zijn apart gezet omdat ze onmogelijke of onbekende waarden bevatten")
    elif values == 0:
        q = f"{count(repeated_id, 'antwoord', 'antwoorden')} {verb(repeated_id, 'is', 'zijn')} apart gezet omdat {again}"
    else:
        q = (f"{number(quarantined)} antwoorden zijn apart gezet ({number(values)} met onmogelijke of onbekende "
             f"waarden, {number(repeated_id)} omdat {again})")
    if duplicates == 0:  # a repeated id is a repeated submission too: "no other"
        d = f"er waren geen {'andere ' if repeated_id else ''}herhaalde inzendingen"
    else:
        d = (f"{count(duplicates, 'antwoord', 'antwoorden')} {verb(duplicates, 'is', 'zijn')} verwijderd als "
             f"{'herhaalde inzending' if duplicates == 1 else 'herhaalde inzendingen'}")
    return f"{received}: {q} en {d} (zie bijlage)."


def rows_quarantined(rows_read: int, quarantined: int) -> str:
    """The rows of a file (not answers: a praktijktest has pairs) set apart by validation."""
    of = f"Van de {count(rows_read, 'rij', 'rijen')} in het bestand"
    if quarantined == 0:
        return f"{of} is er geen enkele apart gezet wegens onmogelijke of onbekende waarden."
    if quarantined == 1:
        return f"{of} is er 1 apart gezet omdat die onmogelijke of onbekende waarden bevatte (zie bijlage)."
    return (f"{of} zijn er {number(quarantined)} apart gezet omdat ze onmogelijke of onbekende waarden bevatten "
            "(zie bijlage).")


def hidden_cells(total: int) -> str:
    """How many cells the tables and charts hide (×). Not how many of them are small groups: with one
    table holding two ×, "2 omdat ze over te weinig respondenten gaan" would tell which (pipeline.publish.HIDDEN_WHY)."""
    if total == 0:
        return "In de tabellen en grafieken van dit rapport is daardoor geen enkele cel verborgen."
    return (f"In de tabellen en grafieken van dit rapport {verb(total)} daardoor {count(total, 'cel', 'cellen')} "
            "verborgen (×).")


def hidden_shares(n_base: int, n_flag: int, no_pct: str = "–") -> str:
    """How many percentages are left out (–) and marked uncertain."""
    parts = []
    if n_base:
        parts.append(f"{count(n_base, 'percentage', 'percentages')} {verb(n_base)} weggelaten ({no_pct})")
    if n_flag:
        parts.append(f"{count(n_flag, 'percentage', 'percentages')} {verb(n_flag)} als onzeker gemarkeerd")
    if not parts:
        return "Geen enkel percentage is weggelaten of als onzeker gemarkeerd."
    text = " en ".join(parts)
    return text[:1].upper() + text[1:] + "."


def withheld_tables(n: int) -> str:
    """Tables left out because every number in them would be hidden ('' for none)."""
    if n == 0:
        return ""
    return (f"{count(n, 'tabel', 'tabellen')} tonen we helemaal niet, omdat elk cijfer erin verborgen "
            "zou zijn.")


def unfinished(n: int) -> str:
    """Responses the survey tool marks as not finished ('' for none): kept with what they answered."""
    if n == 0:
        return ""
    if n == 1:
        return ("Eén antwoord werd niet afgerond (volgens de enquêtetool); wat erin ingevuld werd, telt mee, zodat een "
                "vraag verderop in de vragenlijst iets minder antwoorden kan hebben.")
    return (f"{number(n)} antwoorden werden niet afgerond (volgens de enquêtetool); wat erin ingevuld werd, telt mee, "
            "zodat een vraag verderop in de vragenlijst iets minder antwoorden kan hebben.")


def unreadable_dates(n: int) -> str:
    """Answers without a readable time of completion ('' for none)."""
    if n == 0:
        return ""
    if n == 1:
        return "Bij 1 antwoord was het tijdstip van invullen onleesbaar; het telt mee, zonder datum."
    return f"Bij {number(n)} antwoorden was het tijdstip van invullen onleesbaar; ze tellen mee, zonder datum."


# why a table or chart of which every share is hidden is not shown (the same words wherever it is said). Not "so few
# respondents per answer": the groups may be large and hidden because, with other published numbers (a complement,
# an earlier wave of the same people), they would point at a small one (verkiezingsateliers_na: 27, 13 and 11)
NOTHING_SHOWN = ("elk cijfer zou, alleen of samen met andere gepubliceerde cijfers, een te kleine groep kunnen "
                 "aanwijzen, of is te onzeker")
# a routed question hidden with its base (analyses/frequencies/routing.py): the reason above would be untrue
NOT_SHOWN_WITH_BASE = "zelfs het aantal respondenten zou een verborgen cijfer van een andere vraag kunnen prijsgeven"


def quotes_left_out(n: int) -> str:
    """Chosen quotes not shown because their respondent is not in the analysis ('' for none)."""
    if n == 0:
        return ""
    if n == 1:
        return ("Eén gekozen citaat is niet getoond: de respondent telt niet mee in de analyse (apart gezet bij de "
                "controle of herhaalde inzending).")
    return (f"{number(n)} gekozen citaten zijn niet getoond: hun respondenten tellen niet mee in de analyse "
            "(apart gezet bij de controle of herhaalde inzending).")


def base(n: int, who: str = "") -> str:
    """'Basis: 1 respondent.' / 'Basis: 44 respondenten die de vraag beantwoordden.'"""
    if not who:
        return f"Basis: {count(n, 'respondent', 'respondenten')}."
    clause = {"answered": ("die de vraag beantwoordde", "die de vraag beantwoordden"),
              # a cross-tab with a group hidden with its size: the base counts only the groups shown
              "shown_groups": ("in de getoonde groepen", "in de getoonde groepen")}[who]
    return f"Basis: {count(n, 'respondent', 'respondenten')} {clause[0] if n == 1 else clause[1]}."
