"""Benchmark: where a build's time goes, what a batch saves, and how cost grows with the filing.

    python bench/run.py            # process, sample, dask, scaling, pdf (make bench); a few minutes on 2 cores
    python bench/run.py --quick    # fewer runs, smaller batch and sizes
    python bench/run.py --only process,sample,dask,batch,scaling,pdf

0. process: what a user sees. `disclose build` of the sample as a fresh process against a fresh
   `arelleCmdLine` validating the finished instance (CPU and wall, medians, interleaved); and the
   first build on a machine, with an empty disclose cache, apart.

1. sample: the bundled sample built N times in this process (after one warm-up build). Per stage,
   the median time; then the ratio of a whole build to Arelle validating the same finished
   instance alone (same options, same process, runs interleaved so load changes hit both).
2. dask: 16 releases (the shared Tanshin releases and copies of the sample) as 16 separate
   `disclose build` processes against one `disclose build ... --executor dask --jobs 2` (a local
   2-worker cluster, its start-up included) and the local pool; then each folder of the Dask
   batch compared byte for byte with the single build's. (`--only batch`: the older part, B
   copies of the sample against the local pool only.)
3. scaling: synthetic releases (bench/synth.py) of about 1k, 10k and 100k facts, each size in a
   fresh process; time per fact excluding the fixed start-up, i.e. (T(n) - T(min)) / (n - n_min)
   where "min" is the smallest release (one statement), each T the least of a few runs (noise
   on CPU time only ever adds). Formula assertions are off here, because
   Arelle's formula evaluation grows with (facts per concept)^2; their time is measured apart on
   the smaller sizes.

4. pdf: each release PDF of ../shared/pdf (skipped when absent): the time to read it into lines
   (disclose.pdf, pdfplumber) against the time of its whole build, both CPU, least of a few runs.
   A PDF that needs a profile to build gets a placeholder one (issuer and fiscal year are
   irrelevant to the timing); the printed verdict says which.

Times are CPU seconds of the building process (time.process_time) unless marked "wall": the
machine is often shared, and CPU time does not count the time another process held the core.
Wall clock is printed beside it. No benchmark is a test: nothing here fails a build.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (bench/synth.py)

BIN = Path(sys.executable).parent
DISCLOSE = BIN / "disclose"


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. the sample, stage by stage ------------------------------------------------------------
def bench_sample(runs: int, work: Path) -> dict:
    from disclose import api, arelle, timing

    stages: list[dict[str, float]] = []
    build_cpu, build_wall, alone_cpu, alone_wall = [], [], [], []
    out = work / "sample"
    first_wall = time.perf_counter()
    result = api.build(out=out)  # warm-up: imports, compiled schema and templates, taxonomy source
    first_wall = time.perf_counter() - first_wall
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        with timing.collect(clock=time.process_time) as cpu:
            result = api.build(out=out)
        build_wall.append(time.perf_counter() - w0)
        build_cpu.append(time.process_time() - c0)
        stages.append(cpu)
        # Arelle alone on the very instance just built, with the options the build uses
        w0, c0 = time.perf_counter(), time.process_time()
        alone = arelle.run_validation(result.instance, calcs=result.report.calcs, formulas=True, keep_facts=False)
        alone_wall.append(time.perf_counter() - w0)
        alone_cpu.append(time.process_time() - c0)
    names = [s for s in timing.STAGES if any(s in d for d in stages)]
    names += sorted({k for d in stages for k in d} - set(names))
    table = {s: _median([d.get(s, 0.0) for d in stages]) for s in names}
    # formulas apart: the same instance without them
    nf = []
    for _ in range(max(1, runs // 2)):
        c0 = time.process_time()
        arelle.run_validation(result.instance, calcs=result.report.calcs, formulas=False, keep_facts=False)
        nf.append(time.process_time() - c0)
    # Python heap of one build (tracemalloc slows Python down, so a separate run)
    import tracemalloc

    tracemalloc.start()
    api.build(out=out)
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "facts": len(result.filing.facts), "valid": result.exit_code == 0 and alone.ok,
        "runs": runs, "stages": table,
        "build_cpu": _median(build_cpu), "build_wall": _median(build_wall), "first_build_wall": first_wall,
        "alone_cpu": _median(alone_cpu), "alone_wall": _median(alone_wall),
        "alone_noformulas_cpu": _median(nf),
        "ratio_cpu": _median(build_cpu) / _median(alone_cpu), "ratio_wall": _median(build_wall) / _median(alone_wall),
        "peak_rss_mib": _peak_rss_mib(), "heap_peak_mib": heap_peak,
    }


def print_sample(r: dict) -> None:
    print(f"\n== 1. sample build, {r['facts']} facts, median of {r['runs']} builds in one process "
          f"(first build incl. start-up: {r['first_build_wall']:.2f} s wall) ==")
    total = r["build_cpu"]
    print(f"{'stage':<16}{'CPU ms':>10}{'share':>8}")
    for stage, sec in r["stages"].items():
        print(f"{stage:<16}{sec * 1e3:>10.1f}{sec / total:>8.1%}")
    print(f"{'whole build':<16}{total * 1e3:>10.1f}{'':>8}   wall {r['build_wall'] * 1e3:.0f} ms")
    print(f"{'Arelle alone':<16}{r['alone_cpu'] * 1e3:>10.1f}{'':>8}   wall {r['alone_wall'] * 1e3:.0f} ms"
          f"   (of which formulas ~{(r['alone_cpu'] - r['alone_noformulas_cpu']) * 1e3:.0f} ms)")
    ok = "meets" if r["ratio_cpu"] <= 1.3 else "MISSES"
    print(f"ratio build / Arelle alone: {r['ratio_cpu']:.2f} CPU, {r['ratio_wall']:.2f} wall  ({ok} the 1.3 goal)")
    print(f"peak memory: {r['peak_rss_mib']:.0f} MiB RSS (process), {r['heap_peak_mib']:.1f} MiB Python heap "
          f"in one build (tracemalloc)")


# -- 2. batch versus separate processes -------------------------------------------------------
def _children_cpu() -> float:
    """CPU seconds of every finished child process (and their children, e.g. pool workers)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                        env=env).returncode
    return time.perf_counter() - t0, rc


