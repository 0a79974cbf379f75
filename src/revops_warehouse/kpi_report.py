"""The KPI report: one self-contained HTML file with a plot per KPI, read from the marts.

    python scripts/kpi_report.py --duckdb target/build.duckdb --out target/kpi_report.html

Reads the mart tables only (a build's work file or the published file: tables are found by
name in any schema) and computes no metric: every number plotted or quoted is a column of a
mart, so the report and the marts can never disagree. Each section has a one-line reading
of the report month (the last month of `fct_mrr_arr_monthly`) written from the data.
plotly's JavaScript is inlined once in the page: the file opens with no network.

Never silent: a missing mart or column, or a mart with no row for a chart, is a named
`ReportError`. A section whose mart does not exist yet can be a labelled placeholder
(`Section.placeholder`), never an empty chart; today every section is a chart.
"""

from __future__ import annotations

import argparse
import html
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from revops_warehouse.published_grain import SLICE_COLUMNS

SEGMENT_COLOURS = {
    "enterprise": "#1f4e79",
    "mid_market": "#2e86c1",
    "smb": "#85c1e9",
    "unknown": "#b3b6b7",
}


# Every mart the report reads: the exposure `kpi_report` (models/marts/_exposures.yml) lists
# the same ones (tests/python/test_kpi_report.py), and `Marts.read` refuses any other.
REPORT_MARTS = (
    "fct_cac_monthly",
    "fct_churn_monthly",
    "fct_cohort_retention",
    "fct_customer_lifetime_value",
    "fct_deal_stage_funnel_monthly",
    "fct_funnel_reach_monthly",
    "fct_mrr_arr_monthly",
    "fct_mrr_movements_monthly",
    "fct_pipeline_stage_snapshot_monthly",
    "fct_pipeline_velocity_monthly",
    "fct_revenue_retention_monthly",
    "fct_sales_cycle_monthly",
    "fct_sales_forecast_quarterly",
    "fct_win_rates_monthly",
)


# Created-month cohorts drawn on the deal-stage funnel chart (the most recent ones).
DEAL_FUNNEL_COHORTS = 6


class ReportError(RuntimeError):
    """The marts cannot make the report (missing table or column, no rows)."""


@dataclass
class Section:
    """One KPI of the report: a figure (or a placeholder), its reading and its sources."""

    key: str
    title: str
    reading: str
    sources: list[str]
    figure: go.Figure | None = None
    placeholder: str | None = None
    notes: list[str] = field(default_factory=list)


