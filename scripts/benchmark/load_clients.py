#!/usr/bin/env python3
"""Load test of `qeval serve` (issue 26; scripts/bench-load runs it): many signed-in reviewers at once, on
loopback, bounded in count and time.

Two evaluations are uploaded by a background account: the bundled sample (136 counties), which the reviewers
browse, and a 2,844-county cohort, on which the heavy work runs. Then:

1. the floor: every client asks for the stylesheet (`/assets/app.css`, a constant of the binary) back to back
   for FLOOR_SECONDS, with the same harness — p50/p95/p99 and requests per second;
2. the load: a robustness run (the page's default samples) and the all-counties feedback ZIP are started on
   the 2,844-county evaluation, then every client loops for SECONDS (at most MAX_REQUESTS requests each)
   over the sample evaluation's ranking page, a random county page, the compare page (standard against the
   client's draft) and a re-weighting POST, in a weighted mix (default 40/30/15/15), one keep-alive
   connection per client, no pause between requests unless --think is given.

It prints per kind n/p50/p95/p99/max and errors, the throughput, whether the robustness run and the ZIP were
in progress during the window (their time ranges against the window's), and the floor. Exit status 1 when any
request failed or the ranking page's p95 is above --ranking-p95 ms (300 by default).

With --behind-proxy (a server started with `qeval serve --behind-proxy`, which then requires sign-in on loopback
too), every request carries what a TLS proxy adds: `X-Forwarded-Proto: https` and an `X-Forwarded-For` address of
its own per client (20 reviewers on 20 machines).

Accounts: reviewer01 … reviewerNN (one per client) and `jobs` (uploads, robustness, ZIP), all with the
password in the environment variable QEVAL_BENCH_PASSWORD, made beforehand with `qeval user add`.

usage: load_clients.py URL SAMPLE_CSV LARGE_CSV [--clients N] [--seconds S] [--max-requests N]
                       [--floor-seconds S] [--mix R,C,P,W] [--think MS] [--samples N] [--grace S]
                       [--timeout S] [--ranking-p95 MS] [--no-heavy-work] [--server-pid PID] [--behind-proxy]
"""
import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ left in scripts/benchmark
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_load import Client  # noqa: E402  (cookies, the page's CSRF token, the multipart upload)

KINDS = ["ranking", "county", "compare", "reweigh"]
LABELS = {
    "ranking": "ranking page, 136 counties",
    "county": "county page (random county)",
    "compare": "compare page (standard vs draft)",
    "reweigh": "re-weigh 136 counties (POST JSON)",
    "floor": "floor: GET /assets/app.css",
}
# How many errors are printed in full (all are counted).
SHOWN_ERRORS = 8


class ProxiedClient(Client):
    """serve_load's Client, with headers added to every request (a TLS proxy's, with --behind-proxy)."""

    def __init__(self, url, extra):
        super().__init__(url)
        self.extra = extra

    def request(self, method, path, body=None, headers=None):
        return super().request(method, path, body, {**self.extra, **(headers or {})})


# Set from --behind-proxy in main().
PROXY = {"on": False}


