"""`make bench`: the pipeline at up to a thousand times LEVL's scale, reports, incremental builds.

1. Scale: for 1,000 … 1,000,000 synthetic respondents (benchmarks/generate.py), the wall time and
   peak memory (RSS) of ingest → validate → clean → analyse (each stage's load → process → save,
   in a child process per size, LEVL_ROOT pointing at build/bench/root_<n>), against the I/O
   floor: reading the same CSV with pyarrow.csv and writing the same columns to Parquet (also in
   its own child process).
2. Reports: `make -j2 all` from clean in a throw-away copy of the repository (tests/project.py),
   then each consultation's report rendered alone (`python -m pipeline report <id>`).
3. Incremental builds: a no-op `make all`, and the stages that run after touching one export.

Writes reports/benchmarks/results.json and results.md. BENCH_SIZES=1000,10000 limits the sizes;
BENCH_SKIP_MAKE=1 skips parts 2 and 3. See docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BUILD = REPO / "build" / "bench"
OUT = REPO / "reports" / "benchmarks"
SIZES = [1_000, 10_000, 100_000, 1_000_000]
CONSULTATION = "levl_bench"
GOALS = {"ratio_max": 3.0, "peak_mib_max": 2048, "exponent_max": 1.0, "reports_from_clean_s_max": 30.0,
         "noop_make_s_max": 1.0, "stage_200_s_max": 1.0}
# the stages of a consultation of about 200 respondents (issue 15: each under a second), each one's own time
# as make runs them (one process per consultation, --then); the charts (13 charts × 4 images) are timed too,
# but are not part of that goal, and the process start is shown apart
STAGES_200 = ["ingest", "validate", "clean", "analyse"]
TOUCHED = "nieuwkomers_wonen"


# --------------------------------------------------------------------------- child processes

def _child_pipeline(n: int, csv: Path) -> dict:
    root = BUILD / f"root_{n}"
    os.environ["LEVL_ROOT"] = str(root)  # read by pipeline.io at import, below
    os.environ.setdefault("LEVL_PSEUDONYM_KEY", "66ab0f42a45d6bb61b555e4de1ed62e8dd2e51cdd7277683210d6126fddc2d2e")
    (root / "raw" / CONSULTATION).mkdir(parents=True, exist_ok=True)
    target = root / "raw" / CONSULTATION / "bench.csv"
    target.unlink(missing_ok=True)
    os.link(csv, target)
    from pipeline import privacy
    from pipeline.codebook import load_codebook
    from pipeline.io import write_failures, writing_behind

    cb = load_codebook(HERE / "codebook.yml")
    start = time.perf_counter()
    # as make's chain runs them (one process, `--then`): the Parquet files written behind are part of the time,
    # waited for at the end of the block
    with writing_behind():
        times, n_quarantined, accounting, est = _stages(cb, privacy)
    total = time.perf_counter() - start
    failed = write_failures()
    if failed:
        raise RuntimeError(f"a Parquet file written behind failed: {failed}")
    return {"pipeline_s": total, "stages_s": times, "quarantined": n_quarantined,
            "rows_kept": accounting["rows_kept"], "estimates": len(est),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _stages(cb, privacy) -> tuple:
    from pipeline.stages import analyse, clean, ingest, validate

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    raw = ingest.load(cb)
    frame, report = ingest.process(cb, raw, privacy.load_key())
    ingest.save(cb, frame, report)
    del raw, frame
    times["ingest"], t0 = time.perf_counter() - t0, time.perf_counter()
    df = validate.load(cb)
    kept, quarantine, fails = validate.process(cb, df)
    validate.save(cb, kept, quarantine, fails, len(df))
    n_quarantined = len(quarantine)
    del df, kept, quarantine, fails
    times["validate"], t0 = time.perf_counter() - t0, time.perf_counter()
    df, ing, val = clean.load(cb)
    cleaned, accounting = clean.process(cb, df, ing, val)
    clean.save(cb, cleaned, accounting)
    del df, cleaned
    times["clean"], t0 = time.perf_counter() - t0, time.perf_counter()
    est, tests = analyse.process(cb, analyse.load(cb))
    analyse.save(cb, est, tests)
    times["analyse"] = time.perf_counter() - t0
    return times, n_quarantined, accounting, est


def _child_floor(n: int, csv: Path) -> dict:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    out = BUILD / f"floor_{n}.parquet"
    start = time.perf_counter()
    table = pacsv.read_csv(csv)
    pq.write_table(table, out, compression="zstd")
    return {"floor_s": time.perf_counter() - start,
            "floor_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _in_child(kind: str, n: int, csv: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("LEVL_ROOT", None)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--child", kind, str(n), str(csv)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"{kind} at {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- 1. scale

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def bench_scale(sizes: list[int], repeats: int = REPEATS) -> list[dict]:
    """Per size: the pipeline and the floor, each in its own child, taking turns ``repeats`` times.

    This machine's page cache is trimmed in the background (the same CSV read twice in a row can take
    1.6 or 4.5 s), so one run of each says little: the ratio is that of the medians, every run is kept
    in results.json (``runs``), and the peak memory is the largest of the pipeline's runs.
    """
    import statistics

    from benchmarks import generate

    rows = []
    for n in sizes:
        t0 = time.perf_counter()
        csv = generate.write(n)
        gen_s = time.perf_counter() - t0
        pipes, floors = [], []
        for _ in range(max(repeats, 1)):
            floors.append(_in_child("floor", n, csv))
            pipes.append(_in_child("pipeline", n, csv))
        pipe_s = statistics.median(p["pipeline_s"] for p in pipes)
        floor_s = statistics.median(f["floor_s"] for f in floors)
        pipe = min(pipes, key=lambda p: abs(p["pipeline_s"] - pipe_s))  # the median run's stages
        row = {"respondents": n, "pipeline_s": round(pipe_s, 3), "floor_s": round(floor_s, 3),
               "ratio": round(pipe_s / floor_s, 2), "peak_mib": round(max(p["peak_mib"] for p in pipes), 1),
               "floor_peak_mib": round(max(f["floor_peak_mib"] for f in floors), 1),
               "stages_s": {k: round(v, 3) for k, v in pipe["stages_s"].items()},
               "runs": {"pipeline_s": [round(p["pipeline_s"], 3) for p in pipes],
                        "floor_s": [round(f["floor_s"], 3) for f in floors]},
               "quarantined": pipe["quarantined"], "rows_kept": pipe["rows_kept"],
               "csv_mib": round(csv.stat().st_size / 2**20, 1), "generate_s": round(gen_s, 2)}
        print(f"[bench] {n:>9} respondents: pipeline {row['pipeline_s']:.1f} s, floor {row['floor_s']:.2f} s "
              f"(medians of {len(pipes)}), ratio {row['ratio']}, peak {row['peak_mib']:.0f} MiB  {row['stages_s']}",
              flush=True)
        rows.append(row)
    return rows


def exponent(rows: list[dict], key: str = "pipeline_s") -> float | None:
    import numpy as np

    pts = [(r["respondents"], r[key]) for r in rows if r[key] > 0]
    if len(pts) < 2:
        return None
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return round(float(np.polyfit(x, y, 1)[0]), 3)


# --------------------------------------------------------------------------- 2./3. make

def _project():
    spec = importlib.util.spec_from_file_location("_levl_project", REPO / "tests" / "project.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STAGE_LINE = re.compile(r"^\[(?P<id>[a-z0-9_]+)\]\s+(?P<stage>\w+)\s", re.M)
STAGE_TIME = re.compile(r"^\[[a-z0-9_]+\]\s+(?P<stage>\w+)\s.*\((?P<s>[0-9.]+) s\)$", re.M)
RUN_LINE = re.compile(r"-m pipeline(?:\.warm)? (?P<stage>\w+) (?P<id>\w+)")


def bench_make() -> dict:
    project = _project()
    copy = BUILD / "repo"
    if copy.exists():
        shutil.rmtree(copy)
    copy.mkdir(parents=True)
    project.copy_repo(copy)
    project.make(copy, "clean")
    t0 = time.perf_counter()
    full = project.make(copy, "-j2", "all", timeout=1800)
    from_clean = time.perf_counter() - t0
    if full.returncode:
        raise RuntimeError(f"make -j2 all failed:\n{full.stdout[-2000:]}\n{full.stderr[-3000:]}")
    t0 = time.perf_counter()
    noop = project.make(copy, "all")
    noop_s = time.perf_counter() - t0
    noop_ran = sorted({f"{m['id']} {m['stage']}" for m in RUN_LINE.finditer(noop.stdout)})

    raw = sorted(p for p in (copy / "raw" / TOUCHED).iterdir() if p.name != "README.md")[0]
    os.utime(raw)
    dry = project.make(copy, "-n", "all")
    planned = [f"{m['id']} {m['stage']}" for m in RUN_LINE.finditer(dry.stdout)]
    real = project.make(copy, "all")
    ran = [f"{m['id']} {m['stage']}" for m in STAGE_LINE.finditer(real.stderr)]

    renders = {}
    consultations = sorted(p.parent.name for p in (copy / "surveys").glob("*/report.py"))
    env = dict(os.environ, LEVL_ROOT=str(copy), PYTHONPATH=str(copy))
    # the ~200-respondent consultation's stages as make runs them: one process, each stage's own time from its
    # progress line, and the start of that process (Python, imports) once
    t0 = time.perf_counter()
    proc = subprocess.run([str(copy / ".venv" / "bin" / "python"), "-m", "pipeline", STAGES_200[0], TOUCHED,
                           "--then", *STAGES_200[1:], "charts"], cwd=copy, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    own = {m["stage"]: float(m["s"]) for m in STAGE_TIME.finditer(proc.stderr)}
    stages = {k: {"seconds": own.get(k, float("nan")), "ok": proc.returncode == 0 and k in own}
              for k in [*STAGES_200, "charts"]}
    stages["process_start_and_imports"] = {"seconds": round(wall - sum(own.values()), 2), "ok": proc.returncode == 0}
    for cid in consultations:
        t0 = time.perf_counter()
        proc = subprocess.run([str(copy / ".venv" / "bin" / "python"), "-m", "pipeline", "report", cid], cwd=copy,
                              env=env, capture_output=True, text=True)
        renders[cid] = {"seconds": round(time.perf_counter() - t0, 2), "ok": proc.returncode == 0}
    # a report that declares a chapter built on the touched consultation (surveys/<id>/report.mk) is
    # rightly rebuilt too; so is the roll-up page
    dependents = {mk.parent.name for mk in (copy / "surveys").glob("*/report.mk")
                  if f"processed/{TOUCHED}/" in mk.read_text(encoding="utf-8")}
    # and a consultation that compares with it (codebook `waves: earlier:`): its comparison, charts and report
    from pipeline.codebook import earlier_in_text

    waves = {cb.parent.name for cb in (copy / "surveys").glob("*/codebook.yml")
             if earlier_in_text(cb.read_text(encoding="utf-8")) == TOUCHED}
    allowed = [TOUCHED + " ", "alle ", *(f"{d} report" for d in dependents),
               *(f"{w} {stage}" for w in waves for stage in ("compare", "charts", "report"))]
    return {"reports_from_clean_s": round(from_clean, 2), "noop_make_s": round(noop_s, 3),
            "noop_stages_run": noop_ran, "render_s": renders, "stage_200_s": stages,
            "stage_200_consultation": TOUCHED,
            "incremental": {"touched": str(raw.relative_to(copy)), "stages_run": ran, "stages_planned": planned,
                            "declared_dependents": sorted(dependents), "compared_with_it": sorted(waves),
                            "only_touched": bool(ran) and all(s.startswith(tuple(allowed)) for s in ran)}}


# --------------------------------------------------------------------------- results

def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    libs = {}
    for name in ("pandas", "pyarrow", "numpy", "pandera", "scipy", "pydantic"):
        try:
            libs[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return {"cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "platform": platform.platform(), "libraries": libs}


def goals(result: dict) -> dict:
    scale = result["scale"]
    big = max(scale, key=lambda r: r["respondents"]) if scale else None
    out = {}
    if big:
        out["ratio_at_largest"] = {"met": big["ratio"] <= GOALS["ratio_max"], "value": big["ratio"],
                                   "respondents": big["respondents"], "goal": f"≤ {GOALS['ratio_max']}"}
        peak = max(r["peak_mib"] for r in scale)
        out["peak_memory"] = {"met": peak <= GOALS["peak_mib_max"], "value_mib": peak,
                              "goal": f"≤ {GOALS['peak_mib_max']} MiB"}
    if result.get("scaling_exponent") is not None:
        out["linear_scaling"] = {"met": result["scaling_exponent"] <= GOALS["exponent_max"] + 0.05,
                                 "value": result["scaling_exponent"], "goal": "log-log slope ≤ 1 (± 0.05)"}
    if "reports_from_clean_s" in result:
        out["reports_from_clean"] = {"met": result["reports_from_clean_s"] <= GOALS["reports_from_clean_s_max"],
                                     "value_s": result["reports_from_clean_s"],
                                     "goal": f"≤ {GOALS['reports_from_clean_s_max']:.0f} s"}
        slowest = max(STAGES_200, key=lambda k: result["stage_200_s"][k]["seconds"])
        out["stages_of_200_respondents"] = {
            "met": all(result["stage_200_s"][k]["ok"] and result["stage_200_s"][k]["seconds"] < GOALS["stage_200_s_max"]
                       for k in STAGES_200),
            "value_s": {k: result["stage_200_s"][k]["seconds"] for k in STAGES_200}, "slowest": slowest,
            "goal": f"each of {', '.join(STAGES_200)} < {GOALS['stage_200_s_max']:.0f} s ({result['stage_200_consultation']})"}
        out["noop_make"] = {"met": result["noop_make_s"] < GOALS["noop_make_s_max"], "value_s": result["noop_make_s"],
                            "goal": "< 1 s"}
        out["incremental_only_touched"] = {"met": result["incremental"]["only_touched"],
                                           "value": result["incremental"]["stages_run"],
                                           "goal": f"only {TOUCHED}'s stages (plus the roll-up, reports that declare a chapter "
                                                   "on it and the comparisons of the waves that repeat it)"}
    return out


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# Benchmarks", "",
        f"Run {result['date']} on {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']} "
        f"({', '.join(f'{k} {v}' for k, v in m['libraries'].items())}). Made by `make bench`; see docs/benchmarks.md.",
        "", "## Goals", "",
        "| goal | target | measured | met |", "|---|---|---|---|",
    ]
    for name, g in result["goals"].items():
        value = next(v for k, v in g.items() if k.startswith("value"))
        lines.append(f"| {name.replace('_', ' ')} | {g['goal']} | {value} | {'yes' if g['met'] else '**no**'} |")
    lines += ["", "## Scale: ingest → validate → clean → analyse vs. the pyarrow CSV → Parquet floor", "",
              "| respondents | pipeline (s) | ingest | validate | clean | analyse | floor (s) | ratio | peak RSS (MiB) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["scale"]:
        s = r["stages_s"]
        lines.append(f"| {r['respondents']:,} | {r['pipeline_s']:.1f} | {s['ingest']:.1f} | {s['validate']:.1f} | "
                     f"{s['clean']:.1f} | {s['analyse']:.1f} | {r['floor_s']:.2f} | {r['ratio']} | {r['peak_mib']:.0f} |")
    lines += ["", f"Scaling exponent (log-log fit of pipeline time on respondents): {result['scaling_exponent']}.", ""]
    if "reports_from_clean_s" in result:
        inc = result["incremental"]
        lines += ["## Reports and incremental builds", "",
                  f"- `make -j2 all` from clean (example data, throw-away copy): {result['reports_from_clean_s']} s",
                  f"- no-op `make all`: {result['noop_make_s']} s (stages run: {result['noop_stages_run'] or 'none'})",
                  f"- after touching `{inc['touched']}`: stages run: {', '.join(inc['stages_run']) or 'none'}",
                  f"- the stages of `{result['stage_200_consultation']}` as make runs them (one process; each stage's "
                  "own time from its progress line): "
                  + ", ".join(f"{k} {v['seconds']} s" + ("" if v["ok"] else " (FAILED)")
                              for k, v in result["stage_200_s"].items()),
                  "- each report rendered alone (`python -m pipeline report <id>`): "
                  + ", ".join(f"{k} {v['seconds']} s" + ("" if v["ok"] else " (FAILED)")
                              for k, v in result["render_s"].items()), ""]
    lines += ["## Why goals are not met", ""] + [f"- {note}" for note in result.get("notes", [])] + [""]
    return "\n".join(lines)


def notes(result: dict) -> list[str]:
    out = []
    g = result["goals"]
    if "ratio_at_largest" in g and not g["ratio_at_largest"]["met"]:
        big = max(result["scale"], key=lambda r: r["respondents"])
        worst = max(big["stages_s"], key=big["stages_s"].get)
        out.append(f"ratio {big['ratio']} > 3 at {big['respondents']:,}: the floor only splits text into columns, "
                   f"while the pipeline also checks every answer (pandera), keys every id (HMAC), scrubs free text "
                   f"and computes ~1,100 design-based estimates; the slowest stage is {worst} "
                   f"({big['stages_s'][worst]:.0f} s).")
    if "peak_memory" in g and not g["peak_memory"]["met"]:
        out.append(f"peak memory {g['peak_memory']['value_mib']:.0f} MiB > {GOALS['peak_mib_max']} MiB.")
    if "linear_scaling" in g and not g["linear_scaling"]["met"]:
        out.append(f"scaling exponent {g['linear_scaling']['value']} > 1.")
    if "reports_from_clean" in g and not g["reports_from_clean"]["met"]:
        out.append(f"reports from clean took {result['reports_from_clean_s']} s: see the per-stage and per-report "
                   "times; docs/benchmarks.md says where the rest of the time goes.")
    if "stages_of_200_respondents" in g and not g["stages_of_200_respondents"]["met"]:
        s200 = g["stages_of_200_respondents"]
        out.append(f"a stage of {result['stage_200_consultation']} took a second or more: "
                   f"{s200['slowest']} {s200['value_s'][s200['slowest']]} s.")
    if "noop_make" in g and not g["noop_make"]["met"]:
        out.append(f"no-op make took {result['noop_make_s']} s.")
    if "incremental_only_touched" in g and not g["incremental_only_touched"]["met"]:
        out.append(f"touching one export ran: {result['incremental']['stages_run']}.")
    return out or ["every goal is met."]


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "").split(",") if s] or SIZES
    BUILD.mkdir(parents=True, exist_ok=True)
    result: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
                    "consultation": CONSULTATION, "codebook": "benchmarks/codebook.yml"}
    t0 = time.perf_counter()
    result["scale"] = bench_scale(sizes)
    result["scaling_exponent"] = exponent(result["scale"])
    result["floor_scaling_exponent"] = exponent(result["scale"], "floor_s")
    if not os.environ.get("BENCH_SKIP_MAKE"):
        result.update(bench_make())
    result["goals"] = goals(result)
    result["notes"] = notes(result)
    result["bench_s"] = round(time.perf_counter() - t0, 1)
    from pipeline.io import write_json, write_text

    write_json(OUT / "results.json", result)
    write_text(OUT / "results.md", markdown(result))
    print(f"[bench] wrote {OUT.relative_to(REPO)}/results.json and results.md ({result['bench_s']} s)")
    for name, g in result["goals"].items():
        print(f"[bench] goal {name}: {'met' if g['met'] else 'NOT met'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, n, csv = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        fn = _child_pipeline if kind == "pipeline" else _child_floor
        print(json.dumps(fn(n, csv)))
    else:
        main()
