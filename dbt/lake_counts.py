#!/usr/bin/env python3
"""Prints dbt's --vars for the reconciliation against the lake (docs/dbt.md).

Usage: python3 dbt/lake_counts.py <outputDir>/run-report.json [more run-report.json ...]

Silver is append-only and a run appends only versions it has not seen, so the silver versions a
lake holds per site are the sum, over every run that wrote to that lake, of the report's
flow.<site>.silver_rows_written. Give every run's report of the lake (a single run on a new lake:
its one report). Prints {"souk_lake_versions": {"<site>": <versions>, ...}} as one line of JSON.
"""
import json
import sys


def lake_versions(paths):
    totals = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for site, flow in (report.get("flow") or {}).items():
            if not site or site == "souk":
                continue
            totals[site] = totals.get(site, 0) + int(flow.get("silver_rows_written", 0))
    return totals


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print(json.dumps({"souk_lake_versions": lake_versions(sys.argv[1:])}, sort_keys=True))
