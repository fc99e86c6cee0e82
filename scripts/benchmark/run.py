#!/usr/bin/env python3
"""Times qeval end to end and by stage against the libcsv + libxlsxwriter floor (see scripts/bench).

Whole-process runs, one warm-up first, then the median of N runs; stage timings come from
`qeval rank --timings` (in-process clocks) and the floor's own read/write clocks from the same runs;
peak memory from /usr/bin/time -v. Prints a Markdown table for docs/PERFORMANCE.md.
"""
import re
import statistics
import subprocess
import sys
import time

qeval, floor, work = sys.argv[1], sys.argv[2], sys.argv[3]
sizes = [(int(s.split(":")[0]), int(s.split(":")[1])) for s in sys.argv[4:]]


def run(cmd):
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return elapsed, p.stderr


def stages(text, key):
    m = re.search(key + r" (.*)", text)
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", m.group(1))} if m else {}


def peak_kib(cmd):
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return int(m.group(1))


results = []
for size, repeats in sizes:
    csv = f"{work}/cohort-{size}.csv"
    if size == 136:
        csv = "data/sample/shandong-2023.csv"
    out = f"{work}/ranking-{size}.xlsx"
    q = [qeval, "rank", csv, "--out", out, "--timings", "--quiet"]
    # The floor writes the same 计分过程 cells as qeval: taken from qeval's workbook before timing starts.
    run(q)
    rows = f"{work}/process-{size}.tsv"
    subprocess.run([sys.executable, "scripts/benchmark/process_rows.py", out, rows], check=True)
    f = [floor, csv, f"{work}/floor-{size}.xlsx", rows]
    run(q), run(f)  # warm-up
    qt, qs, qm, ft, fs = [], [], [], [], []
    for _ in range(repeats):
        e, err = run(q)
        qt.append(e)
        qs.append(stages(err, "timings_ms"))
        qm.append(stages(err, "peak_mib"))
        e, err = run(f)
        ft.append(e)
        fs.append(stages(err, "floor_ms"))
    med = statistics.median
    row = {
        "size": size,
        "repeats": repeats,
        "total": med(qt),
        "rules": med(s["rules"] for s in qs),
        "read": med(s["read"] for s in qs),
        "evaluate": med(s["evaluate"] for s in qs),
        "write": med(s["write"] for s in qs),
        "floor_total": med(ft),
        "floor_read": med(s["read"] for s in fs),
        "floor_write": med(s["write"] for s in fs),
        "peak": peak_kib(q) / 1024,
        "peak_after": {k: med(m[k] for m in qm) for k in ("rules", "read", "evaluate", "write")} if all(qm) else None,
        "floor_peak": peak_kib(f) / 1024,
    }
    results.append(row)
    print(f"measured {size}: {row}", file=sys.stderr)

print("| applicants | runs | qeval end-to-end | rules | read | evaluate | write | floor end-to-end | floor read | floor write | ratio (end-to-end) | ratio (write) | peak RSS qeval | peak RSS floor |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in results:
    print(
        f"| {r['size']:,} | {r['repeats']} | {r['total']:.1f} ms | {r['rules']:.1f} ms | {r['read']:.1f} ms | {r['evaluate']:.1f} ms | {r['write']:.1f} ms "
        f"| {r['floor_total']:.1f} ms | {r['floor_read']:.1f} ms | {r['floor_write']:.1f} ms "
        f"| {r['total'] / r['floor_total']:.2f}× | {r['write'] / r['floor_write']:.2f}× | {r['peak']:.0f} MiB | {r['floor_peak']:.0f} MiB |"
    )
print()
print("Peak resident memory of qeval at the end of each stage (VmHWM, median of the timed runs):")
print()
print("| applicants | after rules | after read | after evaluate | after write |")
print("| ---: | ---: | ---: | ---: | ---: |")
for r in results:
    p = r["peak_after"]
    if p:
        print(f"| {r['size']:,} | {p['rules']:.0f} MiB | {p['read']:.0f} MiB | {p['evaluate']:.0f} MiB | {p['write']:.0f} MiB |")
