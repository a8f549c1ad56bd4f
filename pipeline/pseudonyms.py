"""Keyed pseudonyms, and the key they need (see docs/privacy.md, "the key rules").

* :func:`load_key`: the key from ``LEVL_PSEUDONYM_KEY`` or ``.pseudonym_key`` (mode 0600, outside git);
  at least 32 bytes; a new one only in a project without pseudonymised outputs; a lost or different
  key stops with a Dutch message.
* :func:`fingerprint`: names a key without revealing it, recorded in ``ingest.json`` and provenance.
* :func:`pseudonymise`: HMAC-SHA256 of respondent ids.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.errors import ConfigError
from pipeline.io import ROOT

KEY_BYTES = 32  # the least key length accepted: 256 bits, out of reach of brute force
KEY_FILE = ".pseudonym_key"


def fingerprint(key: bytes) -> str:
    """Names a key without giving it away: the first 16 hex of HMAC-SHA256(key, "levl-fingerprint")."""
    return hmac.new(key, b"levl-fingerprint", "sha256").hexdigest()[:16]


def recorded_fingerprints(processed: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Key fingerprints recorded in ``processed/*/ingest.json`` → consultations, and every consultation
    that has pseudonymised outputs (with or without a recorded fingerprint)."""
    by_fingerprint: dict[str, list[str]] = {}
    made = []
    for folder in sorted(p for p in processed.glob("*") if p.is_dir()):
        report = folder / "ingest.json"
        if not (report.exists() or (folder / "ingested.parquet").exists()):
            continue
        made.append(folder.name)
        try:
            recorded = json.loads(report.read_text(encoding="utf-8")).get("key_fingerprint")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(recorded, str):
            by_fingerprint.setdefault(recorded, []).append(folder.name)
    return by_fingerprint, made


def load_key(env_var: str = "LEVL_PSEUDONYM_KEY", key_file: Path | str | None = None,
             processed: Path | str | None = None) -> bytes:
    """The pseudonymisation key: ``env_var`` (hex or text) wins, else the key file.

    A new key file (32 random bytes) is made only when no pseudonymised outputs exist yet in
    ``processed`` (default: ``processed/`` beside the key file); a key shorter than 32 bytes, a
    missing key while outputs exist, or a key whose fingerprint differs from the one recorded in
    those outputs stops with a :class:`ConfigError` that explains what to do.
    """
    path = Path(key_file) if key_file is not None else ROOT / KEY_FILE
    processed = Path(processed) if processed is not None else path.parent / "processed"
    by_fingerprint, made = recorded_fingerprints(processed)
    from_env = os.environ.get(env_var, "").strip()
    if from_env:
        key = _checked(_key_bytes(from_env), f"de omgevingsvariabele {env_var}", None, env_var)
    elif path.exists():
        key = _checked(_key_bytes(_read_key_file(path)), "het sleutelbestand", path, env_var)
    elif made:
        raise ConfigError(
            "De sleutel voor de pseudoniemen ontbreekt, maar er zijn al verwerkte gegevens gemaakt met een "
            "sleutel (in processed/: " + ", ".join(made) + ").",
            file=str(path),
            details=[_CONSEQUENCE],
            fix=f"zet het oorspronkelijke bestand {KEY_FILE} terug in de projectmap (of zet {env_var}); "
            "wilt u bewust opnieuw beginnen met nieuwe pseudoniemen, voer dan `make clean` uit en daarna "
            "`make all`.",
        )
    else:
        key = _create_key(path)
    mine = fingerprint(key)
    others = sorted(c for fp, names in by_fingerprint.items() if fp != mine for c in names)
    if others:
        raise ConfigError(
            "De sleutel voor de pseudoniemen is niet dezelfde als de sleutel waarmee de verwerkte gegevens "
            "van " + ", ".join(others) + " gemaakt zijn.",
            file=str(path) if not from_env else env_var,
            details=[_CONSEQUENCE, "Gegevens met verschillende sleutels worden nooit gemengd."],
            fix=f"zet de oorspronkelijke sleutel terug ({KEY_FILE} of {env_var}); wilt u bewust opnieuw "
            "beginnen met nieuwe pseudoniemen, voer dan `make clean` uit en daarna `make all`.",
        )
    return key


_CONSEQUENCE = (
    "Met een andere sleutel krijgt elke respondent een nieuw pseudoniem: de koppeling met eerdere golven, "
    "met andere raadplegingen en met de gekozen citaten en codes (quotes.csv, codes.csv) gaat verloren."
)


