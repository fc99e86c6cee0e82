"""Excel in, in a real browser (issue 23): an .xlsx cohort, three county forms in one upload and a .zip of
forms each rank as `qeval rank` ranks the same files; a refused workbook names its sheet and cell. Every
expected rank comes from `qeval rank`, never from this test. The workbooks are written by openpyxl
(scripts/setup --test installs it) and by `qeval form`.
"""

import csv
import subprocess
import zipfile

import openpyxl
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_web import QEVAL, ROOT, SAMPLE, browser, cli_ranks, page_ranks, server, shot, wait, workdir  # noqa: F401

WRITER = ROOT / "Tests" / "QEvalTests" / "Fixtures" / "writers" / "openpyxl_cohort.py"


def write_cohort(out, *options):
    subprocess.run(["python3", str(WRITER), str(SAMPLE), str(out), *options], check=True)


def filled_forms(workdir, count):
    """`count` county forms as `qeval form` writes them, filled with the sample's first rows (by key)."""
    blank = workdir / "blank.xlsx"
    subprocess.run([str(QEVAL), "form", "--out", str(blank)], cwd=ROOT, check=True, capture_output=True)
    with open(SAMPLE, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))[:count]
    forms = []
    for i, row in enumerate(rows, start=1):
        book = openpyxl.load_workbook(blank)
        sheet = book["填报表"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "字段代码" for c in r))
        key_col = next(c.column for c in header if c.value == "字段代码")
        value_col = next(c.column for c in header if c.value == "填报值")
        for r in range(header[0].row + 1, sheet.max_row + 1):
            key = sheet.cell(row=r, column=key_col).value
            if key in row and row[key] != "":
                text = row[key]
                try:
                    value = float(text)
                    value = int(value) if value == int(value) else value
                except ValueError:
                    value = text
                sheet.cell(row=r, column=value_col, value=value)
        path = workdir / f"{row['county']}.xlsx"
        book.save(path)
        forms.append(path)
    return forms


def upload_files(driver, server, paths):
    driver.get(server.url + "/")
    driver.find_element(By.ID, "upload-file").send_keys("\n".join(str(p) for p in paths))
    driver.find_element(By.ID, "upload").click()


def test_start_page_says_which_files_it_takes(server, browser):
    browser.get(server.url + "/")
    shot(browser, "20-start-excel")
    hint = browser.find_element(By.TAG_NAME, "main").text
    assert ".xlsx" in hint and ".zip" in hint and "填报表" in hint
    field = browser.find_element(By.ID, "upload-file")
    assert field.get_attribute("multiple") is not None
    assert ".xlsx" in field.get_attribute("accept")


def test_xlsx_cohort_ranks_as_the_cli(server, browser, workdir):
    book = workdir / "申报汇总.xlsx"
    write_cohort(book, "--title", "2023年申报汇总", "--notes-sheet")
    upload_files(browser, server, [book])
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    ranks = page_ranks(browser)
    assert len(ranks) == 136
    assert ranks == cli_ranks(workdir, book) == cli_ranks(workdir, SAMPLE)


def test_three_forms_in_one_upload_and_a_zip_of_them_rank_as_the_cli(server, browser, workdir):
    forms = filled_forms(workdir, 3)
    folder = workdir / "forms"
    folder.mkdir()
    for form in forms:
        (folder / form.name).write_bytes(form.read_bytes())
    expected = cli_ranks(workdir, folder)
    assert len(expected) == 3
    upload_files(browser, server, forms)
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    shot(browser, "21-three-forms")
    assert page_ranks(browser) == expected
    archive = workdir / "三县填报表.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for form in forms:
            z.write(form, arcname=f"填报表/{form.name}")
    upload_files(browser, server, [archive])
    wait(browser).until(EC.presence_of_element_located((By.ID, "ranking")))
    assert page_ranks(browser) == expected


def test_refused_workbook_names_sheet_and_cell_and_stores_nothing(server, browser, workdir):
    with open(SAMPLE, encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    column = header.index("i14_intl_standards")
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    book = workdir / "申报汇总.xlsx"
    write_cohort(book, "--formula", "i14_intl_standards:4")
    upload_files(browser, server, [book])
    wait(browser).until(EC.presence_of_element_located((By.ID, "problems")))
    shot(browser, "22-refused-workbook")
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#problems tbody tr:first-child td")]
    assert cells[0] == f"申报汇总!{letters}5"
    assert "i14_intl_standards" in cells[1]
    assert "没有保存它的计算结果" in cells[4]
    browser.get(server.url + "/")
    assert not browser.find_elements(By.CSS_SELECTOR, "#evaluations tbody tr")
