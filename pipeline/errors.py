"""Errors that speak to researchers, not programmers.

Two kinds, with the exit codes the command line uses:

* :class:`DataError` (exit 1): something in a raw export or a researcher's CSV is wrong.
* :class:`ConfigError` (exit 2): a codebook or a command is wrong.

Each carries a file and, where it applies, the row, the column, the value found, what was
expected and how to fix it; ``str(err)`` is the readable message printed by the CLI, with
identifying values scrubbed (see docs/privacy.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Characters that a terminal obeys instead of showing: C0 controls but tab and newline (ESC starts
# an ANSI sequence such as "\x1b[2J", clear screen; CR overwrites the line), DEL, C1 controls
# ("\x9b" is a one-byte ESC [) and the bidirectional overrides and isolates that reorder a line.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would obey shown as its code (``\\x1b``), so a
    value from an export can neither rewrite the screen nor hide itself in a message."""
    return _TERMINAL_CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


@dataclass
class PipelineError(Exception):
    """A problem a researcher can fix, described in values."""

    message: str
    file: str | Path | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None
    fix: str | None = None
    details: list[str] = field(default_factory=list)

    exit_code = 1
    kind = "Probleem met de gegevens"

    def __str__(self) -> str:
        """The message as printed: every line scrubbed of e-mail addresses, phone numbers, register
        numbers, IBANs and addresses, since values come from respondents and stderr ends up in logs."""
        from pipeline.privacy import scrub  # privacy imports this module

        value = scrub(self.value) if isinstance(self.value, str) else self.value
        return scrub(self._text(value))  # the value first on its own: "'" is allowed in an e-mail address

    def _text(self, value: object) -> str:
        lines = [f"{self.kind}: {self.message}"]
        if self.file is not None:
            lines.append(f"  bestand:   {_shown(self.file)}")
        if self.row is not None:
            lines.append(f"  rij:       {self.row}")
        if self.column is not None:
            lines.append(f"  kolom:     {self.column}")
        if value is not None:
            lines.append(f"  waarde:    {value!r}")
        if self.expected is not None:
            lines.append(f"  verwacht:  {self.expected}")
        lines.extend(f"  - {d}" for d in self.details)
        if self.fix is not None:
            lines.append(f"  oplossing: {self.fix}")
        return "\n".join(terminal_safe(line) for line in lines)


def _shown(file: str | Path) -> str:
    """A file inside the project as the researcher finds it from there ("raw/x/export.csv"), else as given."""
    from pipeline.io import ROOT

    try:
        return Path(file).resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(file)


class DataError(PipelineError):
    """A raw export or input CSV breaks its contract (exit code 1)."""

    exit_code = 1
    kind = "Probleem met de gegevens"


class ConfigError(PipelineError):
    """A codebook, configuration or command is wrong (exit code 2)."""

    exit_code = 2
    kind = "Probleem met de configuratie"
