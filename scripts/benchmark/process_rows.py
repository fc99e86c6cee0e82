#!/usr/bin/env python3
"""Extracts the 计分过程 sheet of a workbook qeval wrote into a TSV the floor writes back (scripts/bench).

The floor cannot explain scores; to write *the same* sheet it is given the same cells, taken from qeval's
own output before timing starts: one line per data row (below the two header rows), 15 fields, each
"n:<number>", "s:<text>" or "" (blank); tabs and line breaks in text become spaces.
Usage: process_rows.py WORKBOOK.xlsx OUT.tsv
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def main(path, out):
    z = zipfile.ZipFile(path)
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheet = next(s for s in book.iter(NS + "sheet") if s.get("name") == "计分过程")
    part = "xl/" + targets[sheet.get(REL)].lstrip("/").removeprefix("xl/")
    rows = 0
    with z.open(part) as f, open(out, "w", encoding="utf-8") as o:
        for _, el in ET.iterparse(f):
            if el.tag != NS + "row":
                continue
            r = int(el.get("r"))
            if r > 2:
                cells = [""] * 15
                for c in el.iter(NS + "c"):
                    i = column(c.get("r"))
                    if i >= 15:
                        continue
                    if c.get("t") == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(NS + "t"))
                        cells[i] = "s:" + re.sub(r"[\t\r\n]", " ", text)
                    else:
                        v = c.find(NS + "v")
                        if v is not None:
                            cells[i] = "n:" + v.text
                o.write("\t".join(cells) + "\n")
                rows += 1
            el.clear()
    print(f"process_rows {rows}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
