"""End-to-end tests of `qeval serve` in a real browser: headless Chromium from Debian, driven by Selenium
through /usr/bin/chromedriver (nothing is downloaded). Every expected rank comes from `qeval rank` run on
the same file, never from this test.

Run: python3 -m pytest Tests/e2e (scripts/test does, after the Swift tests). On a failure the browser's
screenshot is saved under reports/e2e-screenshots/. With QEVAL_SCREENSHOTS=DIR every page visited is saved
there too (how the pages were looked at for the closing note).
"""

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
QEVAL = Path(os.environ.get("QEVAL_BIN", ROOT / ".build" / "debug" / "qeval"))
SAMPLE = ROOT / "data" / "sample" / "shandong-2023.csv"
FAILURES = ROOT / "reports" / "e2e-screenshots"
SCREENS = os.environ.get("QEVAL_SCREENSHOTS")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 made for the test (openssl), as (cert, key) paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "test-cert.pem", folder / "test-key.pem"
    if not cert.exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                        str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return cert, key


class Server:
    """One `qeval serve` process on a free port with its own data folder. Off loopback it serves HTTPS with
    a test certificate (plain HTTP off loopback is refused)."""

    def __init__(self, data, host="127.0.0.1", tls=None, extra=()):
        self.data = data
        self.host = host
        self.port = free_port()
        self.process = None
        if tls is None and host not in ("127.0.0.1", "localhost", "::1") and "--behind-proxy" not in extra:
            tls = make_certificate(Path(data).parent / "tls")
        self.tls = tls
        self.extra = list(extra)

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self):
        command = [str(QEVAL), "serve", "--host", self.host, "--port", str(self.port), "--data", str(self.data)]
        if self.tls:
            command += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        self.process = subprocess.Popen(command + self.extra, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        seen = []
        for _ in range(8):
            line = self.process.stdout.readline()
            seen.append(line)
            if "http://" in line or "https://" in line:
                return self
        raise AssertionError(f"the server did not start: {seen!r}")

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


@pytest.fixture
def workdir():
    folder = Path(tempfile.mkdtemp(prefix="qeval-e2e-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(workdir):
    s = Server(workdir / "data").start()
    yield s
    s.stop()


@pytest.fixture
def browser(workdir, request):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # The HTTPS tests' certificate is made in the test and self-signed.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100",
                     "--lang=zh-CN", "--ignore-certificate-errors"):
        options.add_argument(argument)
    downloads = workdir / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.downloads = downloads
    yield driver
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(FAILURES / f"{request.node.name}.png"))
    driver.quit()


def shot(driver, name):
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
        driver.set_window_size(1500, max(900, height))
        driver.save_screenshot(str(Path(SCREENS) / f"{name}.png"))
        driver.set_window_size(1500, 1100)


def wait(driver, seconds=20):
    return WebDriverWait(driver, seconds)


def upload(driver, server, path):
    driver.get(server.url + "/")
    driver.find_element(By.ID, "upload-file").send_keys(str(path))
    driver.find_element(By.ID, "upload").click()


def page_ranks(driver, table="ranking"):
    """(county, city) → rank ('' for the disqualified) from the rows' data attributes."""
    rows = driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")
    return {(r.get_attribute("data-county"), r.get_attribute("data-city")): r.get_attribute("data-rank") for r in rows}


def cli_ranks(workdir, input_path, weights=None):
    """The ranks `qeval rank` gives the same file: from its scores CSV."""
    scores = workdir / f"scores-{time.monotonic_ns()}.csv"
    command = [str(QEVAL), "rank", str(input_path), "--out", str(workdir / f"r-{time.monotonic_ns()}.xlsx"),
               "--scores-csv", str(scores), "--quiet"]
    if weights:
        command += ["--weights", str(weights)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with open(scores, encoding="utf-8-sig") as f:
        return {(row["county"], row["city"]): row["rank"] for row in csv.DictReader(f)}


def test_upload_sample_ranks_equal_cli(server, browser, workdir):
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    shot(browser, "02-ranking")
    ranks = page_ranks(browser)
    expected = cli_ranks(workdir, SAMPLE)
    assert len(ranks) == 136
    assert ranks == expected
    # Disqualified applicants carry an empty rank and their reason.
    disqualified = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr.disqualified")
    assert disqualified and all(r.get_attribute("data-rank") == "" for r in disqualified)
    assert "不具备资格" in disqualified[0].text
    # The tier filter hides the other tiers' rows.
    browser.find_element(By.CSS_SELECTOR, '[data-tier-filter="1"]').click()
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr") if r.is_displayed()]
    assert visible and all(r.get_attribute("data-tier") == "1" for r in visible)
    shot(browser, "03-ranking-tier1")
    # Sorting by county name and back by rank.
    browser.find_element(By.CSS_SELECTOR, '[data-tier-filter=""]').click()
    headers = browser.find_elements(By.CSS_SELECTOR, "#ranking thead th")
    headers[0].click()
    headers[0].click()
    first = browser.find_element(By.CSS_SELECTOR, "#ranking tbody tr")
    assert first.get_attribute("data-rank") == str(max(int(r) for r in expected.values() if r))


def test_weights_equal_cli_with_those_points(server, browser, workdir):
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    evaluation = re.search(r"/e/(\d+)", browser.current_url).group(1)
    browser.get(f"{server.url}/e/{evaluation}/weights")
    shot(browser, "04-weights")
    standard = {n: float(browser.find_element(By.NAME, n).get_attribute("data-standard")) for n in ("points-20", "points-3")}
    for name, value in (("points-20", "10"), ("points-3", "1")):
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    # The page re-ranks without a reload: wait for the answer to the last change.
    wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-reweighed") is not None
                        and "重新排名" in d.find_element(By.ID, "reweigh-status").text)
    time.sleep(0.5)
    weights = workdir / "weights.csv"
    weights.write_text("indicator,points\n20,10\n3,1\n", encoding="utf-8")
    expected = cli_ranks(workdir, SAMPLE, weights)
    wait(browser).until(lambda d: page_ranks(d, "live-ranking") == expected)
    shot(browser, "05-weights-changed")
    # The total of the points follows the inputs: 100 less the two standard values plus 10 and 1.
    total = browser.find_element(By.ID, "points-total").text
    assert float(total) == pytest.approx(100 - standard["points-20"] - standard["points-3"] + 11, abs=1e-9)
    assert browser.find_element(By.ID, "points-warning").text != ""
    # The ranking page now uses the session's unsaved points, and says so.
    browser.get(f"{server.url}/e/{evaluation}")
    assert page_ranks(browser) == expected
    assert browser.find_elements(By.CSS_SELECTOR, ".banner")
    assert "调整后的分值合计 106 分" in browser.find_element(By.CSS_SELECTOR, ".warnings").text
    shot(browser, "05b-ranking-draft")
    # Saved as a scenario, then compared with the standard's points.
    browser.get(f"{server.url}/e/{evaluation}/weights")
    browser.find_element(By.ID, "scenario-name").send_keys("自愿性认证加重")
    browser.find_element(By.ID, "save-scenario").click()
    wait(browser).until(EC.url_contains("/weights?s="))
    scenario = browser.current_url.rsplit("=", 1)[1]
    browser.get(f"{server.url}/e/{evaluation}/compare?a=standard&b=s{scenario}")
    shot(browser, "06-compare")
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart")
    compared = page_ranks(browser, "compare-table")
    assert compared == expected
    # A second reviewer (another browser session) does not see the first one's unsaved points.
    browser.delete_all_cookies()
    browser.get(f"{server.url}/e/{evaluation}")
    assert page_ranks(browser) == cli_ranks(workdir, SAMPLE)


def test_download_workbook_and_open_it(server, browser, workdir):
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "download-ranking")))
    browser.find_element(By.ID, "download-ranking").click()
    wait(browser, 60).until(lambda d: any(p.suffix == ".xlsx" for p in d.downloads.iterdir()))
    path = next(p for p in browser.downloads.iterdir() if p.suffix == ".xlsx")
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        # Constant-memory mode writes strings inline: the first sheet (总排名) holds the names.
        strings = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for sheet in ("总排名", "指标得分", "权重", "计分过程", "说明"):
        assert f'name="{sheet}"' in workbook
    assert "广饶县" in strings  # the sample's first place
    # LibreOffice opens it too (as a reviewer's Excel or WPS would): converted to CSV, 总排名 first.
    if shutil.which("soffice"):
        out = workdir / "converted"
        subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
        text = next(out.glob("*.csv")).read_text(encoding="utf-8", errors="replace")
        assert "广饶县" in text


