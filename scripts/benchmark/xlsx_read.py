#!/usr/bin/env python3
"""Times reading a cohort end to end: `qeval explain COUNTY INPUT` (read, check, score, explain one county,
no workbook written) on the .xlsx and on the CSV of the same cohort, whole-process wall time and peak RSS
(/usr/bin/time -v), against a floor that only unzips the sheet and parses it with expat (no handlers). One
warm-up, then the median of N runs. Prints a Markdown table."""
import csv
import re
import statistics
import subprocess
import sys
import time
import xml.parsers.expat
import zipfile

qeval, work = sys.argv[1], sys.argv[2]
sizes = [(int(s.split(":")[0]), int(s.split(":")[1])) for s in sys.argv[3:]]


def explain(path, county):
    """Wall time (ms) and peak RSS (MiB) of one `qeval explain` run."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", qeval, "explain", county, path], capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if p.returncode != 0:
        sys.exit(f"failed on {path}:\n{p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return elapsed, rss


def floor_ms(path):
    start = time.perf_counter()
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.startswith("xl/worksheets/"))
        parser = xml.parsers.expat.ParserCreate()
        with z.open(name) as f:
            parser.ParseFile(f)
    return (time.perf_counter() - start) * 1000


print("| applicants | CSV (ms) | .xlsx (ms) | .xlsx ÷ CSV | floor: unzip + expat (ms) | peak RSS CSV / .xlsx (MiB) |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
for size, repeats in sizes:
    csv_path, xlsx_path = f"{work}/cohort-{size}.csv", f"{work}/cohort-{size}.xlsx"
    with open(csv_path, encoding="utf-8-sig") as f:
        county = next(csv.DictReader(f))["county"]
    explain(csv_path, county), explain(xlsx_path, county), floor_ms(xlsx_path)  # warm-up
    csv_runs = [explain(csv_path, county) for _ in range(repeats)]
    xlsx_runs = [explain(xlsx_path, county) for _ in range(repeats)]
    floor_t = statistics.median(floor_ms(xlsx_path) for _ in range(repeats))
    csv_t = statistics.median(r[0] for r in csv_runs)
    xlsx_t = statistics.median(r[0] for r in xlsx_runs)
    print(f"| {size:,} | {csv_t:.0f} | {xlsx_t:.0f} | {xlsx_t / csv_t:.1f} | {floor_t:.0f} | "
          f"{max(r[1] for r in csv_runs):.0f} / {max(r[1] for r in xlsx_runs):.0f} |", flush=True)