class Marts:
    """Mart tables of one DuckDB file, found by name whatever their schema."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_name like 'fct\\_%' escape '\\' or table_name like 'dim\\_%' escape '\\'"
        ).fetchall()
        self.relations: dict[str, str] = {}
        for schema, table in rows:
            if table in self.relations:
                raise ReportError(f"mart {table} exists in two schemas; which one to read?")
            self.relations[table] = f'"{schema}"."{table}"'

    def read(
        self,
        table: str,
        columns: list[str],
        where: str = "true",
        dimensions: tuple[str, ...] = (),
    ) -> pd.DataFrame:
        """Columns of a mart (rows filtered by `where`); a named error if anything is missing.

        `dimensions` ('total', 'segment', ...) reads those slices of a sliced mart and adds
        `dimension` and `dimension_value` columns, from a build's mart (one table, a
        `dimension` column) or from the published file's one-grain tables (`<mart>` for
        the total, `<mart>_by_<dimension>` for a slice: revops_warehouse.published_grain).
        """
        if table not in REPORT_MARTS:
            raise ReportError(f"{table} is not in REPORT_MARTS (and the kpi_report exposure)")
        if not dimensions:
            return self._read(table, columns, where)
        frames = []
        for dimension in dimensions:
            if "dimension" in self._columns(table):
                frame = self._read(
                    table, [*columns, "dimension_value"],
                    f"dimension = '{dimension}' and ({where})",
                )
            elif dimension == "total":
                frame = self._read(table, columns, where)
                frame["dimension_value"] = "all"
            else:
                value = SLICE_COLUMNS[dimension][0]
                frame = self._read(f"{table}_by_{dimension}", [*columns, value], where)
                frame = frame.rename(columns={value: "dimension_value"})
            frame["dimension"] = dimension
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def _columns(self, table: str) -> set[str]:
        if table not in self.relations:
            raise ReportError(f"mart {table} is not in the DuckDB file: was the project built?")
        return {
            row[0]
            for row in self.con.execute(
                f"select * from {self.relations[table]} limit 0"
            ).description
        }

    def _read(self, table: str, columns: list[str], where: str) -> pd.DataFrame:
        missing = [column for column in columns if column not in self._columns(table)]
        if missing:
            raise ReportError(f"mart {table} has no column(s) {', '.join(missing)}")
        column_list = ", ".join(f'"{column}"' for column in columns)
        frame = self.con.execute(
            f"select {column_list} from {self.relations[table]} where {where}"
        ).fetchdf()
        if frame.empty:
            raise ReportError(f"mart {table} has no row where {where}")
        for column in frame.columns:
            if frame[column].dtype == object and not frame[column].empty:
                sample = frame[column].dropna()
                if not sample.empty and not isinstance(sample.iloc[0], str | date):
                    frame[column] = pd.to_numeric(frame[column])
        return frame


# --- formatting -------------------------------------------------------------------------


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def money(value: object) -> str:
    """Reporting-currency amount, whole units: 1,570,008."""
    if _missing(value):
        return "n/a"
    return f"{float(value):,.0f}"


def signed_money(value: object) -> str:
    if _missing(value):
        return "n/a"
    return ("+" if float(value) >= 0 else "\u2212") + money(abs(float(value)))


def pct(value: object, digits: int = 1) -> str:
    """A ratio 0-1 as a percentage."""
    if _missing(value):
        return "n/a"
    return f"{float(value) * 100:.{digits}f} %"


def number(value: object, digits: int = 1) -> str:
    if _missing(value):
        return "n/a"
    return f"{float(value):,.{digits}f}"


def month_label(value: date | pd.Timestamp) -> str:
    return pd.Timestamp(value).strftime("%b %Y")


def quarter_label(value: date | pd.Timestamp) -> str:
    stamp = pd.Timestamp(value)
    return f"Q{stamp.quarter} {stamp.year}"


def _layout(figure: go.Figure, height: int = 420) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 60, "r": 20, "t": 40, "b": 50},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.18},
    )
    return figure


def _only_row(frame: pd.DataFrame, what: str) -> pd.Series:
    if len(frame) != 1:
        raise ReportError(f"{what}: expected one row, found {len(frame)}")
    return frame.iloc[0]


# --- sections -----------------------------------------------------------------------------


def _history(
    marts: Marts, table: str, columns: list[str], month: date,
    dimensions: tuple[str, ...] = (), time_column: str = "month_start",
) -> pd.DataFrame:
    """A mart's rows up to the report month (`time_column` <= month), oldest first."""
    return marts.read(
        table, [time_column, *columns], f"{time_column} <= date '{month}'", dimensions
    ).sort_values(time_column)


def _in_month(frame: pd.DataFrame, month: date) -> pd.DataFrame:
    """The rows of the report month."""
    return frame[frame.month_start == pd.Timestamp(month)]


def mrr_bridge(marts: Marts, month: date) -> Section:
    table = "fct_mrr_movements_monthly"
    row = _only_row(
        marts.read(
            table,
            [
                "start_mrr", "new_mrr", "reactivation_mrr", "expansion_mrr",
                "contraction_mrr", "churned_mrr", "fx_impact", "end_mrr",
            ],
            f"month_start = date '{month}'",
            ("total",),
        ),
        f"{table} total row of {month}",
    )
    steps = [
        ("Start MRR", row.start_mrr, "absolute"),
        ("New", row.new_mrr, "relative"),
        ("Reactivation", row.reactivation_mrr, "relative"),
        ("Expansion", row.expansion_mrr, "relative"),
        ("Contraction", -row.contraction_mrr, "relative"),
        ("Churn", -row.churned_mrr, "relative"),
        ("FX", row.fx_impact, "relative"),
        ("End MRR", row.end_mrr, "total"),
    ]
    figure = go.Figure(
        go.Waterfall(
            x=[label for label, _, _ in steps],
            y=[float(value) for _, value, _ in steps],
            measure=[measure for _, _, measure in steps],
            text=[money(value) for _, value, _ in steps],
            textposition="outside",
            connector={"line": {"color": "#888"}},
            increasing={"marker": {"color": "#27ae60"}},
            decreasing={"marker": {"color": "#c0392b"}},
            totals={"marker": {"color": "#1f4e79"}},
        )
    )
    low = float(min(row.start_mrr, row.end_mrr)) * 0.97
    high = float(max(row.start_mrr, row.end_mrr)) * 1.02
    figure.update_yaxes(range=[low, high], title="MRR (reporting currency)")
    change = float(row.end_mrr) - float(row.start_mrr)
    growth = ("+" if change >= 0 else "") + pct(change / float(row.start_mrr))
    reading = (
        f"{month_label(month)}: MRR {money(row.start_mrr)} \u2192 {money(row.end_mrr)} "
        f"({signed_money(change)}, {growth}): "
        f"new {signed_money(row.new_mrr)}, reactivation {signed_money(row.reactivation_mrr)}, "
        f"expansion {signed_money(row.expansion_mrr)}, contraction "
        f"{signed_money(-row.contraction_mrr)}, churn {signed_money(-row.churned_mrr)}, "
        f"FX {signed_money(row.fx_impact)}."
    )
    return Section(
        "mrr_bridge", "MRR bridge (waterfall)", reading, [table], _layout(figure)
    )