def bench_batch(copies: int, jobs: int, work: Path, parallel_baseline: bool) -> dict:
    src = work / "batch-in"
    src.mkdir(parents=True, exist_ok=True)
    releases = []
    for k in range(1, copies + 1):
        p = src / f"r{k:02d}.txt"
        shutil.copyfile(synth.SAMPLE, p)
        shutil.copyfile(synth.PROFILE, p.with_suffix(".toml"))
        releases.append(p)
    # one `disclose build` per release, one after another (a shell loop)
    sep_dir = work / "separate"
    t0, c0 = time.perf_counter(), _children_cpu()
    rcs = [_timed([str(DISCLOSE), "build", str(p), "--out", str(sep_dir / p.stem)], work)[1] for p in releases]
    sequential, sequential_cpu = time.perf_counter() - t0, _children_cpu() - c0
    # one batch
    c0 = _children_cpu()
    batch, brc = _timed([str(DISCLOSE), "build", *map(str, releases), "--jobs", str(jobs), "--out",
                         str(work / "batch-out")], work)
    batch_cpu = _children_cpu() - c0
    folders = sorted(p.name for p in (work / "batch-out").iterdir() if p.is_dir())
    result = {"copies": copies, "jobs": jobs, "sequential": sequential, "batch": batch, "parallel": None,
              "sequential_cpu": sequential_cpu, "batch_cpu": batch_cpu,
              "separate_ok": all(rc == 0 for rc in rcs), "batch_rc": brc, "folders": len(folders)}
    if not parallel_baseline:
        return result
    # the same, `jobs` processes at a time (xargs -P): parallel, but every process starts cold
    par_dir = work / "separate-par"
    t0 = time.perf_counter()
    running: list[subprocess.Popen] = []
    for p in releases:
        if len(running) >= jobs:
            running.pop(0).wait()
        running.append(subprocess.Popen([str(DISCLOSE), "build", str(p), "--out", str(par_dir / p.stem)], cwd=work,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for proc in running:
        proc.wait()
    result["parallel"] = time.perf_counter() - t0
    return result


def print_batch(r: dict) -> None:
    n, j = r["copies"], r["jobs"]
    print(f"\n== 2. batch: {n} copies of the sample (same run; wall clock and CPU of all processes) ==")
    print(f"{n} separate `disclose build` processes, one after another: {r['sequential']:7.1f} s wall "
          f"{r['sequential_cpu']:7.1f} s CPU ({r['sequential'] / n:.2f} s wall each, exit 0: {r['separate_ok']})")
    print(f"`disclose build` of all {n} with --jobs {j}:              {r['batch']:7.1f} s wall "
          f"{r['batch_cpu']:7.1f} s CPU (exit {r['batch_rc']}, {r['folders']} folders)")
    if r["parallel"] is not None:
        print(f"{n} separate processes, {j} at a time:                {r['parallel']:7.1f} s wall")
    ok = "meets" if r["batch"] <= 0.6 * r["sequential"] else "MISSES"
    print(f"ratio batch / separate: {r['batch'] / r['sequential']:.2f} wall ({ok} the 0.6 goal), "
          f"{r['batch_cpu'] / r['sequential_cpu']:.2f} CPU"
          + (f"; against {j} at a time: {r['batch'] / r['parallel']:.2f} wall" if r["parallel"] else ""))
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: other processes hold the cores, so the "
              f"{j} workers cannot run side by side and wall clock shows only the saved start-up (see CPU)")


# -- 0. one build as a process against Arelle alone as a process -----------------------------
ARELLE = BIN / "arelleCmdLine"


def _child_run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system, of the process and its children) of one command."""
    c0 = _children_cpu()
    wall, rc = _timed(cmd, cwd, env)
    return wall, _children_cpu() - c0, rc


def bench_process(runs: int, work: Path) -> dict:
    """What a user sees: `disclose build` of the sample as a fresh process, against a fresh
    `arelleCmdLine` validating the instance that build wrote (offline, Calculations 1.1, formulas
    and duplicate check on: what the build runs). Interleaved, medians of `runs` each; one unmeasured
    round first (disk cache; the build's one-off per-machine cache), and one build with an empty
    cache (the first build on a machine) reported apart."""
    out = work / "process" / "sample"
    build = [str(DISCLOSE), "build", "--out", str(out)]
    instance = out / "iij-1h-fy2020.xbrl"
    alone = [str(ARELLE), "-f", str(instance), "--validate", "--calc", "c11r", "--internetConnectivity", "offline",
             "--disablePersistentConfig", "--validateDuplicateFacts", "inconsistent", "--logFile",
             str(work / "process" / "arelle-log.txt")]
    cold_env = dict(os.environ, DISCLOSE_CACHE_DIR=str(work / "process" / "empty-cache"))
    cold = _child_run(build, work, cold_env)
    _child_run(build, work)
    _child_run(alone, work)
    b_wall, b_cpu, a_wall, a_cpu, rcs = [], [], [], [], []
    for _ in range(runs):
        w, c, rc = _child_run(build, work)
        b_wall.append(w), b_cpu.append(c), rcs.append(rc)
        w, c, rc = _child_run(alone, work)
        a_wall.append(w), a_cpu.append(c), rcs.append(rc)
    return {"runs": runs, "build_wall": _median(b_wall), "build_cpu": _median(b_cpu), "alone_wall": _median(a_wall),
            "alone_cpu": _median(a_cpu), "cold_wall": cold[0], "cold_cpu": cold[1], "exit_codes": sorted(set(rcs))}


def print_process(r: dict) -> None:
    print(f"\n== 0. one build as a process vs Arelle alone as a process (sample; medians of {r['runs']}, "
          f"interleaved) ==")
    print(f"`disclose build` (sample)            {r['build_cpu']:6.2f} s CPU {r['build_wall']:6.2f} s wall")
    print(f"`arelleCmdLine` on its instance      {r['alone_cpu']:6.2f} s CPU {r['alone_wall']:6.2f} s wall")
    ok = "meets" if r["build_cpu"] <= 1.3 * r["alone_cpu"] else "MISSES"
    print(f"ratio build / Arelle alone: {r['build_cpu'] / r['alone_cpu']:.2f} CPU ({ok} the 1.3 goal), "
          f"{r['build_wall'] / r['alone_wall']:.2f} wall   (exit codes seen: {r['exit_codes']})")
    print(f"first build on a machine (empty cache: the base taxonomy is validated and stamped, the instance schema "
          f"compiled): {r['cold_cpu']:.2f} s CPU {r['cold_wall']:.2f} s wall, "
          f"{r['cold_cpu'] / r['alone_cpu']:.2f}x Arelle alone")


# -- 2b. a batch on a local Dask cluster ------------------------------------------------------
SHARED_TANSHIN = ROOT.parent / "shared" / "tanshin"


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ (or exist on one side only) between two output folders."""
    fa = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} if a.is_dir() else set()
    fb = {p.relative_to(b) for p in b.rglob("*") if p.is_file()} if b.is_dir() else set()
    return sorted(str(f) for f in fa ^ fb) + sorted(str(f) for f in fa & fb if (a / f).read_bytes() != (b / f).read_bytes())


