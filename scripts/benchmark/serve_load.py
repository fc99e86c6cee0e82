#!/usr/bin/env python3
"""Load client for `qeval serve` (scripts/bench-serve runs it): sequential requests over one keep-alive
connection, latencies in milliseconds with p50/p95/p99, against a floor measured in the same run (the
server's smallest answer: the stylesheet).

usage: serve_load.py URL SAMPLE_CSV LARGE_CSV [--requests N]
"""
import argparse
import http.client
import json
import random
import re
import statistics
import time
import urllib.parse


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port)
        self.cookies = {}
        self.csrf = ""

    @property
    def cookie(self):
        """Every cookie the server set (the CSRF cookie, then the session's), as a browser sends them."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        match = re.search(rb'name="csrf-token" content="([0-9a-f]+)"', data)
        if match:
            self.csrf = match.group(1).decode()
        return response.status, response.getheader("Location"), data

    def upload(self, path):
        boundary = "qevalbenchboundary"
        with open(path, "rb") as f:
            content = f.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{self.csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.split('/')[-1]}\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        status, location, _ = self.request("POST", "/evaluations", body,
                                           {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 303, status
        return location


def timed(n, call):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(name, times):
    times = sorted(times)
    q = statistics.quantiles(times, n=100, method="inclusive")
    print(f"{name:<38} n={len(times):<5} p50={q[49]:7.2f} ms  p95={q[94]:7.2f} ms  p99={q[98]:7.2f} ms  max={times[-1]:7.2f} ms")
    return q[94]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("sample")
    parser.add_argument("large")
    parser.add_argument("--requests", type=int, default=300)
    a = parser.parse_args()
    client = Client(a.url)
    client.request("GET", "/")
    small = client.upload(a.sample)
    large = client.upload(a.large)
    numbers = list(range(1, 44))
    rng = random.Random(2023)

    def reweigh():
        points = {str(n): round(rng.uniform(0.5, 5), 2) for n in rng.sample(numbers, 3)}
        status, _, data = client.request("POST", large + "/weights", json.dumps({"points": points}),
                                         {"Content-Type": "application/json", "X-CSRF-Token": client.csrf,
                                          "Accept": "application/json"})
        assert status == 200, (status, data[:200])

    def ranking():
        status, _, data = client.request("GET", small + "?s=standard")
        assert status == 200 and data.count(b"data-county=") == 136

    def floor():
        status, _, _ = client.request("GET", "/assets/app.css")
        assert status == 200

    # Warm-up: first reads of each evaluation and the page.
    for _ in range(20):
        reweigh(); ranking(); floor()
    floor_p95 = summary("floor: GET /assets/app.css", timed(a.requests, floor))
    reweigh_p95 = summary("re-weigh 2,844 counties (POST JSON)", timed(a.requests, reweigh))
    ranking_p95 = summary("ranking page, 136 counties (GET)", timed(a.requests, ranking))
    print(f"targets: re-weigh p95 {reweigh_p95:.2f} ms (≤ 50), ranking page p95 {ranking_p95:.2f} ms (≤ 100); "
          f"floor p95 {floor_p95:.2f} ms")
    print(f"cookie={client.cookie.replace('; ', ';')} ranking_path={small}")


if __name__ == "__main__":
    main()