def arr_by_segment(marts: Marts, month: date) -> Section:
    table = "fct_mrr_arr_monthly"
    frame = _history(marts, table, ["arr"], month, ("total", "segment"))
    figure = go.Figure()
    segments = frame[frame.dimension == "segment"]
    for segment in sorted(segments.dimension_value.unique()):
        rows = segments[segments.dimension_value == segment]
        figure.add_trace(
            go.Scatter(
                x=rows.month_start, y=rows.arr, name=segment, stackgroup="arr",
                line={"color": SEGMENT_COLOURS.get(segment)},
            )
        )
    figure.update_yaxes(title="ARR (reporting currency)")
    latest = _in_month(frame, month)
    total = _only_row(latest[latest.dimension == "total"], f"{table} total row of {month}")
    latest = latest[latest.dimension == "segment"].sort_values("arr", ascending=False)
    shares = ", ".join(
        f"{row.dimension_value} {money(row.arr)} ({pct(row.arr / total.arr, 0)})"
        for row in latest.itertuples()
    )
    reading = f"{month_label(month)}: ARR {money(total.arr)}; {shares}."
    return Section("arr_by_segment", "ARR by segment", reading, [table], _layout(figure))


def revenue_retention(marts: Marts, month: date) -> Section:
    table = "fct_revenue_retention_monthly"
    frame = _history(
        marts, table, ["t0_month_start", "nrr", "grr", "logo_retention"], month, ("total",)
    )
    figure = go.Figure()
    for column, name in [("nrr", "NRR"), ("grr", "GRR"), ("logo_retention", "Logo retention")]:
        figure.add_trace(go.Scatter(x=frame.month_start, y=frame[column], name=name))
    figure.update_yaxes(title="ratio", tickformat=".0%")
    row = _only_row(_in_month(frame, month), f"{table} of {month}")
    reading = (
        f"{month_label(month)} (customers of {month_label(row.t0_month_start)}): "
        f"NRR {pct(row.nrr)}, GRR {pct(row.grr)}, logo retention {pct(row.logo_retention)}."
    )
    return Section(
        "revenue_retention", "NRR, GRR and logo retention", reading, [table], _layout(figure)
    )


def cohort_heatmap(marts: Marts, month: date) -> Section:
    table = "fct_cohort_retention"
    frame = marts.read(
        table,
        [
            "acquisition_cohort_month", "months_since_acquisition", "month_start",
            "logo_retention", "net_mrr_retention",
        ],
        f"month_start <= date '{month}'",
    )
    grid = frame.pivot(
        index="acquisition_cohort_month", columns="months_since_acquisition",
        values="net_mrr_retention",
    ).sort_index()
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=[month_label(value) for value in grid.index],
            colorscale="Blues",
            zmin=0,
            zmax=1.5,
            colorbar={"title": "net MRR retention", "tickformat": ".0%"},
            hovertemplate="cohort %{y}, month %{x}: %{z:.1%}<extra></extra>",
        )
    )
    figure.update_xaxes(title="months since acquisition")
    figure.update_yaxes(title="acquisition cohort", autorange="reversed")
    latest = frame[frame.month_start == pd.Timestamp(month)]
    year_old = latest[latest.months_since_acquisition == 12]
    if len(year_old) == 1:
        row = year_old.iloc[0]
        reading = (
            f"{month_label(month)}: the cohort of {month_label(row.acquisition_cohort_month)} "
            f"(12 months old) keeps {pct(row.logo_retention)} of its customers and "
            f"{pct(row.net_mrr_retention)} of its starting MRR."
        )
    else:
        reading = f"{month_label(month)}: no cohort is exactly 12 months old this month."
    section = Section(
        "cohort_heatmap", "Cohort retention (net MRR retention by cohort and age)", reading,
        [table], _layout(figure, height=620),
    )
    section.notes.append(
        "The mart holds the months of the reporting window only: older cohorts start late."
    )
    return section


