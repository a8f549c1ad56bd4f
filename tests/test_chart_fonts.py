"""The charts' font lookups and text sizes are remembered per process (pipeline/charts/style.py,
`_remember_font_lookups`, `_remember_text_sizes`): the images must be the ones matplotlib's own lookup and
measurement give, in every weight, style and size, at several dpi, and for characters only the fallback font
has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import hashlib, io, sys
from pipeline.charts import style
if sys.argv[1] == "plain":
    style._remember_font_lookups = lambda manager: None
    style._remember_text_sizes = lambda: None
style.use()
import matplotlib.pyplot as plt
from matplotlib import font_manager
digest = hashlib.sha256()
for size, dpi in ((8, 150), (10, 150), (14, 150), (10, 72), (10, 300), (8, 300)):
    fig, ax = plt.subplots(figsize=(4, 2), layout="constrained")
    ax.bar(["Huurwoning", "Sociale woning", "Ἀθῆναι"], [3, 5, 2])
    ax.set_title("Wonen in Gent — 12,5 %", fontweight="bold", fontsize=size)
    ax.text(0.1, 0.5, "schuin ١٢٣ ✓", style="italic", transform=ax.transAxes)
    ax.text(0.1, 0.2, "dun", fontweight="light", family=["DejaVu Sans"], transform=ax.transAxes)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    digest.update(buf.getvalue())
found = font_manager.fontManager._find_fonts_by_props(font_manager.FontProperties(weight="bold"))
print(digest.hexdigest(), [str(p) for p in found])
"""


def _run(kind: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-c", SCRIPT, kind], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_remembered_font_lookups_draw_the_same_images():
    plain, remembered = _run("plain"), _run("remembered")
    assert plain == remembered
    assert "OpenSans" in remembered  # the shipped font is the one found


MATH_AND_LAST_RESORT = """
import hashlib, io, sys, warnings
warnings.simplefilter("ignore")
from pipeline.charts import style
if sys.argv[1] == "plain":
    style._remember_text_sizes = lambda: None
style.use()
import matplotlib.pyplot as plt

def draw():
    fig, ax = plt.subplots(figsize=(4, 2.5), layout="constrained")
    ax.plot([1, 2, 3])
    ax.set_ylabel(r"$\\rho_{huur} / m^2$", parse_math=True, fontsize=14)
    ax.set_title("Huur per m² 👍")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150)
    plt.close(fig)
    return buf.getvalue()

digest = hashlib.sha256(draw())
plt.rcParams["mathtext.default"] = "regular"  # a notebook's settings changed between two charts
plt.rcParams["font.enable_last_resort"] = False
digest.update(draw())
print(digest.hexdigest())
"""


def test_settings_changed_between_charts_are_not_answered_from_memory():
    # review: mathtext's settings and the last-resort font were not in the key, and a second chart kept the first
    # one's sizes (mathtext is now measured by matplotlib itself; the last resort is in the key)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = [subprocess.run([sys.executable, "-c", MATH_AND_LAST_RESORT, kind], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300) for kind in ("plain", "remembered")]
    assert all(o.returncode == 0 for o in out), [o.stderr for o in out]
    assert out[0].stdout == out[1].stdout