def bench_dask(total: int, jobs: int, work: Path) -> dict:
    """`total` releases (the shared Tanshin releases when present, the rest copies of the sample):
    `total` separate `disclose build` processes one after another, against one
    `disclose build ... --executor dask --jobs J` (a local cluster of J worker processes, its start-up
    included) and the local pool `--jobs J`; then every folder of the Dask batch compared byte for
    byte with the single build's."""
    src = work / "dask-in"
    src.mkdir(parents=True, exist_ok=True)
    releases = []
    for t in sorted(SHARED_TANSHIN.glob("*.txt"))[:total] if SHARED_TANSHIN.is_dir() else []:
        releases.append(Path(shutil.copyfile(t, src / t.name)))
    k = 0
    while len(releases) < total:
        k += 1
        p = src / f"sample-{k:02d}.txt"
        shutil.copyfile(synth.SAMPLE, p)
        shutil.copyfile(synth.PROFILE, p.with_suffix(".toml"))
        releases.append(p)
    sep = work / "dask-single"
    t0, c0 = time.perf_counter(), _children_cpu()
    rcs = {p.stem: _timed([str(DISCLOSE), "build", str(p), "--out", str(sep / p.stem)], work)[1] for p in releases}
    separate, separate_cpu = time.perf_counter() - t0, _children_cpu() - c0
    out = work / "dask-out"
    c0 = _children_cpu()
    t0 = time.perf_counter()
    res = subprocess.run([str(DISCLOSE), "build", *map(str, releases), "--executor", "dask", "--jobs", str(jobs),
                          "--out", str(out)], cwd=work, capture_output=True, text=True, check=False)
    dask_wall, dask_cpu = time.perf_counter() - t0, _children_cpu() - c0
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    dask_rcs = {Path(d["release"]).stem: d["exit_code"] for d in lines}
    local_wall, local_cpu, local_rc = _child_run(
        [str(DISCLOSE), "build", *map(str, releases), "--jobs", str(jobs), "--out", str(work / "pool-out")], work)
    differ = {p.stem: _same_tree(sep / p.stem, out / p.stem) for p in releases}
    return {"total": total, "jobs": jobs, "tanshin": sum(1 for p in releases if not p.stem.startswith("sample-")),
            "separate": separate, "separate_cpu": separate_cpu, "dask": dask_wall, "dask_cpu": dask_cpu,
            "dask_rc": res.returncode, "local": local_wall, "local_cpu": local_cpu, "local_rc": local_rc,
            "single_rcs": rcs, "dask_rcs": dask_rcs, "differ": {k: v for k, v in differ.items() if v},
            "stderr_tail": res.stderr[-1500:] if res.returncode not in (0, 1, 2) else ""}