def lead_funnel(marts: Marts, month: date) -> Section:
    table = "fct_funnel_reach_monthly"
    frame = marts.read(
        table,
        ["stage_name", "stage_order", "reach_count", "reach_rate", "stage_to_stage_rate"],
        f"month_start = date '{month}'",
        ("total",),
    ).sort_values("stage_order")
    figure = go.Figure(
        go.Funnel(
            y=frame.stage_name, x=frame.reach_count, textinfo="value+percent initial",
            marker={"color": "#2e86c1"},
        )
    )
    steps = " \u2192 ".join(
        f"{int(row.reach_count)} {row.stage_name}"
        + ("" if _missing(row.stage_to_stage_rate) else f" ({pct(row.stage_to_stage_rate)})")
        for row in frame.itertuples()
    )
    reading = (
        f"Leads created in {month_label(month)}: {steps} "
        "(stage-to-stage rates in brackets; a young cohort is still converting)."
    )
    return Section(
        "lead_funnel", "Lead funnel (leads created in the report month)", reading, [table],
        _layout(figure),
    )


def deal_stage_funnel(marts: Marts, month: date) -> Section:
    """Share of each created-month cohort that reached each deal stage, read at the month end."""
    table = "fct_deal_stage_funnel_monthly"
    frame = marts.read(
        table,
        ["created_month", "stage_name", "stage_order", "cohort_count", "reach_rate"],
        f"month_start = date '{month}'",
    )
    if frame.empty:
        raise ReportError(f"{table} has no row for the report month {month}")
    cohorts = sorted(frame.created_month.unique())[-DEAL_FUNNEL_COHORTS:]
    figure = go.Figure()
    for cohort in cohorts:
        rows = frame[frame.created_month == cohort].sort_values("stage_order")
        figure.add_trace(
            go.Scatter(
                x=rows.stage_name, y=rows.reach_rate, mode="lines+markers",
                name=f"created {month_label(cohort)} ({int(rows.cohort_count.iloc[0])} deals)",
            )
        )
    figure.update_yaxes(title="share of the cohort that reached the stage", tickformat=".0%")
    # The oldest cohort shown has had the longest to progress: its deepest-stage reach is the
    # most settled figure on the chart.
    settled = frame[frame.created_month == cohorts[0]].sort_values("stage_order")
    last = settled.iloc[-1]
    reading = (
        f"{month_label(month)}: of the {int(last.cohort_count)} opportunities created in "
        f"{month_label(cohorts[0])}, {pct(last.reach_rate)} had reached {last.stage_name}; "
        f"younger cohorts are still moving through the stages."
    )
    return Section(
        "deal_stage_funnel",
        f"Deal-stage funnel (last {len(cohorts)} created-month cohorts, at the report month end)",
        reading, [table], _layout(figure),
    )


def open_pipeline_by_stage(marts: Marts, month: date) -> Section:
    table = "fct_pipeline_stage_snapshot_monthly"
    frame = marts.read(
        table,
        ["month_end", "stage_name", "stage_order", "open_count", "open_amount",
         "share_of_open_amount"],
        f"month_start = date '{month}'",
        ("total",),
    ).sort_values("stage_order")
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(
        go.Bar(x=frame.stage_name, y=frame.open_amount, name="open amount",
               marker={"color": "#1f4e79"}),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(x=frame.stage_name, y=frame.open_count, name="open deals (count)",
                   mode="lines+markers", line={"color": "#e67e22"}),
        secondary_y=True,
    )
    figure.update_yaxes(title="open amount (reporting currency)", secondary_y=False)
    figure.update_yaxes(title="open deals (count)", secondary_y=True)
    largest = frame.sort_values("open_amount", ascending=False).iloc[0]
    reading = (
        f"{pd.Timestamp(frame.month_end.iloc[0]).strftime('%d %b %Y')}: "
        f"{int(frame.open_count.sum())} open deals worth {money(frame.open_amount.sum())}; "
        f"largest stage by amount: {largest.stage_name} ({pct(largest.share_of_open_amount)})."
    )
    return Section(
        "open_pipeline_by_stage", "Open pipeline by stage (month-end snapshot)", reading,
        [table], _layout(figure),
    )


