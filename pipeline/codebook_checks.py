"""Checks on a codebook as it is loaded, apart from its schema (:mod:`pipeline.codebook`).

A codebook is a file a researcher edits and that a draft may have filled from an export, so
loading it must survive anything: text that is not UTF-8, YAML anchors that expand without end
("billion laughs"), thresholds that switch disclosure control off, and labels that would publish
an e-mail address or phone number typed by a respondent. Each problem is a :class:`ConfigError`
(exit 2) that names the key; values in messages are cut short.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from pipeline.errors import ConfigError
from pipeline.fmt import count

if TYPE_CHECKING:  # the schema imports this module
    from pipeline.codebook import Codebook

MAX_DETAILS = 20
MAX_NODES = 100_000  # a large real codebook expands to a few thousand YAML values
MAX_VALUE_CHARS = 120
# disclosure thresholds a codebook may set (docs/robustness.md): below 3 a count identifies people
BOUNDS = {"small_cell": (3, 100), "small_cell_sensitive": (3, 100), "min_base_pct": (0, 10_000),
          "flag_base_pct": (0, 10_000), "target_respondents": (1, 100_000_000)}


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + f"… ({len(text)} tekens)"


def read_text(path: Path) -> str:
    """The codebook as text: UTF-8 (with or without BOM); anything else is a message, not a crash."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:200]):
        raise ConfigError(
            "het codeboek is opgeslagen als UTF-16; de pipeline leest alleen UTF-8", file=path,
            fix="open het codeboek in een teksteditor (bv. VS Code of Kladblok) en sla het op met codering UTF-8",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            "het codeboek is niet opgeslagen als UTF-8 (waarschijnlijk Windows-1252/ANSI): letters als é of ë "
            "worden dan verkeerd gelezen", file=path, row=line,
            value=data[exc.start: exc.start + 1].hex(" ").join(["byte 0x", ""]).replace(" ", ""),
            fix="open het codeboek in een teksteditor (bv. VS Code of Kladblok) en sla het op met codering UTF-8",
        ) from None