def test_bad_upload_shows_located_error_and_stores_nothing(server, browser, workdir):
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader([lines[0]]))
    column = header.index("i20_voluntary_cert_coverage")
    row = next(csv.reader([lines[2]]))
    row[column] = "9O"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    bad = workdir / "bad.csv"
    bad.write_text("\n".join([lines[0], lines[1], out.getvalue().rstrip("\n")] + lines[3:]) + "\n", encoding="utf-8")
    upload(browser, server, bad)
    wait(browser).until(EC.presence_of_element_located((By.ID, "problems")))
    shot(browser, "07-refused")
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#problems tbody tr:first-child td")]
    assert cells[0] == "3"
    assert "自愿性认证覆盖率" in cells[1] and "i20_voluntary_cert_coverage" in cells[1]
    assert cells[2] == "9O"
    assert "无法识别" in cells[4]
    assert "未保存" in browser.find_element(By.ID, "refused-summary").text
    browser.get(server.url + "/")
    assert not browser.find_elements(By.CSS_SELECTOR, "#evaluations tbody tr")


def test_markup_in_a_county_name_stays_text(server, browser, workdir):
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    row = next(csv.reader([lines[1]]))
    markup = "<img src=x onerror=alert(1)>"
    row[0] = markup
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    path = workdir / "markup.csv"
    path.write_text("\n".join([lines[0], out.getvalue().rstrip("\n")] + lines[2:]) + "\n", encoding="utf-8")
    upload(browser, server, path)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    rows = [r for r in browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
            if r.get_attribute("data-county") == markup]
    assert len(rows) == 1
    assert markup in rows[0].text
    assert not browser.find_elements(By.CSS_SELECTOR, "#ranking img, main img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    # Its county page too.
    rows[0].find_element(By.TAG_NAME, "a").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "process")))
    assert markup in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")


