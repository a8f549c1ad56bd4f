"""Errors that speak to researchers, not programmers.

Two kinds, with the exit codes the command line uses:

* :class:`DataError` (exit 1): something in a raw export or a researcher's CSV is wrong.
* :class:`ConfigError` (exit 2): a codebook or a command is wrong.

Each carries a file and, where it applies, the row, the column, the value found, what was
expected and how to fix it; ``str(err)`` is the readable message printed by the CLI, with
identifying values scrubbed (see docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
            lines.append(f"  bestand:   {self.file}")
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
        return "\n".join(lines)


class DataError(PipelineError):
    """A raw export or input CSV breaks its contract (exit code 1)."""

    exit_code = 1
    kind = "Probleem met de gegevens"


class ConfigError(PipelineError):
    """A codebook, configuration or command is wrong (exit code 2)."""

    exit_code = 2
    kind = "Probleem met de configuratie"
