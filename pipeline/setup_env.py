"""Set up (or repair) the project's environment: ``python pipeline/setup_env.py VENV [--dev]``.

Run by ``make`` with the base interpreter (``PYTHON=...``), before anything else. It

1. checks the interpreter's version first: an unsupported one gets one Dutch message naming the
   version found and the versions supported, and nothing is created;
2. recreates the environment when it was made by another Python or was left half-made (the stamp
   ``VENV/.installed-<x.y>`` is written last, so a stamp-less folder is half-made); a complete
   one whose lock changed is synced in place;
3. installs ``requirements.lock`` (hashed, universal: 3.11–3.13, Linux/macOS/Windows) with uv when
   uv is available (on the PATH, or installed into the environment from PyPI), else with pip,
   showing progress; with ``--dev`` also ``requirements-dev.lock`` (JupyterLab, for ``make lab``).

Written for any Python 3 so that an old interpreter can still print the message.
"""

import os
import shutil
import subprocess
import sys

SUPPORTED = ((3, 11), (3, 12), (3, 13))
UV_VERSION = "0.13.9"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version_text(v):
    return "%d.%d" % (v[0], v[1])


def say(text):
    sys.stdout.write("[omgeving] %s\n" % text)
    sys.stdout.flush()


def fail(text):
    sys.stderr.write("Probleem met de installatie: %s\n" % text)
    sys.exit(1)


def check_version():
    found = tuple(sys.version_info[:2])
    if found not in SUPPORTED:
        names = [version_text(v) for v in SUPPORTED]
        supported = ", ".join(names[:-1]) + " of " + names[-1]
        fail("Python %s gevonden (%s); deze pijplijn werkt met Python %s.\n"
             "  oplossing: installeer een ondersteunde versie en kies ze met bv. "
             "`make all PYTHON=python3.12` (er is geen .venv aangemaakt)."
             % (version_text(found), sys.executable, supported))
    return version_text(found)


def venv_python(venv):
    if os.name == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def venv_version(venv):
    """The x.y of the Python that made ``venv``, from its pyvenv.cfg; None when unreadable."""
    try:
        with open(os.path.join(venv, "pyvenv.cfg"), encoding="utf-8") as cfg:
            for line in cfg:
                key, _, value = line.partition("=")
                if key.strip() in ("version", "version_info"):
                    return ".".join(value.strip().split(".")[:2])
    except OSError:
        return None
    return None


def stamp_path(venv, version):
    return os.path.join(venv, ".installed-" + version)


def remove(venv):
    if os.path.islink(venv) or os.path.isfile(venv):
        os.unlink(venv)
    elif os.path.exists(venv):
        shutil.rmtree(venv)


def why_recreate(venv, version):
    """Why an existing ``venv`` cannot be reused with Python ``version``; None when it can."""
    if os.path.islink(venv) and not os.path.exists(venv):
        return "%s verwijst naar een map die niet (meer) bestaat" % venv
    if not os.path.lexists(venv):
        return None
    if not os.path.isdir(venv):
        return "%s is een bestand, geen omgeving" % venv
    made_by = venv_version(venv)
    if made_by != version:
        return "%s is gemaakt met Python %s, niet %s" % (venv, made_by or "?", version)
    if not os.path.exists(stamp_path(venv, version)):
        return "%s is niet volledig geïnstalleerd" % venv
    return None


def prepare(venv, version):
    """Reuse a complete environment of this Python; recreate a foreign or half-made one."""
    reason = why_recreate(venv, version)
    if reason:
        say(reason + ": opnieuw aanmaken")
        remove(venv)
    if not os.path.exists(venv):
        say("nieuwe omgeving %s met Python %s" % (venv, version))
        if subprocess.call([sys.executable, "-m", "venv", venv]) != 0:
            remove(venv)
            fail("de omgeving %s kon niet worden aangemaakt met %s (zie de melding hierboven).\n"
                 "  oplossing: controleer of de map schrijfbaar is en of het pakket voor `venv` bij deze Python"
                 " geïnstalleerd is (op Debian/Ubuntu: python3-venv), en voer `make all` opnieuw uit."
                 % (venv, sys.executable))


def find_uv(venv):
    """uv from the PATH, else installed into the environment from PyPI; None if neither works."""
    on_path = shutil.which("uv")
    if on_path:
        return on_path
    py = venv_python(venv)
    say("uv %s installeren (snelle installatie met hashes)" % UV_VERSION)
    done = subprocess.call([py, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off",
                            "uv==" + UV_VERSION])
    if done != 0:
        return None
    name = "uv.exe" if os.name == "nt" else "uv"
    candidate = os.path.join(os.path.dirname(py), name)
    return candidate if os.path.exists(candidate) else None


def install(venv, lock_files, exact):
    py = venv_python(venv)
    uv = None if os.environ.get("LEVL_NO_UV") else find_uv(venv)
    for lock in lock_files:
        say("pakketten uit %s installeren met %s" % (lock, "uv" if uv else "pip"))
        if uv:
            verb = "sync" if exact else "install"
            # --compile-bytecode: uv, unlike pip, leaves the .pyc files out by default, and where Python may
            # not write them itself (PYTHONDONTWRITEBYTECODE, a read-only folder) every stage then compiled
            # pandas, scipy and matplotlib from source again: 3 of its 5 s of imports
            cmd = [uv, "pip", verb, "--require-hashes", "--compile-bytecode", "--python", py, os.path.join(ROOT, lock)]
            if subprocess.call(cmd) == 0:
                continue
            say("uv lukte niet; opnieuw met pip")
        cmd = [py, "-m", "pip", "install", "--disable-pip-version-check", "--require-hashes",
               "-r", os.path.join(ROOT, lock)]
        if subprocess.call(cmd) != 0:
            fail("de pakketten uit %s konden niet worden geïnstalleerd (zie de melding hierboven).\n"
                 "  oplossing: controleer de internetverbinding naar PyPI en voer `make all` opnieuw uit;"
                 " de half gemaakte omgeving wordt dan vervangen." % lock)
        exact = False
    # The project itself: a .pth file puts the checkout on the path (no copy, edits take effect).
    site = subprocess.check_output([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    with open(os.path.join(site.decode().strip(), "levl-pipeline.pth"), "w", encoding="utf-8") as pth:
        pth.write(ROOT + "\n")


def main(argv):
    version = check_version()
    if not argv:
        fail("gebruik: python pipeline/setup_env.py VENV [--dev]")
    venv, dev = argv[0], "--dev" in argv[1:]
    if dev:
        if not os.path.exists(stamp_path(venv, version)):
            fail("de omgeving %s is er nog niet; voer eerst `make env` uit." % venv)
        install(venv, ["requirements-dev.lock"], exact=False)
        open(os.path.join(venv, ".installed-dev"), "w").close()
        say("JupyterLab geïnstalleerd")
        return 0
    prepare(venv, version)
    for old in os.listdir(venv):
        if old.startswith(".installed-"):
            os.remove(os.path.join(venv, old))
    install(venv, ["requirements.lock"], exact=True)
    open(stamp_path(venv, version), "w").close()
    say("klaar: %s (Python %s)" % (venv, version))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, subprocess.SubprocessError) as error:
        fail("%s (%s).\n  oplossing: los dit op (schrijfrechten, vrije schijfruimte) en voer `make all` opnieuw uit."
             % (getattr(error, "strerror", None) or error, getattr(error, "filename", None) or "omgeving"))
