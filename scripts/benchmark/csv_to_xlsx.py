#!/usr/bin/env python3
"""A cohort CSV as an .xlsx (openpyxl, write-only so 100,000 rows fit): numbers as numbers, text as shared
strings. For scripts/bench-xlsx."""
import csv
import sys

import openpyxl

source, out = sys.argv[1], sys.argv[2]
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("申报汇总")
with open(source, encoding="utf-8-sig", newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        cells = []
        for text in row:
            if i == 0 or text == "":
                cells.append(text if text else None)
                continue
            try:
                number = float(text)
                cells.append(int(number) if number == int(number) else number)
            except ValueError:
                cells.append(text)
        sheet.append(cells)
book.save(out)
