"""Issue 27 in a real browser against a real `qeval serve` (off loopback, HTTPS, sign-in required): a 评审
assigns three expert accounts to the sample's evaluation, blind; each expert signs in, sees only the judged items
of the evaluation assigned, without the declared levels, scores every page and submits; the chair's page shows
progress and the spread table with its flags; the ranking uses the panel and equals `qeval rank --panel` on the
same levels. Only 127.0.0.1 is contacted; every wait is bounded.

Run: python3 -m pytest Tests/e2e/test_panel.py (scripts/test runs every file of Tests/e2e).
"""

import csv
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_office import add_user
from test_web import QEVAL, ROOT, SAMPLE, Server, browser, page_ranks, shot, workdir  # noqa: F401 (fixtures)

LEVELS = {"张三": 2, "李四": 2, "王五": 1}
JUDGED = ["i02_model", "i08_action_plan", "i11_support_policy", "i12_platform", "i16_industrial_metrology",
          "i16_test_center", "i25_product_help", "i27_analysis"]


def wait(driver, seconds=30):
    return WebDriverWait(driver, seconds)


def sign_in(driver, server, name):
    driver.delete_all_cookies()
    driver.get(server.url + "/login")
    wait(driver).until(EC.presence_of_element_located((By.ID, "login-form")))
    driver.find_element(By.NAME, "user").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys("correct horse")
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "nav-account")))


def cli_ranks_with_panel(workdir):
    """`qeval rank --panel` on a CSV of the same levels (every applicant of the sample)."""
    with open(SAMPLE, encoding="utf-8-sig") as f:
        applicants = [(row["county"], row["city"]) for row in csv.DictReader(f)]
    panel = workdir / "panel.csv"
    with open(panel, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["专家", "县（市、区）", "所属地级市", "填报项", "等级"])
        for expert, level in LEVELS.items():
            for county, city in applicants:
                for key in JUDGED:
                    out.writerow([expert, county, city, key, level])
    scores = workdir / f"scores-{time.monotonic_ns()}.csv"
    subprocess.run([str(QEVAL), "rank", str(SAMPLE), "--panel", str(panel), "--out", str(workdir / "r.xlsx"),
                    "--scores-csv", str(scores), "--quiet"], cwd=ROOT, check=True, capture_output=True, timeout=120)
    with open(scores, encoding="utf-8-sig") as f:
        return {(row["county"], row["city"]): row["rank"] for row in csv.DictReader(f)}


def score_every_page(driver, server, level, name):
    driver.get(server.url + "/")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#expert-panels a.score-link"))).click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "score-form")))
    # Blind: no declared level anywhere; each level is shown with the standard's wording.
    assert not driver.find_elements(By.CSS_SELECTOR, ".declared")
    assert "2 明确可推广" in driver.find_element(By.ID, "score-form").text
    pages = len(driver.find_elements(By.CSS_SELECTOR, "#score-pages a")) + 1
    assert pages == 7  # 132 ranked applicants, 20 a page
    for page in range(1, pages + 1):
        if page > 1:
            driver.get(server.url + f"/e/1/score?p={page}")
            wait(driver).until(EC.presence_of_element_located((By.ID, "score-form")))
        radios = driver.find_elements(By.CSS_SELECTOR, f"#score-form input[type=radio][value='{level}']")
        assert len(radios) == 8 * len(driver.find_elements(By.CSS_SELECTOR, "section.applicant"))
        # The first item by a real click, the rest by script (a thousand clicks prove nothing more).
        radios[0].click()
        driver.execute_script(
            "document.querySelectorAll(\"#score-form input[type=radio][value='%d']\").forEach(r => r.checked = true)"
            % level)
        if page == 1 and name == "张三":
            shot(driver, "panel-expert-scoring")
        button = "submit-levels" if page == pages else "save-levels"
        driver.find_element(By.ID, button).click()
        wait(driver).until(EC.presence_of_element_located((By.ID, "score-message")))
    assert driver.find_elements(By.ID, "submitted-note"), "submitted"


def test_assign_score_blind_submit_chair_table_and_ranking(workdir, browser):
    data = workdir / "data"
    add_user(data, "chair", "评审")
    for name in LEVELS:
        add_user(data, name, "专家")
    server = Server(data, host="0.0.0.0").start()
    try:
        sign_in(browser, server, "chair")
        wait(browser).until(EC.presence_of_element_located((By.ID, "use-sample"))).click()
        wait(browser).until(EC.url_matches(r"/e/\d+$"))
        browser.find_element(By.ID, "nav-panel").click()
        form = wait(browser).until(EC.presence_of_element_located((By.ID, "assign-form")))
        for name in LEVELS:
            form.find_element(By.CSS_SELECTOR, f"input[name='expert.{name}']").click()
        browser.find_element(By.ID, "blind").click()
        browser.find_element(By.ID, "assign").click()
        progress = wait(browser).until(EC.presence_of_element_located((By.ID, "progress")))
        assert "已评 0 / 1056 项" in progress.text

        for name, level in LEVELS.items():
            sign_in(browser, server, name)
            # An expert's header offers no evaluation pages.
            assert not browser.find_elements(By.ID, "nav-panel")
            score_every_page(browser, server, level, name)

        sign_in(browser, server, "chair")
        browser.get(server.url + "/e/1")
        banner = wait(browser).until(EC.presence_of_element_located((By.ID, "panel-banner")))
        assert "排名已采用专家评审结果：3 位专家，1056 项按专家组得分计" in banner.text
        assert page_ranks(browser) == cli_ranks_with_panel(workdir)
        shot(browser, "panel-ranking")

        browser.get(server.url + "/e/1/panel")
        table = wait(browser).until(EC.presence_of_element_located((By.ID, "spread")))
        headers = [h.text for h in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert {"张三", "李四", "王五"} <= set(headers)
        assert all("已提交" in r.text for r in browser.find_elements(By.CSS_SELECTOR, "#progress tbody tr"))
        # 扶持政策 (0 / 1 / 3): 3, 3 and 1 spread 2 > 1.5: flagged; 质量发展模式: 3, 3, 1.5 spread 1.5: not.
        flagged = {r.get_attribute("data-field") for r in table.find_elements(By.CSS_SELECTOR, "tbody tr.flagged")}
        assert "i11_support_policy" in flagged and "i02_model" not in flagged
        shot(browser, "panel-chair")
    finally:
        server.stop()
