"""The timings issue 21 asks for, against a running `qeval serve` on loopback (bounded in count and time):

1. a 10,000-column CSV (120 KB) is refused — time from sending to the 422, against the stylesheet floor;
2. the stylesheet keeps answering while two large uploads are read and scored at once — its latency
   every 50 ms during the uploads, against the same request with nothing else running;
3. the server's resident memory after several large uploads (the cohort cache is bounded in bytes).

Usage: python3 hostile_load.py URL BIG.csv PID [HUGE.csv]
HUGE.csv, when given: a file near the 20 MB upload limit with more rows than allowed, sent twice at once
(read in full, then refused) with the same stylesheet probe.
"""

import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse


def connect(url):
    parsed = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)


class Visitor:
    def __init__(self, url):
        self.url = url
        self.cookie = ""
        self.token = ""

    def get(self, path):
        c = connect(self.url)
        c.request("GET", path, headers={"Cookie": self.cookie} if self.cookie else {})
        r = c.getresponse()
        body = r.read()
        for value in r.headers.get_all("Set-Cookie") or []:
            pair = value.split(";")[0]
            if pair.startswith("qeval_csrf="):
                self.cookie = pair
        m = re.search(rb'name="csrf-token" content="([0-9a-f]*)"', body)
        if m:
            self.token = m.group(1).decode()
        c.close()
        return r.status

    def upload(self, name, data):
        boundary = "qevalbench"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{self.token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        c = connect(self.url)
        c.request("POST", "/evaluations", body=body, headers={
            "Cookie": self.cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status


def stylesheet_ms(url):
    c = connect(url)
    started = time.perf_counter()
    c.request("GET", "/assets/app.css")
    c.getresponse().read()
    c.close()
    return (time.perf_counter() - started) * 1000


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    url, big_path, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
    me = Visitor(url)
    me.get("/")
    floor = [stylesheet_ms(url) for _ in range(50)]
    print(f"floor: stylesheet alone, 50 requests: p50 {statistics.median(floor):.2f} ms, "
          f"p95 {percentile(floor, 95):.2f} ms, max {max(floor):.2f} ms")

    header = ",".join(f"未知列{i}" for i in range(10_000)).encode() + b"\n1\n"
    times = []
    for _ in range(5):
        started = time.perf_counter()
        status = me.upload("wide.csv", header)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 422, status
    print(f"10,000-column CSV ({len(header) / 1024:.0f} KB) refused (422), 5 runs: "
          f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")

    big = open(big_path, "rb").read()
    concurrent_uploads(url, big, "big")
    if len(sys.argv) > 4:
        concurrent_uploads(url, open(sys.argv[4], "rb").read(), "huge")

    for n in range(6):
        v = Visitor(url)
        v.get("/")
        v.upload(f"more-{n}.csv", big)
        if n in (1, 3, 5):
            print(f"server RSS after {n + 3} accepted uploads of {len(big) / 1024 / 1024:.1f} MB: {rss_mb(pid):.0f} MB")


def concurrent_uploads(url, big, label):
    results = []
    latencies = []
    done = threading.Event()

    def uploader(n):
        v = Visitor(url)
        v.get("/")
        started = time.perf_counter()
        status = v.upload(f"{label}-{n}.csv", big)
        results.append((status, time.perf_counter() - started))

    def prober():
        while not done.is_set():
            latencies.append(stylesheet_ms(url))
            time.sleep(0.05)

    probe = threading.Thread(target=prober)
    probe.start()
    uploads = [threading.Thread(target=uploader, args=(n,)) for n in range(2)]
    for t in uploads:
        t.start()
    for t in uploads:
        t.join(timeout=300)
    done.set()
    probe.join()
    print(f"two concurrent uploads of {len(big) / 1024 / 1024:.1f} MB: statuses {[s for s, _ in results]}, "
          f"each {', '.join(f'{d:.1f} s' for _, d in results)}")
    print(f"stylesheet meanwhile, {len(latencies)} requests: p50 {statistics.median(latencies):.2f} ms, "
          f"p95 {percentile(latencies, 95):.2f} ms, max {max(latencies):.2f} ms")



if __name__ == "__main__":
    main()