def print_dask(r: dict) -> None:
    n, j = r["total"], r["jobs"]
    print(f"\n== 2. batch of {n} releases ({r['tanshin']} shared Tanshin, {n - r['tanshin']} copies of the sample) on "
          f"a local {j}-worker Dask cluster (same run) ==")
    print(f"{n} separate `disclose build` processes, one after another: {r['separate']:7.1f} s wall "
          f"{r['separate_cpu']:7.1f} s CPU")
    print(f"`disclose build ... --executor dask --jobs {j}`:           {r['dask']:7.1f} s wall "
          f"{r['dask_cpu']:7.1f} s CPU (exit {r['dask_rc']}; cluster start-up included)")
    print(f"`disclose build ... --jobs {j}` (local pool):              {r['local']:7.1f} s wall "
          f"{r['local_cpu']:7.1f} s CPU (exit {r['local_rc']})")
    ok = "meets" if r["dask"] <= 0.6 * r["separate"] else "MISSES"
    print(f"ratio Dask batch / separate processes: {r['dask'] / r['separate']:.2f} wall ({ok} the 0.6 goal), "
          f"{r['dask_cpu'] / r['separate_cpu']:.2f} CPU; local pool: {r['local'] / r['separate']:.2f} wall")
    same_codes = r["single_rcs"] == r["dask_rcs"]
    identical = not r["differ"] and same_codes
    print(f"Dask batch outputs byte-identical to single builds: {'yes' if identical else 'NO'} "
          f"({len(r['single_rcs'])} releases, exit codes {'the same' if same_codes else 'DIFFER'}: "
          f"{sorted(set(r['single_rcs'].values()))})")
    for stem, files in r["differ"].items():
        print(f"   {stem}: {', '.join(files[:5])}")
    if r["stderr_tail"]:
        print(r["stderr_tail"])
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: the workers cannot all run side by side")