def win_rate_and_cycle(marts: Marts, month: date) -> Section:
    win_table, cycle_table = "fct_win_rates_monthly", "fct_sales_cycle_monthly"
    wins = _history(marts, win_table, ["win_rate_trailing"], month, ("segment",))
    cycles = _history(
        marts, cycle_table, ["avg_sales_cycle_days_trailing"], month, ("segment",)
    )
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
        subplot_titles=("win rate (trailing window)", "average sales cycle (days, trailing)"),
    )
    for segment in sorted(wins.dimension_value.unique()):
        colour = SEGMENT_COLOURS.get(segment)
        rows = wins[wins.dimension_value == segment]
        figure.add_trace(
            go.Scatter(x=rows.month_start, y=rows.win_rate_trailing, name=segment,
                       legendgroup=segment, line={"color": colour}),
            row=1, col=1,
        )
        rows = cycles[cycles.dimension_value == segment]
        figure.add_trace(
            go.Scatter(x=rows.month_start, y=rows.avg_sales_cycle_days_trailing, name=segment,
                       legendgroup=segment, showlegend=False, line={"color": colour}),
            row=2, col=1,
        )
    figure.update_yaxes(tickformat=".0%", row=1, col=1)
    figure.update_yaxes(title="days", row=2, col=1)
    latest_wins = _in_month(wins, month).set_index("dimension_value")
    latest_cycles = _in_month(cycles, month).set_index("dimension_value")
    parts = [
        f"{segment} {pct(latest_wins.win_rate_trailing.get(segment))} / "
        f"{number(latest_cycles.avg_sales_cycle_days_trailing.get(segment), 0)} days"
        for segment in sorted(latest_wins.index)
    ]
    reading = f"{month_label(month)}, win rate / average cycle: {'; '.join(parts)}."
    return Section(
        "win_rate_and_cycle", "Win rate and sales cycle by segment", reading,
        [win_table, cycle_table], _layout(figure, height=560),
    )


def cac_by_channel(marts: Marts, month: date) -> Section:
    cac_table, ltv_table = "fct_cac_monthly", "fct_customer_lifetime_value"
    cac = _history(
        marts, cac_table, ["channel_cac", "blended_cac", "cac_payback_months"], month,
        ("total", "channel"),
    )
    ltv = _history(marts, ltv_table, ["ltv_to_cac"], month, ("total",))
    latest = _in_month(cac[cac.dimension == "channel"], month)
    priced = latest.dropna(subset=["channel_cac"]).sort_values("channel_cac")
    total = cac[cac.dimension == "total"]
    figure = make_subplots(
        rows=1, cols=2, column_widths=[0.45, 0.55], specs=[[{}, {"secondary_y": True}]],
        subplot_titles=(
            f"CAC by paid channel, {month_label(month)}",
            "company LTV:CAC and CAC payback",
        ),
    )
    figure.add_trace(
        go.Bar(x=priced.dimension_value, y=priced.channel_cac, name="channel CAC",
               marker={"color": "#8e44ad"}),
        row=1, col=1,
    )
    figure.add_trace(
        go.Scatter(x=ltv.month_start, y=ltv.ltv_to_cac, name="LTV:CAC (ratio)"),
        row=1, col=2, secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(x=total.month_start, y=total.cac_payback_months,
                   name="CAC payback (months)", line={"dash": "dot"}),
        row=1, col=2, secondary_y=True,
    )
    figure.update_yaxes(title="CAC (reporting currency)", row=1, col=1)
    figure.update_yaxes(title="LTV:CAC", row=1, col=2, secondary_y=False)
    figure.update_yaxes(title="payback (months)", row=1, col=2, secondary_y=True)
    total_row = _only_row(_in_month(total, month), f"{cac_table} total")
    ltv_row = _only_row(_in_month(ltv, month), f"{ltv_table} total")
    channels = ", ".join(
        f"{row.dimension_value} {money(row.channel_cac)}" for row in priced.itertuples()
    )
    unpriced = len(latest) - len(priced)
    reading = (
        f"{month_label(month)}: blended CAC {money(total_row.blended_cac)}, payback "
        f"{number(total_row.cac_payback_months)} months, LTV:CAC "
        f"{number(ltv_row.ltv_to_cac)}; channel CAC {channels or 'n/a'}"
        f" ({unpriced} channels have no channel CAC this month: no spend or no new logo)."
    )
    section = Section(
        "cac_by_channel", "CAC, LTV:CAC and payback", reading, [cac_table, ltv_table],
        _layout(figure),
    )
    section.notes.append(
        "LTV:CAC and payback exist for the company only (no channel CAC in the LTV mart)."
    )
    return section


