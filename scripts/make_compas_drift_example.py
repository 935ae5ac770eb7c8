#!/usr/bin/env python3
"""Splits the COMPAS two-year recidivism data (ProPublica's `compas-scores-two-years.csv`, filtered
as ProPublica did; 6,172 defendants screened in Broward County, Florida) by screening year into a
reference and a current data set, for Loupe's data-drift report on real data:

  REFERENCE  the defendants screened in 2013 (4,345 rows)
  CURRENT    the defendants screened in 2014 (1,827 rows)

Both keep every column of the input in its order and its rows in file order, so a reviewer can
check any number with a spreadsheet. `screening_date` is left out unless --keep-date is given: its
years do not overlap by construction, so it would top the drift ranking with nothing to learn.

Usage: make_compas_drift_example.py COMPAS.csv REFERENCE.csv CURRENT.csv [--keep-date]
(standard library only; deterministic: the output depends only on the input file)

Then, a data-only report (no label, no scores):
  loupe build --data CURRENT.csv --reference REFERENCE.csv --out /tmp/compas-drift
or the model report with a Data page and prediction and label drift:
  loupe build --data CURRENT.csv --reference REFERENCE.csv --label two_year_recid \\
      --score compas=compas_score --score benchmark=benchmark_score --baseline benchmark \\
      --slice race --slice sex --out /tmp/compas-drift-model
"""
import csv
import sys

DATE_COLUMN = "screening_date"
YEARS = {"2013": "reference", "2014": "current"}


def main(argv):
    args = [a for a in argv[1:] if a != "--keep-date"]
    keep_date = len(args) != len(argv) - 1
    if len(args) != 3 or any(a.startswith("-") for a in args):
        sys.exit(__doc__)
    source, reference_path, current_path = args
    with open(source, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        if DATE_COLUMN not in header:
            sys.exit(f"{source}: no column {DATE_COLUMN!r}; is this the COMPAS file?")
        date_index = header.index(DATE_COLUMN)
        keep = [i for i in range(len(header)) if keep_date or i != date_index]
        parts = {"reference": [], "current": []}
        for line, row in enumerate(reader, start=2):
            if len(row) != len(header):
                sys.exit(f"{source}:{line}: {len(row)} fields, the header has {len(header)}")
            part = YEARS.get(row[date_index][:4])
            if part is None:
                sys.exit(f"{source}:{line}: screening date {row[date_index]!r} is not in 2013 or 2014")
            parts[part].append([row[i] for i in keep])
    for part, path in (("reference", reference_path), ("current", current_path)):
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([header[i] for i in keep])
            writer.writerows(parts[part])
        print(f"{path}: {len(parts[part]):,} rows ({part})", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
