"""What a workbook with 50,000 bad rows costs: time, peak memory, the API's answer, the Excel report.

Run::

    python -m benchmarks.bench_input_limits [--rows 50000] [--code DIR ...] [--keep DIR]

It writes a template workbook (all sheets of ``praevnet template``) whose sheet
„Angebote“ has ``--rows`` offers, each with two bad cells („Alter von“ = „ab drei“,
„Plätze“ = „viele“), and then, for each source tree (this checkout, and each ``--code DIR``,
e.g. an older commit unpacked with ``git archive <commit> | tar -x -C DIR``), measures in
a fresh Python process:

1. ``parse``: ``api.importing.parse_file`` (what ``POST /api/imports`` and ``praevnet
   import`` run before the store is asked; a file with errors never reaches it);
2. ``response``: the size of the 422 problem+json body the API sends
   (``{"detail", "report": report.model_dump(mode="json")}``) and the time to build it;
3. ``xlsx``: ``write_report_xlsx`` (``--report R.xlsx``), its size and time;
4. the peak RSS of that process (``ru_maxrss``) and the problems it collected.

Benchmarks are not tests: the numbers depend on the machine and on what else runs on it;
compare rows of one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def write_bad_workbook(path: Path, rows: int) -> None:
    """A template workbook whose „Angebote“ has ``rows`` offers with two bad cells each (write-only: fast)."""
    from openpyxl import Workbook

    from importers.template_columns import SHEETS

    wb = Workbook(write_only=True)
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        headers = [c.header for c in spec.columns]
        ws.append(headers)
        if spec.name != "Angebote":
            continue
        for i in range(rows):
            row: list[object] = [None] * len(headers)
            row[headers.index("ID")] = f"angebot-{i}"
            row[headers.index("Titel")] = f"Elterncafé {i}"
            row[headers.index("Alter von")] = "ab drei"
            row[headers.index("Plätze")] = "viele"
            ws.append(row)
    wb.save(path)


def measure(code: Path, workbook: Path, out: Path) -> dict[str, object]:
    """Run in a fresh process with ``code`` first on ``sys.path``: parse, answer, Excel report."""
    sys.path.insert(0, str(code))
    from api.importing import parse_file
    from importers.report_xlsx import write_report_xlsx

    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    parsed = parse_file(workbook, fmt="template")
    t1 = time.perf_counter()
    report = parsed.report
    body = json.dumps({"type": "about:blank", "title": "Import abgelehnt", "status": 422,
                       "detail": f"{report.file}: {len(report.errors)} Fehler gefunden – nichts wurde gespeichert.",
                       "report": report.model_dump(mode="json")}).encode()
    t2 = time.perf_counter()
    result: dict[str, object] = {
        "parse_s": round(t1 - t0, 2), "response_s": round(t2 - t1, 2), "xlsx_s": "timeout",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "start_rss_mb": round(rss_start / 1024),
        "problems": len(report.problems), "errors": len(report.errors),
        "response_mb": round(len(body) / 1e6, 2), "xlsx_report_mb": "timeout",
        "last_error": report.errors[-1].message[:110] if report.errors else "",
        "code_file": sys.modules[type(report).__module__].__file__,
    }
    print(json.dumps(result), flush=True)  # what the parent keeps if the Excel report times out
    write_report_xlsx(report, out)
    t3 = time.perf_counter()
    result.update({
        "xlsx_s": round(t3 - t2, 2), "xlsx_report_mb": round(out.stat().st_size / 1e6, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    })
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--code", type=Path, action="append", default=[], help="another source tree to compare")
    parser.add_argument("--keep", type=Path, help="keep the workbook and reports in this folder")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds a source tree may take; after parsing, the Excel report is given up")
    parser.add_argument("--measure", nargs=3, metavar=("CODE", "WORKBOOK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        code, workbook, out = map(Path, args.measure)
        print(json.dumps(measure(code, workbook, out)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="praevnet-bench-input-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "angebote-50000-fehler.xlsx"
    t0 = time.perf_counter()
    write_bad_workbook(workbook, args.rows)
    print(f"workbook: {args.rows:,} bad offer rows, {workbook.stat().st_size / 1e6:.1f} MB, "
          f"written in {time.perf_counter() - t0:.1f} s")
    trees = [("this checkout", HERE)] + [(str(c), c.resolve()) for c in args.code]
    results = []
    for i, (name, code) in enumerate(trees):
        out = folder / f"bericht-{i}.xlsx"
        t0 = time.perf_counter()
        command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(code), str(workbook), str(out)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=code, check=False, timeout=args.timeout)
            stdout, failed = done.stdout, done.returncode != 0
        except subprocess.TimeoutExpired as expired:  # parsing finished, the Excel report did not
            raw = expired.stdout or b""
            stdout, failed = raw.decode() if isinstance(raw, bytes) else raw, False
        wall = time.perf_counter() - t0
        if failed or not stdout.strip():
            print(f"{name}: failed or timed out before the report\n{stdout[-2000:]}")
            continue
        result = json.loads(stdout.strip().splitlines()[-1])
        result["wall_s"] = round(wall, 1)
        results.append((name, result))
    columns = ["parse_s", "response_s", "xlsx_s", "wall_s", "peak_rss_mb", "start_rss_mb", "problems", "errors",
               "response_mb", "xlsx_report_mb"]
    print("| code | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, result in results:
        print(f"| {name} | " + " | ".join(str(result[c]) for c in columns) + " |")
    for name, result in results:
        print(f"{name}: last error: {result['last_error']} (read by {result['code_file']})")


if __name__ == "__main__":
    main()