def client(url, timeout, address="10.26.0.250"):
    extra = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address} if PROXY["on"] else {}
    c = ProxiedClient(url, extra)
    c.connection.timeout = timeout  # used when the connection is (re)opened
    return c


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def busy_seconds():
    """CPU seconds every process on the machine has used so far (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait
    except (OSError, ValueError, IndexError):
        return None


def quantiles(times):
    times = sorted(times)
    if not times:
        return None
    if len(times) == 1:
        return times[0], times[0], times[0], times[0]
    q = statistics.quantiles(times, n=100, method="inclusive")
    return q[49], q[94], q[98], times[-1]


def sign_in(c, user, password, next_path, tries=10):
    """Signs in through the login form, then opens `next_path` for the session's own CSRF token. Returns
    (seconds, attempts, refusals): a 429 or 503 (the sign-in throttle, or the work pool full: bcrypt runs
    there) is waited out and tried again, up to `tries` times."""
    started = time.perf_counter()
    refusals = []
    for attempt in range(1, tries + 1):
        status, _, _ = c.request("GET", "/login?next=" + urllib.parse.quote(next_path, safe=""))
        assert status == 200, f"GET /login: {status}"
        form = urllib.parse.urlencode({"user": user, "password": password, "csrf": c.csrf, "next": next_path})
        status, location, data = c.request(
            "POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status in (429, 503):
            refusals.append(status)
            time.sleep(0.5 * attempt)
            continue
        assert status == 303 and location == next_path, f"sign-in of {user}: {status} {location} {data[:200]!r}"
        assert "qeval_session" in c.cookies, f"sign-in of {user}: no session cookie"
        status, location, _ = c.request("GET", next_path)
        assert status == 200, f"after sign-in of {user}, GET {next_path}: {status} {location}"
        return time.perf_counter() - started, attempt, refusals
    raise AssertionError(f"sign-in of {user}: refused {tries} times ({refusals})")


class Results:
    """One client's measurements (merged after the threads end: no lock while measuring)."""

    def __init__(self):
        self.times = {}
        self.starts = {}  # when each request was sent, in the order of `times`
        self.errors = []  # (kind, status, detail)
        self.statuses = {}
        self.first = None
        self.last = None

    def add(self, kind, ms, status, error=None, start=None):
        self.times.setdefault(kind, []).append(ms)
        self.starts.setdefault(kind, []).append(start)
        self.statuses[(kind, status)] = self.statuses.get((kind, status), 0) + 1
        if error is not None:
            self.errors.append((kind, status, error))

    def merge(self, other):
        for kind, times in other.times.items():
            self.times.setdefault(kind, []).extend(times)
            self.starts.setdefault(kind, []).extend(other.starts[kind])
        self.errors.extend(other.errors)
        for key, n in other.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + n
        for t in (other.first, other.last):
            if t is not None:
                self.first = t if self.first is None else min(self.first, t)
                self.last = t if self.last is None else max(self.last, t)


def timed_request(c, results, kind, method, path, body=None, headers=None, check=None):
    started = time.perf_counter()
    if results.first is None:
        results.first = started
    try:
        status, location, data = c.request(method, path, body, headers)
        problem = check(status, location, data) if check else None
    except Exception as e:  # noqa: BLE001 — a refused or dropped connection is an error of the run, counted
        status, problem = type(e).__name__, f"{method} {path}: {e}"
        c.connection.close()  # http.client opens a new connection on the next request
    ended = time.perf_counter()
    results.last = ended
    results.add(kind, (ended - started) * 1000, status, problem, start=started)
    return status


def expect_page(status, location, data, rows=None):
    if status != 200:
        return f"status {status}" + (f" → {location}" if location else "") + f": {data[:160]!r}"
    if rows is not None and data.count(b"data-county=") != rows:
        return f"{data.count(b'data-county=')} rows, not {rows}"
    return None


def browse(url, index, args, small, applicants, start_at, results, ready, go):
    """One reviewer: signs in, warms up (one re-weighting, so the compare page has a draft), then the floor
    phase and the load phase, each starting at the same instant for every client."""
    c = client(url, args.timeout, address=f"10.26.0.{index + 1}")
    rng = random.Random(2023 + index)
    user = f"reviewer{index + 1:02d}"
    try:
        took, attempts, refusals = sign_in(c, user, args.password, f"{small}?s=standard")
        ready.append((user, took, attempts, refusals))
    except Exception as e:  # noqa: BLE001
        ready.append((user, None, 0, [f"{type(e).__name__}: {e}"]))
        return
    numbers = list(range(1, 44))

    def reweigh_body():
        points = {str(n): round(rng.uniform(0.5, 5), 2) for n in rng.sample(numbers, rng.randint(1, 3))}
        return json.dumps({"points": points})

    json_headers = lambda: {"Content-Type": "application/json", "Accept": "application/json",  # noqa: E731
                            "X-CSRF-Token": c.csrf}
    json_check = lambda s, _l, d: None if s == 200 and d[:1] == b"{" else f"status {s}: {d[:160]!r}"  # noqa: E731
    # Warm-up, not measured: a draft for the compare page.
    try:
        c.request("POST", f"{small}/weights", reweigh_body(), json_headers())
    except Exception:  # noqa: BLE001 — the measured requests will show it
        c.connection.close()

    requests = {
        "ranking": lambda: ("GET", f"{small}?s=standard", None, None,
                            lambda s, l, d: expect_page(s, l, d, rows=applicants)),
        "county": lambda: ("GET", f"{small}/county/{rng.randrange(applicants)}", None, None, expect_page),
        "compare": lambda: ("GET", f"{small}/compare?a=standard&b=draft", None, None, expect_page),
        "reweigh": lambda: ("POST", f"{small}/weights", reweigh_body(), json_headers(), json_check),
    }

    # Phase 1, the floor.
    go[0].wait(timeout=120)
    floor = Results()
    deadline = start_at["floor"] + args.floor_seconds
    n = 0
    while time.perf_counter() < deadline and n < args.max_requests:
        timed_request(c, floor, "floor", "GET", "/assets/app.css",
                      check=lambda s, _l, d: None if s == 200 and d else f"status {s}")
        n += 1
    results["floor"].append(floor)

    # Phase 2, the load.
    go[1].wait(timeout=120)
    load = Results()
    deadline = start_at["load"] + args.seconds
    n = 0
    while time.perf_counter() < deadline and n < args.max_requests:
        kind = rng.choices(KINDS, weights=args.mix)[0]
        method, path, body, headers, check = requests[kind]()
        timed_request(c, load, kind, method, path, body, headers, check)
        n += 1
        if args.think:
            time.sleep(rng.uniform(0, 2 * args.think / 1000))
    results["load"].append(load)