def _create_key(path: Path) -> bytes:
    """Write a new key to a temporary file and link it into place: another process (make -j) never
    sees a half-written key, and when two race, both use the one that was linked first."""
    token = secrets.token_hex(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:  # created meanwhile by another process: use that one
        return _checked(_key_bytes(_read_key_file(path)), "het sleutelbestand", path, "")
    finally:
        tmp.unlink(missing_ok=True)
    os.chmod(path, 0o600)
    print(f"Nieuwe sleutel voor pseudoniemen gemaakt in {path} (32 willekeurige bytes). Bewaar dit bestand "
          "veilig en buiten git: zonder deze sleutel krijgen latere golven andere pseudoniemen.", file=sys.stderr)
    return bytes.fromhex(token)


def _checked(key: bytes, source: str, path: Path | None, env_var: str) -> bytes:
    """Refuse keys that can be guessed: shorter than 32 bytes, or with fewer than 8 different bytes."""
    if len(key) >= KEY_BYTES and len(set(key)) >= 8:
        return key
    problem = "is leeg" if not key else (
        f"is te kort ({len(key)} bytes; minstens {KEY_BYTES} willekeurige bytes nodig)" if len(key) < KEY_BYTES
        else "is niet willekeurig genoeg (te weinig verschillende tekens)")
    raise ConfigError(
        f"De sleutel voor de pseudoniemen in {source} {problem}: zo'n sleutel kan geraden worden, "
        "en dan zijn de pseudoniemen terug te rekenen.",
        file=str(path) if path is not None else None,
        fix="zet de oorspronkelijke sleutel terug als die langer was; anders: maak een nieuwe met "
        "`python -c \"import secrets; print(secrets.token_hex(32))\"` (64 hex-tekens) en begin opnieuw met "
        "`make clean` en `make all` (alle pseudoniemen veranderen dan)"
        + (f"; of maak {env_var} leeg om {KEY_FILE} te gebruiken" if path is None and env_var else ""),
    )


def _read_key_file(path: Path) -> str:
    """The key file's text; a file that cannot be read, or is not text (raw random bytes, UTF-16), stops
    with a message instead of a traceback."""
    try:
        return path.read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError) as err:
        reason = ("is geen tekst (de sleutel moet als 64 hex-tekens op één regel staan)"
                  if isinstance(err, UnicodeDecodeError) else f"kan niet gelezen worden ({err.strerror})")
        raise ConfigError(
            f"Het sleutelbestand voor de pseudoniemen {reason}.",
            file=str(path),
            fix="staat de sleutel ergens anders als tekst, zet die dan in dit bestand; is dit een nieuw "
            "project, maak er dan een met `python -c \"import secrets; print(secrets.token_hex(32))\" > "
            f"{KEY_FILE}` (en `chmod 600 {KEY_FILE}`)",
        ) from None


def _key_bytes(text: str) -> bytes:
    if len(text) % 2 == 0 and re.fullmatch(r"[0-9a-fA-F]+", text):
        return bytes.fromhex(text)
    return text.encode("utf-8")


def personal_code(value: object) -> str:
    """A code a person typed, as it is keyed: its letters and digits only, in one case (NFKC first, so a
    full-width "ＦＡ" is "fa"). "fa 07-67", "FA0767" and " Fa.0767 " are one code; '' and NA stay ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def salt_for(respondent, consultation: str) -> str:
    """What goes before each response id of a consultation when it is keyed: the consultation's id, so that
    response 1 of two consultations (every tool numbers from 1) gets two pseudonyms, and a join of two
    consultations' data links no one. A personal code (``respondent.personal_code``, paired waves) is typed by the
    same person in both waves and must give the same pseudonym in both: no salt."""
    return "" if respondent.personal_code else f"{consultation}:"


def pseudonymise(values: Iterable[str], key: bytes, prefix: str = "R", salt: str = "") -> list[str]:
    """HMAC-SHA256 of ``salt`` + each value (surrounding spaces ignored) → 'R-' + 12 hex characters; '' stays ''.

    The HMAC of RFC 2104 from SHA-256 states that already hold the padded key (:func:`_hmac_states`),
    copied per value: the same digest as ``hmac.digest(key, value, "sha256")``, which sets the key up
    again for every value (2.0 s instead of 1.0 s for a million respondents).
    """
    head = f"{prefix}-" if prefix else ""
    inner, outer = _hmac_states(key)
    out: list[str] = []
    append = out.append
    for value in values:
        if value.__class__ is not str:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                append("")
                continue
            value = str(value)
        text = value.strip()
        if not text:
            append("")
            continue
        h = inner.copy()
        h.update((salt + text).encode("utf-8") if salt else text.encode("utf-8"))
        o = outer.copy()
        o.update(h.digest())
        append(head + o.digest()[:6].hex())  # the first 12 hex characters
    return out


def _hmac_states(key: bytes) -> tuple:
    """SHA-256 after the inner and the outer padded key of HMAC (RFC 2104; block size 64 bytes)."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner, outer
