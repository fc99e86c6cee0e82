#!/usr/bin/env python3
"""Writes a cohort CSV as an .xlsx with openpyxl (a third writer beside libxlsxwriter and LibreOffice), the
way a reviewer's own sheet may hold it. Used by Tests/QEvalTests/XLSXInputTests.swift.

usage: openpyxl_cohort.py IN.csv OUT.xlsx [--title TEXT] [--percent KEY,KEY…] [--text-numbers]
                          [--thousands KEY,KEY…] [--notes-sheet] [--header-row N]
  --title          a title in A1 merged across the header's width, the table below it
  --percent        these columns hold 0.95 for 95, formatted as 0%/0.0% (as Excel stores a typed 95%)
  --text-numbers   every number stored as text (Excel's "number stored as text")
  --thousands      these columns as text with thousands separators ("1,234")
  --notes-sheet    a second sheet of notes after the data
  --formula KEY:N  data row N's cell of column KEY a formula (=1+2) with no saved result (openpyxl saves none)
  --date KEY:N     data row N's cell of column KEY a date (2023-05-01, formatted yyyy-mm-dd)
The header row of IN.csv is copied as it is (keys or Chinese labels); its first column keys are given by
--keys (the CSV's own header when omitted) to find the percent and thousands columns."""
import csv
import datetime
import sys

import openpyxl
from openpyxl.styles import Font


def main(argv):
    src, out = argv[0], argv[1]
    opts = {"title": None, "percent": set(), "text": False, "thousands": set(), "notes": False, "keys": None,
            "formula": None, "date": None}
    i = 2
    while i < len(argv):
        a = argv[i]
        if a == "--title":
            opts["title"] = argv[i + 1]; i += 2
        elif a == "--percent":
            opts["percent"] = set(argv[i + 1].split(",")); i += 2
        elif a == "--thousands":
            opts["thousands"] = set(argv[i + 1].split(",")); i += 2
        elif a == "--keys":
            opts["keys"] = argv[i + 1].split(","); i += 2
        elif a == "--text-numbers":
            opts["text"] = True; i += 1
        elif a in ("--formula", "--date"):
            key, n = argv[i + 1].split(":")
            opts[a[2:]] = (key, int(n)); i += 2
        elif a == "--notes-sheet":
            opts["notes"] = True; i += 1
        else:
            raise SystemExit(f"unknown option {a}")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    keys = opts["keys"] or header
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申报汇总"
    r = 1
    if opts["title"]:
        ws.cell(row=1, column=1, value=opts["title"]).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        r = 2
    for c, name in enumerate(header, start=1):
        ws.cell(row=r, column=c, value=name).font = Font(bold=True)
    for n, row in enumerate(data, start=1):
        r += 1
        for c, text in enumerate(row, start=1):
            key = keys[c - 1]
            if opts["formula"] == (key, n):
                ws.cell(row=r, column=c, value="=1+2")
                continue
            if opts["date"] == (key, n):
                ws.cell(row=r, column=c, value=datetime.date(2023, 5, 1)).number_format = "yyyy-mm-dd"
                continue
            if text == "":
                continue
            try:
                number = float(text)
            except ValueError:
                ws.cell(row=r, column=c, value=text)
                continue
            if key in opts["thousands"]:
                whole = int(number)
                ws.cell(row=r, column=c, value=f"{whole:,}" if whole == number else text)
            elif opts["text"]:
                ws.cell(row=r, column=c, value=text).number_format = "@"
            elif key in opts["percent"]:
                cell = ws.cell(row=r, column=c, value=number / 100)
                cell.number_format = "0%" if number == int(number) else "0.0%"
            else:
                ws.cell(row=r, column=c, value=int(number) if number == int(number) else number)
    if opts["notes"]:
        notes = wb.create_sheet("填表说明")
        notes["A1"] = "本表由各县报送数据汇总而成。"
        notes["A2"] = "百分数列以百分比格式填写。"
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1:])
