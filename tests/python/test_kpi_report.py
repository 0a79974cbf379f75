"""The KPI report (scripts/kpi_report.py): one self-contained HTML file that a browser renders.

The slow test writes the report of the session's demo build to target/kpi_report.html, opens
it in headless Chromium (Debian package `chromium`, driven by Playwright without a browser
download), saves a full-page screenshot to target/kpi_report.png and fails on a console
error, an uncaught page error, any request that leaves the file (the JavaScript must be
inlined), or a chart that draws nothing. scripts/test.sh installs `chromium` when missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from revops_warehouse.kpi_report import (
    REPORT_MARTS,
    SECTIONS,
    ReportError,
    build_report,
    money,
)
from warehouse import PROJECT_DIR

KPI_REPORT = PROJECT_DIR / "scripts" / "kpi_report.py"
REPORT_PATH = PROJECT_DIR / "target" / "kpi_report.html"
SCREENSHOT_PATH = PROJECT_DIR / "target" / "kpi_report.png"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Per chart: traces with data points, and SVG marks or heat-map images actually drawn.
CHART_STATE_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
    id: gd.id,
    points: (gd._fullData || []).reduce((n, t) => n + Math.max(
        (t.x || []).length, (t.y || []).length, (t.z || []).length), 0),
    marks: Array.from(gd.querySelectorAll('g.trace path[d]'))
        .filter(p => p.getAttribute('d').length > 2).length
        + gd.querySelectorAll('.heatmaplayer image').length,
}))
"""


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "no chromium on PATH: install the Debian package (apt-get install -y chromium); "
            "scripts/test.sh does it in CI"
        )
    return found


def test_exposure_lists_every_mart_the_report_reads() -> None:
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_exposures.yml").read_text())
    (report,) = [item for item in exposures["exposures"] if item["name"] == "kpi_report"]
    listed = sorted(ref.removeprefix("ref('").removesuffix("')") for ref in report["depends_on"])
    assert listed == sorted(REPORT_MARTS)


def test_missing_mart_is_a_named_error(tmp_path: Path) -> None:
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    with pytest.raises(ReportError, match="fct_mrr_arr_monthly is not in the DuckDB file"):
        build_report(database, tmp_path / "report.html")


def test_mart_without_rows_is_a_named_error(tmp_path: Path) -> None:
    database = tmp_path / "empty_mart.duckdb"
    con = duckdb.connect(str(database))
    con.execute(
        "create table fct_mrr_arr_monthly (month_start date, dimension varchar,"
        " dimension_value varchar, arr double)"
    )
    con.close()
    with pytest.raises(ReportError, match="fct_mrr_arr_monthly has no row"):
        build_report(database, tmp_path / "report.html")


def test_kpi_report_renders_in_chromium(demo_warehouse) -> None:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(KPI_REPORT), "--duckdb", str(demo_warehouse.database),
         "--out", str(REPORT_PATH)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    build_seconds = time.monotonic() - started
    page_text = REPORT_PATH.read_text()
    assert "<script src=" not in page_text, "the report loads a script from elsewhere"

    console_errors: list[str] = []
    outside_requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on(
                "console",
                lambda message: console_errors.append(message.text)
                if message.type == "error" else None,
            )
            page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
            page.on(
                "request",
                lambda request: outside_requests.append(request.url)
                if not request.url.startswith(("file:", "data:", "blob:")) else None,
            )
            page.goto(REPORT_PATH.as_uri(), wait_until="load")
            charts = page.evaluate(CHART_STATE_JS)
            placeholders = page.evaluate(
                "() => Array.from(document.querySelectorAll('.chart-placeholder'))"
                ".map(el => el.id)"
            )
            readings = page.evaluate(
                "() => Array.from(document.querySelectorAll('.reading'))"
                ".map(el => el.textContent)"
            )
            SCREENSHOT_PATH.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT_PATH), full_page=True)
        finally:
            browser.close()

    print(f"report {REPORT_PATH} in {build_seconds:.1f} s; screenshot {SCREENSHOT_PATH}")
    assert not console_errors, console_errors
    assert not outside_requests, f"the report reaches the network: {outside_requests}"
    # Every section is a drawn chart: no placeholder is left.
    assert len(readings) == len(SECTIONS)
    assert placeholders == []
    assert len(charts) == len(SECTIONS)
    empty = [chart["id"] for chart in charts if chart["points"] == 0 or chart["marks"] == 0]
    assert not empty, f"charts that draw nothing: {empty}"
    assert all("n/a" not in reading for reading in readings[:4]), readings
    # the readings quote the marts: the bridge ends on the report month's company MRR
    (latest,) = demo_warehouse.query(
        "fct_mrr_arr_monthly",
        "select mrr from {model} where dimension = 'total' order by month_start desc limit 1",
    )
    assert f"\u2192 {money(latest['mrr'])} (" in readings[0], readings[0]
    assert SCREENSHOT_PATH.stat().st_size > 50_000
