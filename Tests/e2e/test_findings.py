"""Reviewers' findings in the browser (issue 25): record on the county page, change it (history kept), the
申报/核定 switch, import a findings file, export it and re-import into another evaluation of the same data —
each checked against `qeval rank --findings` on the same file."""

import csv
import re
import subprocess
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from test_web import QEVAL, ROOT, SAMPLE, browser, page_ranks, server, shot, upload, wait, workdir  # noqa: F401


def cli(workdir, findings):
    """(county, city) → (rank, total) as `qeval rank --findings` gives them, from its scores CSV."""
    scores = workdir / f"scores-{time.monotonic_ns()}.csv"
    subprocess.run(
        [str(QEVAL), "rank", str(SAMPLE), "--findings", str(findings), "--out", str(workdir / f"r-{time.monotonic_ns()}.xlsx"),
         "--scores-csv", str(scores), "--quiet"], cwd=ROOT, check=True, capture_output=True)
    with open(scores, encoding="utf-8-sig") as f:
        return {(row["county"], row["city"]): (row["rank"], row["total"]) for row in csv.DictReader(f)}


def record(driver, field, value, reason):
    Select(driver.find_element(By.ID, "finding-field")).select_by_value(field)
    box = driver.find_element(By.ID, "finding-value")
    box.clear()
    box.send_keys(value)
    driver.find_element(By.ID, "finding-reason").send_keys(reason)
    driver.find_element(By.ID, "finding-save").click()


def test_record_change_switch_and_history(server, browser, workdir):
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    evaluation = re.search(r"/e/(\d+)", browser.current_url).group(1)
    browser.get(f"{server.url}/e/{evaluation}/county/0")
    before = browser.find_element(By.ID, "county-total").text
    record(browser, "i20_voluntary_cert_coverage", "12", "佐证材料显示为 12%")
    wait(browser).until(lambda d: "#verification" in d.current_url)
    after = browser.find_element(By.ID, "county-total").text
    findings = workdir / "f1.csv"
    findings.write_text("county,city,field,value,reason\n历下区,济南市,i20_voluntary_cert_coverage,12,佐证材料显示为 12%\n",
                        encoding="utf-8")
    expected = cli(workdir, findings)
    assert after != before
    assert after.split("/")[0].strip() == f"{float(expected[('历下区', '济南市')][1]):.2f}"
    browser.find_element(By.CSS_SELECTOR, "#county-figures summary").click()
    row = browser.find_element(By.CSS_SELECTOR, '#figures tr[data-key="i20_voluntary_cert_coverage"]')
    assert "51.55" in row.text and "12" in row.text and "v1" in row.text
    shot(browser, "20-county-finding")

    # A refused finding keeps the form and says why; nothing changes.
    record(browser, "i20_voluntary_cert_coverage", "九十", "")
    # The reason box is required: the browser itself stops an empty one, so give a reason and a bad value.
    browser.find_element(By.ID, "finding-reason").send_keys("x")
    browser.find_element(By.ID, "finding-save").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "finding-errors")))
    assert "核定值“九十”无法识别" in browser.find_element(By.ID, "finding-errors").text

    # Changed: version 2; the first stays in the history.
    browser.get(f"{server.url}/e/{evaluation}/county/0")
    record(browser, "i20_voluntary_cert_coverage", "30", "复核后为 30%")
    wait(browser).until(lambda d: "#verification" in d.current_url)
    browser.get(f"{server.url}/e/{evaluation}/findings")
    assert "1 条核查记录（共 2 个版本）" in browser.find_element(By.ID, "findings-count").text
    browser.find_element(By.CSS_SELECTOR, "#findings-history summary").click()
    versions = [r.get_attribute("data-version") for r in browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")]
    assert sorted(versions) == ["1", "2"]
    shot(browser, "21-findings-history")

    # The ranking page shows 核定 and says so; the switch shows 申报, equal to ranking the declared data.
    findings.write_text("county,city,field,value,reason\n历下区,济南市,i20_voluntary_cert_coverage,30,复核后为 30%\n",
                        encoding="utf-8")
    verified = {k: v[0] for k, v in cli(workdir, findings).items()}
    browser.get(f"{server.url}/e/{evaluation}")
    assert "当前显示：核定数据" in browser.find_element(By.ID, "data-banner").text
    assert page_ranks(browser) == verified
    browser.find_element(By.ID, "data-switch").click()
    wait(browser).until(lambda d: "当前显示：申报数据" in d.find_element(By.ID, "data-banner").text)
    assert page_ranks(browser) != verified
    shot(browser, "22-ranking-declared")


def test_import_export_and_reimport_give_the_same_ranks(server, browser, workdir):
    findings = workdir / "核查记录.csv"
    findings.write_text(
        "县（市、区）,所属地级市,填报项,核定值,核查理由,佐证材料,核查人,核查日期\n"
        "历下区,济南市,自愿性认证覆盖率,12,佐证显示 12%,附件5,张三,2026-11-20\n"
        "市中区,济南市,i07_mobilization,,未见会议纪要,,李四,2026-11-21\n", encoding="utf-8")
    expected = {k: v[0] for k, v in cli(workdir, findings).items()}
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    first = re.search(r"/e/(\d+)", browser.current_url).group(1)
    browser.get(f"{server.url}/e/{first}/findings")
    browser.find_element(By.ID, "import-findings-file").send_keys(str(findings))
    browser.find_element(By.ID, "import-findings").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "findings")))
    assert "2 条核查记录" in browser.find_element(By.ID, "findings-count").text
    browser.get(f"{server.url}/e/{first}")
    assert page_ranks(browser) == expected

    # Export (the command line's CSV), import into a second evaluation of the same data: the same ranks.
    exported = workdir / "exported.csv"
    request = urllib.request.Request(
        f"{server.url}/e/{first}/findings.csv",
        headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())})
    with urllib.request.urlopen(request) as response:
        exported.write_bytes(response.read())
    assert exported.read_text(encoding="utf-8-sig").startswith('"county","city","field","value","reason"')
    assert {k: v[0] for k, v in cli(workdir, exported).items()} == expected
    upload(browser, server, SAMPLE)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    second = re.search(r"/e/(\d+)", browser.current_url).group(1)
    assert second != first
    browser.get(f"{server.url}/e/{second}/findings")
    browser.find_element(By.ID, "import-findings-file").send_keys(str(exported))
    browser.find_element(By.ID, "import-findings").click()
    wait(browser).until(EC.presence_of_element_located((By.ID, "findings")))
    browser.get(f"{server.url}/e/{second}")
    assert page_ranks(browser) == expected
    shot(browser, "23-ranking-verified")