def background(url, args, large, bg_client, report, deadline):
    """The heavy work on the 2,844-county evaluation: a robustness run polled until done (or the deadline), and
    the all-counties feedback ZIP downloaded over a second connection of the same session."""
    zip_client = client(url, max(1.0, deadline - time.perf_counter()))
    zip_client.cookies = dict(bg_client.cookies)
    zip_client.csrf = bg_client.csrf

    def download():
        started = time.perf_counter()
        report["zip"] = {"start": started}
        try:
            status, _, data = zip_client.request("GET", f"{large}/download/feedback.zip")
            report["zip"].update(end=time.perf_counter(), status=status, bytes=len(data),
                                 ok=status == 200 and data[:2] == b"PK")
        except Exception as e:  # noqa: BLE001
            report["zip"].update(end=None, status=type(e).__name__, bytes=0, ok=False, error=str(e))

    zip_thread = threading.Thread(target=download, daemon=True)
    zip_thread.start()

    r = report["robustness"] = {"start": time.perf_counter(), "end": None, "polls": []}
    form = urllib.parse.urlencode({"csrf": bg_client.csrf, "samples": args.samples})
    status, _, data = bg_client.request("POST", f"{large}/robustness", form,
                                        {"Content-Type": "application/x-www-form-urlencoded",
                                         "Accept": "application/json"})
    r["post_status"] = status
    if status != 202:
        r["error"] = f"POST {large}/robustness: {status} {data[:200]!r}"
        r["end"] = time.perf_counter()
    else:
        job = json.loads(data)["job"]
        r["job"] = job
        state = None
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, _, data = bg_client.request("GET", f"/jobs/{job}")
            r["polls"].append((time.perf_counter() - started) * 1000)
            if status != 200:
                r["error"] = f"GET /jobs/{job}: {status} {data[:200]!r}"
                break
            info = json.loads(data)
            if info["state"] != state:
                state = info["state"]
                r.setdefault("states", []).append((state, time.perf_counter()))
            r["last"] = info
            if state in ("done", "failed", "cancelled"):
                r["end"] = time.perf_counter()
                if state != "done":
                    r["error"] = f"robustness run {state}: {info.get('error')}"
                break
            time.sleep(0.5)
        # Not done by the deadline: left running (not cancelled); scripts/bench-load stops the server next.
    zip_thread.join(max(0.0, deadline - time.perf_counter()) + 1)


def overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("sample")
    parser.add_argument("large")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30, help="length of the load window (default 30)")
    parser.add_argument("--max-requests", type=int, default=3000, help="per client and phase (default 3000)")
    parser.add_argument("--floor-seconds", type=float, default=5)
    parser.add_argument("--mix", default="40,30,15,15", help="ranking,county,compare,reweigh weights")
    parser.add_argument("--think", type=float, default=0, help="mean pause between a client's requests, ms")
    parser.add_argument("--samples", type=int, default=10000, help="robustness draws (the page's default)")
    parser.add_argument("--grace", type=float, default=60,
                        help="seconds after the window the robustness run and the ZIP may still take (default 60)")
    parser.add_argument("--timeout", type=float, default=60, help="socket timeout of a client's request, s")
    parser.add_argument("--ranking-p95", type=float, default=300, help="aim for the ranking page's p95, ms")
    parser.add_argument("--no-heavy-work", action="store_true",
                        help="the window without the robustness run and the ZIP (to tell their share)")
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--behind-proxy", action="store_true",
                        help="the server runs with --behind-proxy: send a TLS proxy's headers, and check that a "
                             "visitor who has not signed in is sent to the login page")
    args = parser.parse_args()
    args.mix = [float(x) for x in args.mix.split(",")]
    assert len(args.mix) == 4, "--mix needs four weights"
    assert 1 <= args.clients <= 99
    args.password = os.environ.get("QEVAL_BENCH_PASSWORD", "")
    assert args.password, "QEVAL_BENCH_PASSWORD is not set"

    # Setup: the background account signs in and uploads both cohorts.
    PROXY["on"] = args.behind_proxy
    bg = client(args.url, 120)
    if args.behind_proxy:
        anonymous = client(args.url, 10, address="10.26.0.251")
        status, location, _ = anonymous.request("GET", "/")
        assert status == 303 and location.startswith("/login"), f"anonymous GET /: {status} {location}"
        print("sign-in required: an anonymous GET / is sent to the login page")
    sign_in(bg, "jobs", args.password, "/")
    small = bg.upload(args.sample)
    large = bg.upload(args.large)
    status, _, data = bg.request("GET", f"{small}?s=standard")
    assert status == 200, status
    applicants = data.count(b"data-county=")
    status, _, data = bg.request("GET", f"{large}?s=standard")
    assert status == 200, status
    print(f"evaluations: browsing {small} ({os.path.basename(args.sample)}, {applicants} counties); "
          f"heavy work on {large} ({os.path.basename(args.large)}, {data.count(b'data-county=')} counties)")

    # The clients sign in at once (a morning's start), then wait for each phase together.
    results = {"floor": [], "load": []}
    ready = []
    go = [threading.Barrier(args.clients + 1), threading.Barrier(args.clients + 1)]
    start_at = {}
    threads = [threading.Thread(target=browse, daemon=True,
                                args=(args.url, i, args, small, applicants, start_at, results, ready, go))
               for i in range(args.clients)]
    sign_in_started = time.perf_counter()
    for t in threads:
        t.start()
    while len(ready) < args.clients and time.perf_counter() - sign_in_started < 120:
        time.sleep(0.05)
    failed = [r for r in ready if r[1] is None]
    signed = sorted(r[1] for r in ready if r[1] is not None)
    refusals = [s for r in ready for s in r[3]]
    if signed:
        print(f"sign-in of {len(signed)} clients at once (GET /login, POST /login, first page): "
              f"median {statistics.median(signed) * 1000:.0f} ms, max {signed[-1] * 1000:.0f} ms; "
              f"refused and tried again: {len(refusals)}"
              + (f" ({', '.join(str(s) for s in refusals)})" if refusals else ""))
    if failed or len(ready) < args.clients:
        for user, _, _, problems in failed:
            print(f"FAILED sign-in of {user}: {problems}")
        print(f"FAILED: {args.clients - len(signed)} of {args.clients} clients could not sign in")
        sys.exit(1)

    # Phase 1: the floor.
    floor_cpu = time.process_time()
    floor_server_cpu = cpu_seconds(args.server_pid) if args.server_pid else None
    start_at["floor"] = time.perf_counter() + 0.05
    go[0].wait(timeout=120)
    while len(results["floor"]) < args.clients and time.perf_counter() < start_at["floor"] + args.floor_seconds + 2 * args.timeout:
        time.sleep(0.05)
    floor_cpu = time.process_time() - floor_cpu
    if floor_server_cpu is not None:
        floor_server_cpu = cpu_seconds(args.server_pid) - floor_server_cpu

    # Phase 2: the heavy work starts, then the clients.
    report = {}
    window_seconds = args.seconds
    deadline = time.perf_counter() + window_seconds + args.grace
    bg_thread = threading.Thread(target=background, daemon=True,
                                 args=(args.url, args, large, bg, report, deadline))
    if not args.no_heavy_work:
        bg_thread.start()
        time.sleep(0.5)  # the robustness run queued and started, the ZIP request sent
    server_cpu = cpu_seconds(args.server_pid) if args.server_pid else None
    own_cpu = time.process_time()
    machine_cpu = busy_seconds()
    start_at["load"] = time.perf_counter() + 0.05
    go[1].wait(timeout=120)
    while len(results["load"]) < args.clients and time.perf_counter() < start_at["load"] + args.seconds + 2 * args.timeout:
        time.sleep(0.05)
    window = Results()
    for r in results["load"]:
        window.merge(r)
    w0, w1 = start_at["load"], (window.last or time.perf_counter())
    server_cpu = (cpu_seconds(args.server_pid) - server_cpu) if server_cpu is not None else None
    own_cpu = time.process_time() - own_cpu
    machine_cpu = (busy_seconds() - machine_cpu) if machine_cpu is not None else None
    if not args.no_heavy_work:
        bg_thread.join(max(0.0, deadline - time.perf_counter()) + 2)

    floor = Results()
    for r in results["floor"]:
        floor.merge(r)
    f0, f1 = start_at["floor"], floor.last or start_at["floor"]

    # The report.
    print()
    print(f"load: {args.clients} signed-in clients, {window_seconds:g} s window (at most {args.max_requests} "
          f"requests each), mix ranking/county/compare/re-weigh = {'/'.join(f'{m:g}' for m in args.mix)}, "
          f"pause between requests: {f'{args.think:g} ms on average' if args.think else 'none'}; "
          + ("no heavy work (--no-heavy-work)" if args.no_heavy_work
             else f"meanwhile on {large}: a robustness run and the feedback ZIP"))
    print()
    print("| request | n | p50 | p95 | p99 | max | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(name, times, errors):
        q = quantiles(times)
        if q is None:
            print(f"| {name} | 0 | – | – | – | – | {errors} |")
            return None
        print(f"| {name} | {len(times)} | {q[0]:.1f} ms | {q[1]:.1f} ms | {q[2]:.1f} ms | {q[3]:.1f} ms | {errors} |")
        return q

    floor_q = row(LABELS["floor"] + f" ({args.clients} clients, {args.floor_seconds:g} s, nothing else running)",
                  floor.times.get("floor", []), len(floor.errors))
    qs = {}
    for kind in KINDS:
        qs[kind] = row(LABELS[kind] + " — under load", window.times.get(kind, []),
                       sum(1 for e in window.errors if e[0] == kind))
    everything = [t for kind in KINDS for t in window.times.get(kind, [])]
    row("all four kinds — under load", everything, len(window.errors))
    print()

    total = len(everything)
    throughput = total / (w1 - w0) if w1 > w0 else 0
    floor_n = len(floor.times.get("floor", []))
    floor_rate = floor_n / (f1 - f0) if f1 and f1 > f0 else 0
    ranking_rate = len(window.times.get("ranking", [])) / (w1 - w0) if w1 > w0 else 0
    print(f"throughput under load: {throughput:.1f} requests/s overall ({total} in {w1 - w0:.1f} s), "
          f"of which ranking pages {ranking_rate:.1f}/s")
    print(f"floor: {floor_rate:.0f} requests/s ({floor_n} in {f1 - f0:.1f} s)"
          + (f", p50 {floor_q[0]:.2f} ms, p95 {floor_q[1]:.2f} ms, p99 {floor_q[2]:.2f} ms" if floor_q else ""))
    print(f"CPU during the floor: this load generator {floor_cpu:.1f} s"
          + (f", server {floor_server_cpu:.1f} s" if floor_server_cpu is not None else "")
          + f", in {f1 - f0:.1f} s (the generator is one Python process: its share bounds the floor's rate)")
    if floor_q and qs.get("ranking") and floor_rate:
        print(f"against the floor: ranking page p50 {qs['ranking'][0] / floor_q[0]:.0f}× the stylesheet's, "
              f"throughput {throughput / floor_rate * 100:.1f} % of the stylesheet's")
    if server_cpu is not None:
        print(f"CPU during the window: server {server_cpu:.1f} s, this load generator {own_cpu:.1f} s, "
              f"in {w1 - w0:.1f} s on {os.cpu_count()} cores; server CPU per request "
              f"{server_cpu / max(1, total) * 1000:.1f} ms"
              + ("" if args.no_heavy_work else " (the heavy work included)"))
        if machine_cpu is not None:
            print(f"other processes on this machine during the window: {max(0.0, machine_cpu - server_cpu - own_cpu):.1f} "
                  f"CPU seconds (0 on a quiet machine; another build or test run shows here)")

    statuses = sorted(((k, s), n) for (k, s), n in window.statuses.items() if s != 200)
    if statuses:
        print("statuses other than 200 under load: "
              + ", ".join(f"{k} {s} × {n}" for (k, s), n in statuses))

    # The heavy work against the window.
    window_len = w1 - w0
    rob = report.get("robustness", {})
    problems = []
    if rob:
        end = rob["end"] or time.perf_counter()
        states = " → ".join(f"{s} at {t - rob['start']:.1f} s" for s, t in rob.get("states", []))
        last = rob.get("last") or {}
        polls = quantiles(rob["polls"])
        if rob.get("error"):
            outcome = f"FAILED: {rob['error']}"
        elif rob["end"]:
            outcome = f"done in {rob['end'] - rob['start']:.1f} s"
        else:
            outcome = f"not done after {end - rob['start']:.1f} s ({last.get('done')} of {last.get('total')} steps)"
        print(f"robustness run on {large} ({args.samples} samples): {outcome}"
              + (f" [{states}]" if states else "")
              + f"; in progress during {overlap(rob['start'], end, w0, w1):.1f} s of the {window_len:.1f} s window"
              + (f"; job status polls: n={len(rob['polls'])}, p95 {polls[1]:.1f} ms" if polls else ""))
        if rob.get("error"):
            problems.append(rob["error"])
        elif not rob["end"]:
            problems.append(f"the robustness run did not finish within the window + {args.grace:g} s")
    zipped = report.get("zip", {})
    if zipped:
        end = zipped.get("end") or time.perf_counter()
        if zipped.get("ok"):
            print(f"feedback ZIP of {large} (every county's workbook): {zipped['bytes'] / 1e6:.1f} MB in "
                  f"{zipped['end'] - zipped['start']:.1f} s; in progress during "
                  f"{overlap(zipped['start'], end, w0, w1):.1f} s of the {window_len:.1f} s window")
        else:
            print(f"feedback ZIP of {large}: FAILED ({zipped.get('status')}, {zipped.get('error', '')}) after "
                  f"{end - zipped['start']:.1f} s")
            problems.append(f"feedback ZIP: {zipped.get('status')}")

    # The ranking page while the heavy work was in progress (from its start to the end of the later of the two).
    if rob and zipped:
        h0 = min(rob["start"], zipped["start"])
        h1 = max(rob["end"] or time.perf_counter(), zipped.get("end") or time.perf_counter())
        during = [ms for ms, t in zip(window.times.get("ranking", []), window.starts.get("ranking", [])) if h0 <= t <= h1]
        q = quantiles(during)
        if q:
            print(f"ranking page while the robustness run or the ZIP was in progress: n={len(during)} p50 {q[0]:.1f} ms, "
                  f"p95 {q[1]:.1f} ms, p99 {q[2]:.1f} ms, max {q[3]:.1f} ms")

    for kind, status, detail in window.errors[:SHOWN_ERRORS] + floor.errors[:SHOWN_ERRORS]:
        print(f"error: {kind}: {detail}")
    errors = len(window.errors) + len(floor.errors)
    if errors:
        problems.append(f"{errors} requests failed")
    if qs.get("ranking") and qs["ranking"][1] > args.ranking_p95:
        problems.append(f"ranking page p95 {qs['ranking'][1]:.1f} ms > {args.ranking_p95:g} ms")
    if not qs.get("ranking"):
        problems.append("no ranking page measured")
    if problems:
        print("FAILED: " + "; ".join(problems))
        sys.exit(1)
    print(f"OK: no error; ranking page p95 {qs['ranking'][1]:.1f} ms ≤ {args.ranking_p95:g} ms")


if __name__ == "__main__":
    main()
