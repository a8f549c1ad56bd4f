"""What the command line does when a stage fails: one Dutch message, never a Python traceback.

* A :class:`~pipeline.errors.PipelineError` (a problem a researcher can fix) is printed as is.
* A full disk or a folder that cannot be written to becomes a message that names the file.
* Anything else is a fault in the pipeline itself: the researcher gets one message naming the
  stage and the consultation and what to do; the full traceback (with e-mail addresses, phone
  numbers and similar scrubbed from the error text) goes to
  ``processed/<id>/errors/traceback-<stage>.txt``. With ``LEVL_DEBUG=1`` it is printed as well.

Every failed stage also leaves a marker ``processed/<id>/errors/failed-<stage>`` (the stage and
the kind of problem, no data), which `make all` reads to list the consultations that failed; a
stage that succeeds removes its marker. The marker and the traceback are written atomically and
a failure to write them never hides the original message.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from pathlib import Path

from pipeline.errors import DataError, PipelineError
from pipeline.fmt import count

DEBUG_VAR = "LEVL_DEBUG"
UNEXPECTED_EXIT = 1
# errno values that mean "this machine cannot store the output", not "the pipeline is wrong"
STORAGE = {errno.ENOSPC: "de schijf is vol", errno.EDQUOT: "de schijfruimte (quota) is op",
           errno.EROFS: "de map staat op een alleen-lezen schijf", errno.EACCES: "je hebt geen schrijfrechten",
           errno.EPERM: "je hebt geen schrijfrechten", errno.EFBIG: "het bestand wordt te groot voor de schijf"}


# The signal that stopped this run (Ctrl-C or a kill), if any: set by the command line's handler
# (pipeline/__main__.py) and read where a stop must not be taken for an error (pipeline/report/inprocess.py).
STOPPED: list[int] = []


def stopped_message(signum: int) -> str:
    """The one line for a stage stopped by Ctrl-C (SIGINT) or a kill (SIGTERM)."""
    import signal

    how = "onderbroken (Ctrl-C)" if signum == signal.SIGINT else "onderbroken (gestopt door een ander programma)"
    return (f"\nDe stap is {how}: de vorige uitvoer blijft ongewijzigd staan. Voer `make all` opnieuw uit om "
            "verder te bouwen.\n")


def errors_dir(consultation: str) -> Path:
    from pipeline.io import ROOT

    return ROOT / "processed" / ("overzicht" if consultation == "all" else consultation) / "errors"


def debug() -> bool:
    return os.environ.get(DEBUG_VAR, "").strip() not in ("", "0")


def storage_error(exc: OSError, file: str | Path | None = None, writing: bool = True) -> DataError | None:
    """A full disk or an unwritable folder as a Dutch message, or None for any other OSError.

    ``writing`` is False when it is not known whether the file was being read or written."""
    reason = STORAGE.get(exc.errno)
    if reason is None and exc.errno is None:  # pyarrow and others: an OSError with only a text
        text = str(exc).lower()
        reason = next((STORAGE[e] for e, words in ((errno.ENOSPC, "no space left"), (errno.EFBIG, "file too large"),
                                                  (errno.EACCES, "permission denied"),
                                                  (errno.EROFS, "read-only file system")) if words in text), None)
    if reason is None:
        return None
    where = file or exc.filename
    return DataError(
        f"Een bestand kon niet {'weggeschreven' if writing else 'gelezen of weggeschreven'} worden: {reason}.",
        file=where,
        fix=("Maak ruimte vrij op de schijf of kies een schijf met meer ruimte, en voer `make all` opnieuw uit."
             if "ruimte" in reason or "groot" in reason or "vol" in reason else
             "Controleer de rechten van de map (of sluit het bestand als het open staat in een ander programma) "
             "en voer `make all` opnieuw uit."),
        details=["De vorige versie van het bestand is niet aangeraakt."] if writing else [],
    )


def _write(path: Path, text: str) -> bool:
    try:
        from pipeline.io import write_text

        write_text(path, text)
        return True
    except Exception:  # noqa: BLE001 - the disk may be full: the message on the terminal is what counts
        return False


def _scrubbed_traceback(exc: BaseException) -> str:
    text = "".join(traceback.format_exception(exc))
    try:
        from pipeline.privacy import scrub

        return scrub(text)
    except Exception:  # noqa: BLE001
        return text


def capped(message: str, max_lines: int = 40, max_chars: int = 1000) -> str:
    """A message a person can read: at most ``max_lines`` lines of at most ``max_chars`` characters."""
    lines = [line if len(line) <= max_chars else line[:max_chars] + f"… ({len(line):,} tekens)".replace(",", ".")
             for line in message.splitlines()]
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"  … en nog {count(len(lines) - max_lines, 'regel', 'regels')}"]
    return "\n".join(lines)


def tell(message: str) -> None:
    """``message`` and its line end on stderr in one write: `make all` runs two consultations at once and
    shows their lines as they come, so a message printed in pieces (print writes the "\n" apart) could
    take another stage's line into its middle. Progress lines (pipeline/io.py ``say``) use it too."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def succeeded(stage: str, consultation: str) -> None:
    marker = errors_dir(consultation) / f"failed-{stage}"
    try:
        marker.unlink(missing_ok=True)
    except OSError:
        pass


def failed(stage: str, consultation: str, exc: BaseException) -> int:
    """Print the message for ``exc`` and return the exit code; leave the marker (and traceback)."""
    folder = errors_dir(consultation)
    mark = stage != "new"  # `new` has no make target to list
    if isinstance(exc, OSError) and storage_error(exc, writing=False) is not None:
        exc = storage_error(exc, writing=False)
    if isinstance(exc, PipelineError):
        tell(capped(str(exc)))
        if mark:
            _write(folder / f"failed-{stage}", f"{stage}\n{exc.kind}\n")
        return exc.exit_code
    trace = _scrubbed_traceback(exc)
    trace_file = folder / f"traceback-{stage}.txt"
    saved = _write(trace_file, trace)
    if mark:
        _write(folder / f"failed-{stage}", f"{stage}\nonverwachte fout ({type(exc).__name__})\n")
    lines = [
        f"Onverwachte fout: de stap '{stage}' van raadpleging '{consultation}' is mislukt door een fout in "
        "de pipeline zelf (of door iets in de export of het codeboek dat de pipeline niet verwacht).",
        f"  technische soort: {type(exc).__name__}",
    ]
    if saved:
        lines.append(f"  details:   {trace_file}")
    lines.append(
        "  oplossing: meld dit aan wie de pipeline onderhoudt en stuur het bestand met de details mee "
        "(e-mailadressen en telefoonnummers zijn eruit gehaald; kijk het toch na voor je het deelt). "
        "De andere raadplegingen worden gewoon gebouwd; de vorige versie van de uitvoer blijft staan."
    )
    if not debug():
        lines.append(f"  (zet {DEBUG_VAR}=1 om de volledige technische melding hier te zien)")
    if debug():
        lines.append(trace.rstrip("\n"))
    tell("\n".join(lines))
    return UNEXPECTED_EXIT