def pipeline_velocity(marts: Marts, month: date) -> Section:
    table = "fct_pipeline_velocity_monthly"
    frame = _history(
        marts, table, ["pipeline_velocity_per_30_days"], month, ("total", "segment")
    )
    figure = go.Figure()
    for (dimension, value), rows in frame.groupby(["dimension", "dimension_value"]):
        figure.add_trace(
            go.Scatter(
                x=rows.month_start, y=rows.pipeline_velocity_per_30_days,
                name="company" if dimension == "total" else value,
                line={"color": SEGMENT_COLOURS.get(value, "#000000"),
                      "width": 3 if dimension == "total" else 2},
            )
        )
    figure.update_yaxes(title="expected won amount per 30 days")
    latest = _in_month(frame, month)
    total = _only_row(latest[latest.dimension == "total"], f"{table} total of {month}")
    top = latest[latest.dimension == "segment"].sort_values(
        "pipeline_velocity_per_30_days", ascending=False
    )
    reading = (
        f"{month_label(month)}: pipeline velocity {money(total.pipeline_velocity_per_30_days)} "
        f"per 30 days; fastest segment {top.iloc[0].dimension_value} "
        f"({money(top.iloc[0].pipeline_velocity_per_30_days)})."
    )
    return Section("pipeline_velocity", "Pipeline velocity", reading, [table], _layout(figure))