def _no_duplicate_keys(node: yaml.MappingNode, name: str | None) -> None:
    """YAML keeps the last of two equal keys without a word: `small_cell: 5` at the top of a codebook
    and `small_cell: 3` further down would publish with 3. Refuse, naming both lines."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            raise ConfigError(
                f"de sleutel '{key.value[:120]}' staat twee keer in hetzelfde blok (regel {seen[key.value]} en "
                f"regel {line}); YAML zou stil de laatste gebruiken",
                file=name, row=line,
                fix="houd één van de twee en verwijder de andere",
            )
        seen[key.value] = line


class BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that bounds what anchors (&) and aliases (*) expand to.

    Codebooks use an anchor for a shared answer scale, which is fine; nested aliases expand
    exponentially ("billion laughs") and a recursive one never ends, so the document's expanded
    size is counted on the composed graph (each node once, memoised) before anything walks it.
    """

    def compose_document(self):  # noqa: ANN201 - PyYAML's signature
        node = super().compose_document()
        sizes: dict[int, int] = {}
        busy: set[int] = set()

        def size(n: yaml.Node) -> int:
            key = id(n)
            if key in sizes:
                return sizes[key]
            if key in busy:
                raise ConfigError("het codeboek verwijst met een YAML-verwijzing (*naam) naar zichzelf",
                                  file=getattr(self, "name", None), row=n.start_mark.line + 1,
                                  fix="schrijf de waarden voluit in plaats van met & en * te verwijzen")
            busy.add(key)
            total = 1
            if isinstance(n, yaml.SequenceNode):
                total += sum(size(c) for c in n.value)
            elif isinstance(n, yaml.MappingNode):
                _no_duplicate_keys(n, getattr(self, "name", None))
                total += sum(size(k) + size(v) for k, v in n.value)
            busy.discard(key)
            sizes[key] = total
            return total

        expanded = size(node) if node is not None else 0
        if expanded > MAX_NODES:
            raise ConfigError(
                f"het codeboek wordt door YAML-verwijzingen (&naam en *naam) {expanded:,} waarden groot; "
                f"de grens is {MAX_NODES:,}".replace(",", "."),
                file=getattr(self, "name", None),
                fix="gebruik & en * alleen voor een gedeelde antwoordschaal, niet genest",
            )
        return node

    def construct_checked_timestamp(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        """A date that does not exist (`period.end: 2022-06-31`) in Dutch with its line, not "Onverwachte fout"."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise ConfigError(
                f"'{node.value[:40]}' is geen bestaande datum ({'dag' if 'day' in str(exc) else 'maand' if 'month' in str(exc) else 'datum'} "
                "bestaat niet)", file=getattr(self, "name", None), row=node.start_mark.line + 1, value=node.value[:40],
                expected="een datum als 2024-06-30 (jaar-maand-dag)",
                fix="verbeter de datum in het codeboek (bv. 30 juni in plaats van 31 juni)",
            ) from None


BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", BoundedLoader.construct_checked_timestamp)


def check_bounds(cb: Codebook, path: Path) -> None:
    problems = []
    for key, (low, high) in BOUNDS.items():
        value = getattr(cb, key)
        if not low <= value <= high:
            problems.append(f"sleutel '{key}': {value} ligt niet tussen {low} en {high}")
    if cb.small_cell_sensitive < cb.small_cell:
        problems.append(f"sleutel 'small_cell_sensitive' ({cb.small_cell_sensitive}) is kleiner dan "
                        f"'small_cell' ({cb.small_cell}); gevoelige vragen krijgen minstens dezelfde drempel")
    if cb.min_base_pct > cb.flag_base_pct:
        problems.append(f"sleutel 'min_base_pct' ({cb.min_base_pct}) is groter dan 'flag_base_pct' "
                        f"({cb.flag_base_pct}); onder min_base_pct komt geen percentage, tot flag_base_pct een markering")
    # swapped bounds refused every answer (`min: 99, max: 16`: 100 % of the rows quarantined) or every date
    if cb.period.start > cb.period.end:
        problems.append(f"sleutel 'period': het begin ({cb.period.start}) ligt na het einde ({cb.period.end})")
    for i, q in enumerate(cb.questions):
        if q.min is not None and q.max is not None and q.min > q.max:
            problems.append(f"sleutel 'questions[{i}]' ({q.name}): min ({q.min:g}) is groter dan max ({q.max:g})")
        if q.earliest is not None and q.latest is not None and q.earliest > q.latest:
            problems.append(f"sleutel 'questions[{i}]' ({q.name}): earliest ({q.earliest}) ligt na latest ({q.latest})")
    if problems:
        raise ConfigError(
            f"het codeboek klopt niet ({count(len(problems), 'probleem', 'problemen')})", file=path, details=problems,
            fix="pas de genoemde sleutels aan (verwisseld?); de standaard drempels zijn small_cell 5, "
                "small_cell_sensitive 10, min_base_pct 30, flag_base_pct 60 (zie docs/codebook.md)",
        )


def key_path(loc: tuple) -> str:
    """A pydantic error location as a codebook key: questions[3].answers[0].label."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out



_FOUND = {"[e-mail]": "een e-mailadres", "[telefoon]": "een telefoonnummer",
          "[rijksregisternummer]": "een rijksregisternummer", "[rekeningnummer]": "een rekeningnummer (IBAN)",
          "[adres]": "een adres", "[nummerplaat]": "een nummerplaat"}


def published_texts(cb: Codebook) -> list[tuple[str, str]]:
    """(where, text) for every text of the codebook that reaches a report, chart or table, or git."""
    out = [("title", cb.title), ("source_line", cb.source_line), ("method", cb.method)]
    # file names: provenance.json and the report's appendix name the files the pipeline reads
    out += [("export.file", cb.export.file)] if getattr(cb, "export", None) else []
    out += [("coding.file", cb.coding.file)] if getattr(cb, "coding", None) else []
    if cb.target_description:
        out.append(("target_description", cb.target_description))
    for q in cb.questions:
        out += [(f"vraag '{q.name}': label", q.label)] + ([(f"vraag '{q.name}': text", q.text)] if q.text else [])
        for a in q.answers:
            out += [(f"vraag '{q.name}', antwoord '{a.code}': label", a.label)]
            out += [(f"vraag '{q.name}', antwoord '{a.code}': aliases", alias) for alias in a.aliases]
        out += [(f"vraag '{q.name}': missing", m) for m in q.missing]
        out += [(f"vraag '{q.name}': bins.labels", b) for b in (q.bins.labels if q.bins else [])]
    out += [(f"thema '{t.code}': label", t.label) for t in cb.themes]
    if cb.correspondence:
        out += [("correspondence.majority_label", cb.correspondence.majority_label),
                ("correspondence.minority_label", cb.correspondence.minority_label)]
    return out


def check_identifying_text(cb: Codebook, path: Path | None = None) -> None:
    """Refuse a codebook whose titles, labels, aliases or missing codes hold an e-mail address, phone
    number, national register number, IBAN or street address (e.g. an "Anders, namelijk" answer that
    a draft copied as a label): the codebook is committed to git and its labels are published."""
    from pipeline.privacy import scrub  # privacy is only needed here

    details = []
    for where, text in published_texts(cb):
        cleaned = scrub(text)
        if cleaned != text:
            kinds = sorted({kind for mark, kind in _FOUND.items() if mark in cleaned and mark not in text})
            details.append(f"{where}: bevat {' en '.join(kinds) or 'identificerende gegevens'} ('{cleaned}')")
    if details:
        raise ConfigError(
            f"het codeboek bevat gegevens die een persoon kunnen identificeren ({len(details)} keer)",
            file=path or cb.path,
            details=details,
            fix="vervang deze teksten door een algemene omschrijving (bv. 'Anders') of verwijder het antwoord; "
            "het codeboek wordt in git bewaard en zijn labels komen in de rapporten, grafieken en tabellen",
        )


def yaml_problem(problem: str, line: str | None) -> tuple[str, str]:
    """PyYAML's English problem as the researcher's mistake, and what to do (the line number is said apart)."""
    if "\t" in problem or (line is not None and "\t" in line[: len(line) - len(line.lstrip())]):
        return ("er staat een tab op deze regel; YAML springt alleen in met spaties",
                "vervang de tab door spaties (zet in je editor 'tabs als spaties' aan)")
    if line is not None and "\u00a0" in line:
        return ("er staat een vaste spatie (no-break space) op deze regel, die YAML niet als spatie leest",
                "typ de spaties op deze regel opnieuw, als gewone spaties")
    if "mapping values are not allowed" in problem:
        return ("een dubbele punt (:) in een tekst zonder aanhalingstekens, of een regel die verkeerd inspringt",
                'zet een tekst met een dubbele punt tussen aanhalingstekens (label: "Gender: wat ben je?") en '
                "controleer of de regel even ver inspringt als de andere sleutels van zijn blok")
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        return ("deze regel springt anders in dan de regels van zijn blok",
                "laat de regel even ver inspringen (met spaties) als de andere sleutels of lijstregels van hetzelfde "
                "blok")
    if "could not find expected ':'" in problem:
        return ("een sleutel zonder dubbele punt, of een tekst over twee regels zonder aanhalingstekens",
                "schrijf 'sleutel: waarde' op één regel, en zet een lange tekst tussen aanhalingstekens")
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return ("een aanhalingsteken dat niet gesloten wordt",
                "sluit de tekst met hetzelfde aanhalingsteken waarmee ze begint (\" of ')")
    if "found character" in problem and "cannot start any token" in problem:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return (f"het teken {char} kan zo geen waarde beginnen",
                "zet de waarde tussen aanhalingstekens")
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return ("een '&' of '*' aan het begin van een waarde", "zet de waarde tussen aanhalingstekens")
    return (f"YAML meldt: {problem}",
            "controleer deze regel: inspringen met spaties, een tekst met ':' of '#' tussen aanhalingstekens")