# -- 3. scaling -------------------------------------------------------------------------------
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {here!r})
from disclose import api, arelle, timing
release, out, runs, formulas_too = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
api.build({warm!r}, out=out + "-warm", formulas=False)  # start-up is not what we measure
rows = []
for _ in range(runs):
    w0, c0 = time.perf_counter(), time.process_time()
    with timing.collect(clock=time.process_time) as st:
        r = api.build(release, out=out, formulas=False)
    rows.append(dict(st, cpu=time.process_time() - c0, wall=time.perf_counter() - w0))
res = {{"facts": len(r.filing.facts), "exit": r.exit_code, "rows": rows}}
if formulas_too:
    c0 = time.process_time()
    a = arelle.run_validation(r.instance, formulas=True, keep_facts=False)
    res["arelle_formulas"] = time.process_time() - c0
    c0 = time.process_time()
    arelle.run_validation(r.instance, formulas=False, keep_facts=False)
    res["arelle_noformulas"] = time.process_time() - c0
res["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(res))
"""


def _child(release: Path, out: Path, runs: int, warm: Path, formulas_too: bool) -> dict:
    code = _CHILD.format(here=str(HERE), warm=str(warm))
    res = subprocess.run([sys.executable, "-c", code, str(release), str(out), str(runs), "1" if formulas_too else "0"],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"scaling run for {release.name} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def bench_scaling(sizes: list[int], work: Path, formula_limit: int) -> dict:
    d = work / "scaling"
    minimal = synth.write_release(d / "minimal.txt", minimal=True)
    base = _child(minimal, d / "minimal", 5, minimal, False)
    out = {"min": base, "sizes": {}}
    for n in sizes:
        copies = synth.copies_for(n)
        rel = synth.write_release(d / f"synth-{n}.txt", copies)
        runs = 5 if n <= 2000 else 2 if n <= 20000 else 1
        out["sizes"][n] = _child(rel, d / f"synth-{n}", runs, minimal, n <= formula_limit)
        out["sizes"][n]["copies"] = copies
        print(f"   ... {n:>7} facts asked, {out['sizes'][n]['facts']} built", file=sys.stderr, flush=True)
    return out


def print_scaling(r: dict) -> None:
    from disclose import timing

    base = r["min"]
    n0 = base["facts"]
    t0 = min([row["cpu"] for row in base["rows"]])
    s0 = {s: min([row.get(s, 0.0) for row in base["rows"]]) for s in timing.STAGES}
    print(f"\n== 3. scaling (synthetic releases, formulas off, least CPU of the runs; fixed start-up = the "
          f"{n0}-fact minimal release, {t0:.2f} s) ==")
    head = "".join(f"{s[:10]:>11}" for s in timing.STAGES)
    print(f"{'facts':>8}{'build s':>9}{'us/fact':>9}{'rss MiB':>9} |{head}   (us per fact, marginal)")
    per: dict[int, float] = {}
    for n, res in r["sizes"].items():
        facts = res["facts"]
        t = min([row["cpu"] for row in res["rows"]])
        per[n] = (t - t0) / (facts - n0) * 1e6
        stages = "".join(
            f"{(min([row.get(s, 0.0) for row in res['rows']]) - s0[s]) / (facts - n0) * 1e6:>11.1f}"
            for s in timing.STAGES)
        print(f"{facts:>8}{t:>9.2f}{per[n]:>9.1f}{res['peak_rss_mib']:>9.0f} |{stages}")
    sizes = list(per)
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        ratio = per[hi] / per[lo]
        ok = "meets" if ratio <= 1.5 else "MISSES"
        print(f"time per fact at {hi} / at {lo}: {ratio:.2f} ({ok} the 1.5 goal)")
    print("formula assertions (Arelle with formulas minus without, same instance, CPU):")
    prev = None
    for n, res in r["sizes"].items():
        if "arelle_formulas" not in res:
            print(f"{res['facts']:>8} facts: not run (grows with facts per concept squared; use --no-formulas "
                  f"for bulk runs of filings this large)")
            continue
        f = res["arelle_formulas"] - res["arelle_noformulas"]
        growth = f" ({f / prev[1]:.1f}x the time for {res['facts'] / prev[0]:.1f}x the facts)" if prev else ""
        print(f"{res['facts']:>8} facts: {f:7.2f} s, {f / res['facts'] * 1e6:7.0f} us/fact{growth}")
        prev = (res["facts"], f)


# -- 4. release PDFs: reading against building -----------------------------------------------
SHARED_PDF = ROOT.parent / "shared" / "pdf"
PLACEHOLDER_PROFILE = """[issuer]
name = "Benchmark issuer"
scheme = "http://www.tse.or.jp/sicc"
identifier = "00000"
prefix = "bench"
[fiscal]
year_end = "03-31"
naming = "start"
[reporting]
currency = "JPY"
standard = "jgaap"
"""


def bench_pdf(runs: int, work: Path) -> dict:
    from disclose import api
    from disclose.pdf import read_pdf

    out: dict = {"pdfs": []}
    if not SHARED_PDF.is_dir():
        out["skipped"] = f"{SHARED_PDF} is absent"
        return out
    placeholder = work / "placeholder.toml"
    placeholder.write_text(PLACEHOLDER_PROFILE, encoding="utf-8")
    for pdf in sorted(SHARED_PDF.glob("*.pdf")):
        data = pdf.read_bytes()
        reads = []
        for _ in range(runs):
            c0 = time.process_time()
            doc = read_pdf(data, pdf.name)
            reads.append(time.process_time() - c0)
        profile, verdict, builds = None, "", []
        for _ in range(runs):
            c0 = time.process_time()
            try:
                result = api.build(pdf, profile, work / "pdf" / pdf.stem, formats="xbrl")
                verdict = f"exit {result.exit_code}" + (" (placeholder profile)" if profile else "")
            except api.InputError as e:
                if profile is None:  # no profile in the PDF: time it with a placeholder
                    profile = placeholder
                    c0 = time.process_time()
                    result = api.build(pdf, profile, work / "pdf" / pdf.stem, formats="xbrl")
                    verdict = f"exit {result.exit_code} (placeholder profile; without one: {str(e)[:60]})"
                else:
                    verdict = f"exit 2: {str(e)[:80]}"
            builds.append(time.process_time() - c0)
        pages = max((o.page for o in doc.origins), default=0)
        out["pdfs"].append({"name": pdf.name, "pages": pages, "lines": len(doc.lines), "read": min(reads),
                            "build": min(builds), "verdict": verdict})
    return out


def print_pdf(r: dict) -> None:
    print("\n== 4. release PDFs: reading the PDF against its whole build (CPU, least of the runs) ==")
    if r.get("skipped"):
        print(f"skipped: {r['skipped']}")
        return
    print(f"{'PDF':<40}{'pages':>6}{'lines':>7}{'read s':>9}{'build s':>9}{'read/build':>12}  build")
    for p in r["pdfs"]:
        print(f"{p['name']:<40}{p['pages']:>6}{p['lines']:>7}{p['read']:>9.2f}{p['build']:>9.2f}"
              f"{p['read'] / p['build']:>12.0%}  {p['verdict']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs, 6 batch copies, sizes 1k and 10k")
    ap.add_argument("--only", default="process,sample,dask,scaling,pdf",
                    help="parts to run, comma-separated: process,sample,dask,batch,scaling,pdf (batch: N copies of the "
                         "sample, local pool only; not in the default run, the dask part times the pool too)")
    ap.add_argument("--releases", type=int, default=None, help="Dask batch size (default 16, quick 6)")
    ap.add_argument("--runs", type=int, default=None, help="sample builds (default 5, quick 3)")
    ap.add_argument("--copies", type=int, default=None, help="batch size (default 20, quick 6)")
    ap.add_argument("--jobs", type=int, default=2, help="batch worker processes (default 2)")
    ap.add_argument("--sizes", default=None, help="scaling sizes in facts (default 1000,10000,100000)")
    ap.add_argument("--formula-limit", type=int, default=10000,
                    help="measure formula time up to this many facts (default 10000)")
    ap.add_argument("--parallel-baseline", action="store_true",
                    help="also time the separate processes run --jobs at a time (parallel but cold)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    runs = args.runs or (3 if args.quick else 5)
    copies = args.copies or (6 if args.quick else 20)
    total = args.releases or (6 if args.quick else 16)
    sizes = [int(s) for s in (args.sizes or ("1000,10000" if args.quick else "1000,10000,100000")).split(",")]
    work = Path(tempfile.mkdtemp(prefix="disclose-bench-"))
    print(f"disclose benchmark: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}; work folder {work}")
    started = time.perf_counter()
    try:
        if "process" in parts:
            print_process(bench_process(3 if args.quick else max(3, runs // 2 + 1), work))
        if "sample" in parts:
            print_sample(bench_sample(runs, work))
        if "dask" in parts:
            print_dask(bench_dask(total, args.jobs, work))
        if "batch" in parts:
            print_batch(bench_batch(copies, args.jobs, work, args.parallel_baseline))
        if "scaling" in parts:
            print_scaling(bench_scaling(sizes, work, args.formula_limit))
        if "pdf" in parts:
            print_pdf(bench_pdf(1 if args.quick else 2, work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s (load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