def forecast_vs_actual(marts: Marts, month: date) -> Section:
    table = "fct_sales_forecast_quarterly"
    frame = _history(
        marts, table,
        ["is_quarter_complete", "forecast_new_arr", "actual_new_arr", "forecast_accuracy",
         "forecast_bias"],
        month, ("total",), time_column="quarter_start",
    )
    labels = [quarter_label(value) for value in frame.quarter_start]
    figure = go.Figure(
        [
            go.Bar(x=labels, y=frame.forecast_new_arr, name="forecast new ARR",
                   marker={"color": "#b3b6b7"}),
            go.Bar(x=labels, y=frame.actual_new_arr, name="actual new ARR",
                   marker={"color": "#1f4e79"}),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title="new ARR (reporting currency)")
    complete = frame[frame.is_quarter_complete.astype(bool)]
    if complete.empty:
        reading = "No complete quarter yet."
    else:
        row = complete.iloc[-1]
        reading = (
            f"{quarter_label(row.quarter_start)} (last complete quarter): forecast "
            f"{money(row.forecast_new_arr)}, actual {money(row.actual_new_arr)}; accuracy "
            f"{pct(row.forecast_accuracy)}, bias {pct(row.forecast_bias)}."
        )
    return Section("forecast_vs_actual", "Forecast vs actual", reading, [table], _layout(figure))


def annual_churn_band(marts: Marts, month: date) -> Section:
    table = "fct_churn_monthly"
    frame = _history(
        marts, table,
        ["trailing_12m_customer_churn_rate", "benchmark_annual_churn_low",
         "benchmark_annual_churn_high", "annual_churn_vs_benchmark"],
        month, ("total",),
    )
    row = _only_row(_in_month(frame, month), f"{table} of {month}")
    low, high = float(row.benchmark_annual_churn_low), float(row.benchmark_annual_churn_high)
    figure = go.Figure(
        go.Scatter(x=frame.month_start, y=frame.trailing_12m_customer_churn_rate,
                   name="trailing-12-month customer churn", line={"color": "#c0392b"})
    )
    figure.add_hrect(
        y0=low, y1=high, fillcolor="#27ae60", opacity=0.15, line_width=0,
        annotation_text=f"benchmark {pct(low, 0)}\u2013{pct(high, 0)}",
        annotation_position="top left",
    )
    figure.update_yaxes(title="annual customer churn", tickformat=".0%", rangemode="tozero")
    reading = (
        f"{month_label(month)}: trailing-12-month customer churn "
        f"{pct(row.trailing_12m_customer_churn_rate)}, {row.annual_churn_vs_benchmark} the "
        f"{pct(low, 0)}\u2013{pct(high, 0)} band (vars benchmark_annual_churn_low/high)."
    )
    return Section(
        "annual_churn_band",
        f"Annual churn against the {pct(low, 0)}\u2013{pct(high, 0)} benchmark band",
        reading,
        [table], _layout(figure),
    )


SECTIONS: list[Callable[[Marts, date], Section]] = [
    mrr_bridge,
    arr_by_segment,
    revenue_retention,
    cohort_heatmap,
    lead_funnel,
    deal_stage_funnel,
    open_pipeline_by_stage,
    win_rate_and_cycle,
    cac_by_channel,
    pipeline_velocity,
    forecast_vs_actual,
    annual_churn_band,
]


def report_month(marts: Marts) -> date:
    """The last month with MRR: the month every reading speaks of."""
    frame = marts.read("fct_mrr_arr_monthly", ["month_start"], "true", ("total",))
    return pd.Timestamp(frame.month_start.max()).date()


# --- HTML -----------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px;
       color: #222; }
h1 { margin-bottom: 4px; }
section { border-top: 1px solid #ddd; padding: 8px 0 16px; }
.reading { font-size: 1.05em; background: #f4f6f7; padding: 6px 10px; border-radius: 4px; }
.sources, .note { color: #666; font-size: 0.85em; }
.chart-placeholder { border: 2px dashed #b3b6b7; color: #555; padding: 40px; text-align: center;
                     background: #fafafa; }
"""


def render(sections: list[Section], month: date, database: Path, seconds: float) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Revenue-ops KPI report</title>",
        f"<style>{STYLE}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        "<h1>Revenue-ops KPI report</h1>",
        f"<p>Report month: <b>{month_label(month)}</b>. Read from the marts of "
        f"<code>{html.escape(database.name)}</code>; every number is a mart column "
        f"(amounts in the reporting currency). {len(sections)} sections.</p>",
    ]
    for section in sections:
        parts.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>')
        parts.append(f'<p class="reading">{html.escape(section.reading)}</p>')
        if section.figure is not None:
            parts.append(
                section.figure.to_html(
                    full_html=False, include_plotlyjs=False, div_id=f"chart-{section.key}",
                    config={"displaylogo": False, "responsive": True},
                )
            )
        else:
            parts.append(
                f'<div class="chart-placeholder" id="placeholder-{section.key}">'
                f"{html.escape(section.placeholder or '')}</div>"
            )
        for note in section.notes:
            parts.append(f'<p class="note">{html.escape(note)}</p>')
        if section.sources:
            parts.append(
                f'<p class="sources">Source: {", ".join(section.sources)}</p>'
            )
        parts.append("</section>")
    parts.append(f'<p class="note">Built in {seconds:.1f} s.</p></body></html>')
    return "\n".join(parts)


def build_report(database: Path, out: Path) -> list[Section]:
    """Write the report of the marts in `database` to `out`; returns its sections."""
    started = time.monotonic()
    if not database.exists():
        raise ReportError(f"no DuckDB file at {database}")
    con = duckdb.connect(str(database), read_only=True)
    try:
        marts = Marts(con)
        month = report_month(marts)
        sections = [make(marts, month) for make in SECTIONS]
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(sections, month, database, time.monotonic() - started))
    return sections


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", type=Path, required=True, help="built or published file")
    parser.add_argument("--out", type=Path, default=Path("target/kpi_report.html"))
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        sections = build_report(args.duckdb, args.out)
    except ReportError as error:
        raise SystemExit(f"kpi_report: {error}") from error
    charts = sum(section.figure is not None for section in sections)
    print(
        f"kpi_report: wrote {args.out} ({charts} charts, "
        f"{len(sections) - charts} placeholder(s)) in {time.monotonic() - started:.1f} s"
    )
    for section in sections:
        print(f"  {section.title}: {section.reading}")
    return 0