def test_restart_keeps_the_evaluation(server, browser, workdir):
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    before = page_ranks(browser)
    address = browser.current_url.replace(server.url, "")
    server.stop()
    server.start()
    browser.get(server.url + "/")
    listed = browser.find_elements(By.CSS_SELECTOR, "#evaluations tbody tr")
    assert len(listed) == 1 and "shandong-2023.csv" in listed[0].text
    shot(browser, "01-home")
    browser.get(server.url + address)
    assert page_ranks(browser) == before


def test_county_page_and_robustness_run(server, browser, workdir):
    browser.get(server.url + "/")
    browser.find_element(By.ID, "use-sample").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    evaluation = re.search(r"/e/(\d+)", browser.current_url).group(1)
    first = browser.find_element(By.CSS_SELECTOR, "#ranking tbody tr")
    name = first.get_attribute("data-county")
    first.find_element(By.TAG_NAME, "a").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "process")))
    assert name in browser.find_element(By.TAG_NAME, "h1").text
    assert "拟认定" in browser.find_element(By.ID, "county-status").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#process tr.indicator")) == 43
    shot(browser, "08-county")
    browser.get(f"{server.url}/e/{evaluation}/robustness")
    samples = browser.find_element(By.NAME, "samples")
    samples.clear()
    samples.send_keys("2000")
    browser.find_element(By.ID, "run-robustness").click()
    wait(browser, 120).until(EC.presence_of_element_located((By.ID, "robustness-table")))
    shot(browser, "09-robustness")
    rows = browser.find_elements(By.CSS_SELECTOR, "#robustness-table tbody tr")
    assert len(rows) == 132
    assert "%" in rows[0].text
    browser.get(server.url + "/audit")
    shot(browser, "10-audit")
    text = browser.find_element(By.ID, "audit").text
    assert "上传数据" in text and "稳健性分析" in text


def test_off_loopback_pages_require_login(workdir, browser):
    data = workdir / "shared-data"
    # Plain HTTP off loopback is refused (passwords would cross the network in clear) ...
    refused = subprocess.run([str(QEVAL), "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--data", str(data)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "--tls-cert" in refused.stderr and "明文 HTTP" in refused.stderr
    # ... and over HTTPS, without an account, too.
    cert, key = make_certificate(workdir / "tls")
    refused = subprocess.run([str(QEVAL), "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--data", str(data),
                              "--tls-cert", str(cert), "--tls-key", str(key)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "qeval user add" in refused.stderr
    added = subprocess.run([str(QEVAL), "user", "add", "reviewer", "--data", str(data)], cwd=ROOT,
                           input="correct horse\ncorrect horse\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    server = Server(data, host="0.0.0.0").start()
    try:
        browser.get(server.url + "/")
        wait(browser).until(EC.presence_of_element_located((By.ID, "login-form")))
        assert "/login" in browser.current_url
        shot(browser, "11-login")
        # Reading the login page makes no session (issue 21), only the CSRF cookie.
        assert browser.get_cookie("qeval_session") is None
        cookie = browser.get_cookie("qeval_csrf")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        browser.find_element(By.ID, "login-user").send_keys("reviewer")
        browser.find_element(By.ID, "login-password").send_keys("wrong password")
        browser.find_element(By.ID, "login-submit").click()
        wait(browser).until(EC.presence_of_element_located((By.ID, "login-failed")))
        browser.find_element(By.ID, "login-user").send_keys("reviewer")
        browser.find_element(By.ID, "login-password").send_keys("correct horse")
        browser.find_element(By.ID, "login-submit").click()
        wait(browser).until(EC.presence_of_element_located((By.ID, "upload-form")))
        assert "reviewer" in browser.find_element(By.CSS_SELECTOR, "header .user").text
        cookie = browser.get_cookie("qeval_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    finally:
        server.stop()
