"""SalesOps metric formulas on canonical (already cleaned) frames: the pure layer of the oracle.

Nothing here reads raw files, dbt vars or the warehouse: every function takes small canonical
DataFrames (the shapes of `metrics-spec.md` section 2, built from raw data by
`oracle.salesops`) and returns metric rows, so the worked examples of the spec can be checked
directly (tests/python/test_oracle_salesops.py).

Conventions (spec G6, D20): ratios are floats, a zero/missing denominator gives NaN (NULL);
money is float in the reporting currency; days are calendar days (G7). Periods are given by
a `period` function that maps a date Series to the first day of its period (month by
default; a quarter in the Q1-2024 worked examples WE7-WE9).

Canonical opportunity frame (`opps`), one row per opportunity (fct_opportunities):
    opportunity_id, opp_type ('new'/'expansion'/'renewal'), status ('open'/'won'/'lost'),
    amount (reporting currency), created_date, close_date (NaT unless closed),
    loss_reason, stage_name, probability (0-1), lead_created_date (NaT if no source lead),
    plus any slice columns (segment, channel, owner_user_id, team_name, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from .helpers import explode_dimensions, safe_div

SLICE = ["dimension", "dimension_value"]
Period = Callable[[pd.Series], pd.Series]


def month_period(dates: pd.Series) -> pd.Series:
    """Dates -> first day of their month (naive midnight)."""
    return pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp()


def quarter_period(dates: pd.Series) -> pd.Series:
    """Dates -> first day of their calendar quarter."""
    return pd.to_datetime(dates).dt.to_period("Q").dt.to_timestamp()


def days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar days `date_diff('day', start, end)` (G7); NaN when either side is missing."""
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.days.astype("float64")


def _sliced(frame: pd.DataFrame, dimensions: Mapping[str, str], period_column: str):
    """Explode `frame` into the (total + one per dimension) slices, grouped by period × slice."""
    rows = explode_dimensions(frame, dimensions)
    return rows, [period_column, *SLICE]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


def resolve_amount(amount, known_count, row_count) -> pd.Series:
    """Unknown is not zero: the amount of a group, given Σ of its known amounts.

    `amount`: Σ known amounts per group (any value where none is known), `known_count`: rows
    with an amount, `row_count`: rows (aligned Series; NaN counts mean 0). Returns the sum
    of the known amounts when at least one is known, 0.0 over no rows at all (nothing
    happened) and NaN (NULL) when rows exist but all lack an amount (project rule, as the
    marts: `case when count = 0 then 0 else sum(amount) end`).
    """
    amount = pd.Series(amount, dtype="float64")
    known = pd.Series(known_count).fillna(0).to_numpy()
    rows = pd.Series(row_count).fillna(0).to_numpy()
    fallback = np.where(rows == 0, 0.0, np.nan)
    return pd.Series(np.where(known > 0, amount.to_numpy(), fallback), index=amount.index)


def new_business(opps: pd.DataFrame) -> pd.DataFrame:
    """G9: SalesOps funnel metrics use new-business opportunities only."""
    return opps[opps["opp_type"] == "new"]


# --- M12 win rate, win/loss ratio, average won deal (closed-date attribution, G8) -----------


def win_rate_metrics(
    opps: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
    no_decision_reasons: Collection[str] = ("no_decision",),
) -> pd.DataFrame:
    """M12 / D10 / D12 win rates of new-business opportunities closed in each period.

    Returns one row per period (`period_start`) × slice with won_count, lost_count,
    closed_count, won_amount, lost_amount, win_rate = won / (won + lost) (D10),
    win_rate_value = Σwon / Σ(won + lost), win_rate_excl_no_decision (variant: losses with
    `loss_reason` in `no_decision_reasons` removed from the denominator), win_loss_ratio =
    won / lost (D12, NULL when no loss), avg_won_deal_size = Σwon / #won (M12, used by M15).
    Unknown is not zero (`resolve_amount`): won/lost amounts are Σ of the known amounts, NaN
    when every deal lacks one, 0 without deals; won_amount_count / lost_amount_count count
    the deals with an amount, and avg_won_deal_size is the mean of the known won amounts.
    WE7: 0.5, 0.68, 0.571429, 1.0, 21,250.
    """
    closed = new_business(opps)
    closed = closed[closed["status"].isin(["won", "lost"])].copy()
    closed["period_start"] = period(closed["close_date"])
    closed["is_won_"] = (closed["status"] == "won").astype(int)
    closed["is_lost_"] = (closed["status"] == "lost").astype(int)
    closed["is_no_decision_"] = (
        closed["is_lost_"].astype(bool)
        & closed["loss_reason"].isin(list(no_decision_reasons))
    ).astype(int)
    amount = closed["amount"].astype("float64")
    closed["won_amount_"] = amount.where(closed["is_won_"] == 1)
    closed["lost_amount_"] = amount.where(closed["is_lost_"] == 1)
    rows, keys = _sliced(closed, dimensions or {}, "period_start")
    out = (
        rows.groupby(keys, dropna=False)
        .agg(
            won_count=("is_won_", "sum"),
            lost_count=("is_lost_", "sum"),
            no_decision_count=("is_no_decision_", "sum"),
            won_amount=("won_amount_", "sum"),
            lost_amount=("lost_amount_", "sum"),
            won_amount_count=("won_amount_", "count"),
            lost_amount_count=("lost_amount_", "count"),
        )
        .reset_index()
    )
    for side in ("won", "lost"):
        out[f"{side}_amount"] = resolve_amount(
            out[f"{side}_amount"], out[f"{side}_amount_count"], out[f"{side}_count"]
        )
    out["closed_count"] = out["won_count"] + out["lost_count"]
    out["win_rate"] = safe_div(out["won_count"], out["closed_count"])
    out["win_rate_value"] = safe_div(out["won_amount"], out["won_amount"] + out["lost_amount"])
    out["win_rate_excl_no_decision"] = safe_div(
        out["won_count"], out["closed_count"] - out["no_decision_count"]
    )
    out["win_loss_ratio"] = safe_div(out["won_count"], out["lost_count"])
    out["avg_won_deal_size"] = safe_div(out["won_amount"], out["won_amount_count"])
    return out


# --- M12 / D11 close rate (created-date cohort, G8) ------------------------------------------


def close_rate_metrics(
    opps: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
    as_of_date: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """M12 / D11 cohort close rate: won / all new-business opportunities created in the period.

    Open opportunities stay in the denominator; status is read "as of" `as_of_date` (a deal
    closed after it counts as open; None = the data's current state). Returns per period ×
    slice: created_count, won_count, open_count, lost_count, created_amount, won_amount,
    close_rate, close_rate_value. Amounts are Σ known amounts (`resolve_amount`: NaN when
    every opportunity lacks one). WE7: 3/10 = 0.30 and 60,000/145,000 = 0.413793.
    """
    cohort = new_business(opps).copy()
    status = cohort["status"]
    if as_of_date is not None:
        cohort = cohort[cohort["created_date"] <= as_of_date].copy()
        status = cohort["status"].where(
            cohort["close_date"].isna() | (cohort["close_date"] <= as_of_date), "open"
        )
    cohort["period_start"] = period(cohort["created_date"])
    amount = cohort["amount"].astype("float64")
    cohort["won_"] = (status == "won").astype(int)
    cohort["lost_"] = (status == "lost").astype(int)
    cohort["open_"] = (status == "open").astype(int)
    cohort["amount_"] = amount
    cohort["won_amount_"] = amount.where(status == "won")
    rows, keys = _sliced(cohort, dimensions or {}, "period_start")
    out = (
        rows.groupby(keys, dropna=False)
        .agg(
            created_count=("opportunity_id", "count"),
            won_count=("won_", "sum"),
            lost_count=("lost_", "sum"),
            open_count=("open_", "sum"),
            created_amount=("amount_", "sum"),
            won_amount=("won_amount_", "sum"),
            created_amount_count=("amount_", "count"),
            won_amount_count=("won_amount_", "count"),
        )
        .reset_index()
    )
    out["created_amount"] = resolve_amount(
        out["created_amount"], out["created_amount_count"], out["created_count"]
    )
    out["won_amount"] = resolve_amount(
        out["won_amount"], out["won_amount_count"], out["won_count"]
    )
    out = out.drop(columns=["created_amount_count", "won_amount_count"])
    out["close_rate"] = safe_div(out["won_count"], out["created_count"])
    out["close_rate_value"] = safe_div(out["won_amount"], out["created_amount"])
    return out


# --- M13 sales cycle and M14 time to close (won deals by close date) -------------------------


def sales_cycle_metrics(
    opps: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
) -> pd.DataFrame:
    """M13 / D13 sales cycle and M14 / D14 time to close, new business won in the period.

    cycle days = close_date - created_date; negative cycles are data errors and excluded
    (M13 edge case). time to close = close_date - least(lead_created_date, created_date)
    over won deals with a source lead (M14; no lead -> excluded). Returns per period × slice:
    won_count (in the cycle population), avg_sales_cycle_days, median_sales_cycle_days,
    time_to_close_count, avg_time_to_close_days, median_time_to_close_days,
    avg_time_to_close_days_with_fallback (variant: no lead -> opportunity created date),
    closed_count, avg_closed_cycle_days (all-closed variant). WE8: 49.25 / 47.0; WE7-M14:
    55.666667 (variant 60.75); all-closed 39.125.
    """
    frame = new_business(opps)
    frame = frame[frame["status"].isin(["won", "lost"])].copy()
    frame["cycle_days_"] = days_between(frame["created_date"], frame["close_date"])
    frame = frame[frame["cycle_days_"] >= 0]
    won = frame["status"] == "won"
    lead_start = pd.concat(
        [pd.to_datetime(frame["lead_created_date"]), pd.to_datetime(frame["created_date"])],
        axis=1,
    ).min(axis=1, skipna=False)
    lead_start = lead_start.where(frame["lead_created_date"].notna())
    frame["won_cycle_"] = frame["cycle_days_"].where(won)
    frame["ttc_"] = days_between(lead_start, frame["close_date"]).where(won)
    fallback_start = lead_start.fillna(pd.to_datetime(frame["created_date"]))
    frame["ttc_fallback_"] = days_between(fallback_start, frame["close_date"]).where(won)
    frame["period_start"] = period(frame["close_date"])
    rows, keys = _sliced(frame, dimensions or {}, "period_start")
    out = (
        rows.groupby(keys, dropna=False)
        .agg(
            won_count=("won_cycle_", "count"),
            avg_sales_cycle_days=("won_cycle_", "mean"),
            median_sales_cycle_days=("won_cycle_", "median"),
            time_to_close_count=("ttc_", "count"),
            avg_time_to_close_days=("ttc_", "mean"),
            median_time_to_close_days=("ttc_", "median"),
            avg_time_to_close_days_with_fallback=("ttc_fallback_", "mean"),
            closed_count=("cycle_days_", "count"),
            avg_closed_cycle_days=("cycle_days_", "mean"),
        )
        .reset_index()
    )
    return out


# --- loss reasons (M12 drill-down) -------------------------------------------------------------


def loss_reason_metrics(
    opps: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
    unknown_reason: str = "unknown",
) -> pd.DataFrame:
    """Lost new-business opportunities per close period × slice × loss_reason.

    Returns lost_count, lost_amount, share_of_lost_count (of all losses in the period ×
    slice), share_of_lost_amount, missing_amount_count (lost deals without an amount).
    A missing reason is `unknown_reason`; lost_amount is Σ known amounts, NaN when every
    deal of the row lacks one.
    """
    lost = new_business(opps)
    lost = lost[lost["status"] == "lost"].copy()
    lost["period_start"] = period(lost["close_date"])
    lost["loss_reason"] = lost["loss_reason"].fillna(unknown_reason)
    lost["amount_"] = lost["amount"].astype("float64")
    rows, keys = _sliced(lost, dimensions or {}, "period_start")
    out = (
        rows.groupby([*keys, "loss_reason"], dropna=False)
        .agg(
            lost_count=("opportunity_id", "count"),
            lost_amount=("amount_", lambda x: x.sum(min_count=1)),
            missing_amount_count=("amount_", lambda x: int(x.isna().sum())),
        )
        .reset_index()
    )
    totals = out.groupby(keys)[["lost_count", "lost_amount"]].transform("sum")
    out["share_of_lost_count"] = safe_div(out["lost_count"], totals["lost_count"])
    out["share_of_lost_amount"] = safe_div(out["lost_amount"], totals["lost_amount"])
    return out


# --- open pipeline at a snapshot (G8) -----------------------------------------------------


def open_at(opps: pd.DataFrame, snapshot_date: pd.Timestamp) -> pd.Series:
    """True for opportunities open on `snapshot_date` (WR01): created on or before it and
    not closed by then (close_date missing or after the snapshot)."""
    created = pd.to_datetime(opps["created_date"]) <= snapshot_date
    close = pd.to_datetime(opps["close_date"])
    return created & (close.isna() | (close > snapshot_date))


def open_pipeline_snapshots(
    opps: pd.DataFrame, month_starts: pd.DatetimeIndex
) -> pd.DataFrame:
    """One row per new-business opportunity open at each month-end (G1/G8 snapshot).

    Columns: the opportunity columns plus `month_start`, `month_end`. Status at the
    snapshot comes from the created and close dates, so a deal won later is open in the
    months before its close (WR01).
    """
    frame = new_business(opps)
    parts = []
    for start in month_starts:
        end = start + pd.offsets.MonthEnd(0)
        rows = frame[open_at(frame, end)].copy()
        rows["month_start"] = start
        rows["month_end"] = end
        parts.append(rows)
    if not parts:
        return frame.iloc[0:0].assign(month_start=pd.NaT, month_end=pd.NaT)
    return pd.concat(parts, ignore_index=True)


def stage_distribution(
    open_rows: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    stage_column: str = "stage_name",
) -> pd.DataFrame:
    """M11 reading 1: snapshot distribution of open opportunities by stage.

    `open_rows`: one row per open opportunity and snapshot month (`month_start`) with its
    stage at the snapshot. Returns per month × slice × stage: open_count, open_amount,
    share_of_open_count = open_count / all open in the slice, share_of_open_amount,
    missing_amount_count; open_amount is Σ known amounts, NaN when every open deal of the
    stage lacks one. WE10: 0.5 / 0.3 / 0.2.
    """
    frame = open_rows.copy()
    frame["amount_"] = frame["amount"].astype("float64")
    rows, keys = _sliced(frame, dimensions or {}, "month_start")
    out = (
        rows.groupby([*keys, stage_column], dropna=False)
        .agg(
            open_count=("opportunity_id", "count"),
            open_amount=("amount_", lambda x: x.sum(min_count=1)),
            missing_amount_count=("amount_", lambda x: int(x.isna().sum())),
        )
        .reset_index()
    )
    totals = out.groupby(keys)[["open_count", "open_amount"]].transform("sum")
    out["share_of_open_count"] = safe_div(out["open_count"], totals["open_count"])
    out["share_of_open_amount"] = safe_div(out["open_amount"], totals["open_amount"])
    return out


# --- M15 pipeline velocity (D17) --------------------------------------------------------------


def pipeline_velocity_metrics(
    opps: pd.DataFrame,
    month_starts: pd.DatetimeIndex,
    dimensions: Mapping[str, str] | None = None,
    lookback_months: int = 3,
    open_rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """M15 / D17 pipeline velocity per month-end snapshot × slice.

    `open_rows` (optional): one row per opportunity open at a month-end (`month_start`,
    slice columns, `amount`, `weighted_amount`), e.g. read from the stage history; when
    None, openness comes from the created/close dates of `opps` (WR01).

    open_opportunity_count: new-business opportunities open at the month-end (WR01);
    open_pipeline_amount, weighted_pipeline_amount (Σ amount × probability, E2); and over
    the trailing `lookback_months` close months ending with the snapshot month (D17, var
    velocity_lookback_months): won_count, lost_count, win_rate, avg_won_deal_size,
    avg_sales_cycle_days (won, non-negative cycles), created_count (flow variant).
    pipeline_velocity_per_day = open × avg deal × win rate / cycle (NULL when a factor is
    NULL or the cycle is 0), pipeline_velocity_per_month = × 30, and the variants
    pipeline_value_velocity_per_day (open amount × win rate / cycle) and
    weighted_pipeline_velocity_per_day. Every factor is recomputed inside the slice.
    Unknown is not zero: missing amounts stay NaN, so the open (weighted) pipeline of a
    slice whose open deals all lack an amount is NaN (0 when nothing is open), and
    avg_won_deal_size is the mean of the known won amounts (NaN when none is known).
    WE9: 647.208122, 19,416.243655, 456.852792, 304.568528; WR01: 24.390244.
    """
    dimensions = dimensions or {}
    frame = new_business(opps).copy()
    frame["amount_"] = frame["amount"].astype("float64")
    frame["weighted_"] = frame["amount_"] * frame["probability"].astype("float64").fillna(0.0)
    frame["cycle_"] = days_between(frame["created_date"], frame["close_date"])
    frame["close_month_"] = month_period(frame["close_date"])
    frame["created_month_"] = month_period(frame["created_date"])
    exploded = explode_dimensions(frame, dimensions)
    results = []
    for start in month_starts:
        end = start + pd.offsets.MonthEnd(0)
        window_start = start - pd.DateOffset(months=lookback_months - 1)
        is_open = open_at(exploded, end)
        in_window = (exploded["close_month_"] >= window_start) & (exploded["close_month_"] <= start)
        won = in_window & (exploded["status"] == "won")
        lost = in_window & (exploded["status"] == "lost")
        won_cycle = won & (exploded["cycle_"] >= 0)
        created = (exploded["created_month_"] >= window_start) & (
            exploded["created_month_"] <= start
        )
        work = pd.DataFrame(
            {
                "dimension": exploded["dimension"],
                "dimension_value": exploded["dimension_value"],
                "open_": is_open.astype(int),
                "open_amount_": exploded["amount_"].where(is_open),
                "weighted_": exploded["weighted_"].where(is_open),
                "won_": won.astype(int),
                "lost_": lost.astype(int),
                "won_amount_": exploded["amount_"].where(won),
                "won_cycle_": exploded["cycle_"].where(won_cycle),
                "created_": created.astype(int),
            }
        )
        if open_rows is not None:
            work["open_"] = 0
            work[["open_amount_", "weighted_"]] = np.nan
            snap = explode_dimensions(open_rows[open_rows["month_start"] == start], dimensions)
            snap_work = pd.DataFrame(
                {
                    "dimension": snap["dimension"],
                    "dimension_value": snap["dimension_value"],
                    "open_": 1,
                    "open_amount_": snap["amount"].astype("float64"),
                    "weighted_": snap["weighted_amount"].astype("float64"),
                    "won_": 0,
                    "lost_": 0,
                    "won_amount_": np.nan,
                    "won_cycle_": np.nan,
                    "created_": 0,
                }
            )
            work = pd.concat([work, snap_work], ignore_index=True)
        work = work[(work["open_"] + work["won_"] + work["lost_"] + work["created_"]) > 0]
        agg = (
            work.groupby(SLICE)
            .agg(
                open_opportunity_count=("open_", "sum"),
                open_pipeline_amount=("open_amount_", lambda x: x.sum(min_count=1)),
                weighted_pipeline_amount=("weighted_", lambda x: x.sum(min_count=1)),
                won_count=("won_", "sum"),
                lost_count=("lost_", "sum"),
                won_amount=("won_amount_", lambda x: x.sum(min_count=1)),
                won_amount_count=("won_amount_", "count"),
                avg_sales_cycle_days=("won_cycle_", "mean"),
                created_count=("created_", "sum"),
            )
            .reset_index()
        )
        agg.insert(0, "month_start", start)
        results.append(agg)
    out = pd.concat(results, ignore_index=True) if results else _empty(["month_start", *SLICE])
    out["win_rate"] = safe_div(out["won_count"], out["won_count"] + out["lost_count"])
    nothing_open = out["open_opportunity_count"] == 0
    for column in ("open_pipeline_amount", "weighted_pipeline_amount"):
        out[column] = out[column].where(~nothing_open, 0.0)
    out["avg_won_deal_size"] = safe_div(out["won_amount"], out["won_amount_count"])
    out = out.drop(columns=["won_amount_count"])
    cycle = out["avg_sales_cycle_days"]
    out["pipeline_velocity_per_day"] = safe_div(
        out["open_opportunity_count"] * out["avg_won_deal_size"] * out["win_rate"], cycle
    )
    out["pipeline_velocity_per_month"] = safe_div(
        30 * out["open_opportunity_count"] * out["avg_won_deal_size"] * out["win_rate"], cycle
    )
    out["pipeline_value_velocity_per_day"] = safe_div(
        out["open_pipeline_amount"] * out["win_rate"], cycle
    )
    out["weighted_pipeline_velocity_per_day"] = safe_div(out["weighted_pipeline_amount"], cycle)
    out["flow_velocity_per_day"] = safe_div(
        out["created_count"] * out["avg_won_deal_size"] * out["win_rate"], cycle
    )
    return out


# --- M09 cost per lead, M10 MQL/SQL ----------------------------------------------------------


def cost_per_lead_metrics(
    spend: pd.DataFrame,
    leads: pd.DataFrame,
    period: Period = month_period,
) -> pd.DataFrame:
    """M09 cost per lead per period × slice (total, channel).

    spend: month_start (or any date), channel, is_paid, amount (reporting currency).
    leads: lead_id, created_date, channel, is_paid_channel, mql_date, sql_date (NaT if none).
    Per slice: spend_amount, paid_spend_amount, lead_count (de-duplicated leads created in
    the period), paid_lead_count (leads from paid channels), mql_count, sql_count (dated in
    the period); cpl = spend / leads, paid_cpl = paid spend / paid leads, cost_per_mql,
    cost_per_sql. Leads without a channel are 'unknown' (in the total only as themselves).
    S19: a channel slice without spend rows has NaN spend (so NaN cpl and cost per MQL/SQL;
    NaN paid spend for a paid channel, 0 for an unpaid one); recorded 0 spend stays 0.
    WE11: 120; 150 / 250 / 45.454545; paid 178.571429; 400; 1,000.
    """
    facts = [
        pd.DataFrame(
            {
                "period_start": period(spend["month_start"]),
                "channel": spend["channel"],
                "is_paid": spend["is_paid"],
                "spend_": spend["amount"].astype("float64"),
                "lead_": 0,
                "mql_": 0,
                "sql_": 0,
            }
        )
    ]
    for column, flag in (("created_date", "lead_"), ("mql_date", "mql_"), ("sql_date", "sql_")):
        part = leads[leads[column].notna()]
        facts.append(
            pd.DataFrame(
                {
                    "period_start": period(part[column]),
                    "channel": part["channel"],
                    "is_paid": part["is_paid_channel"],
                    "spend_": np.nan,
                    "lead_": 0,
                    "mql_": 0,
                    "sql_": 0,
                }
            ).assign(**{flag: 1})
        )
    frame = pd.concat(facts, ignore_index=True)
    frame["is_paid"] = frame["is_paid"].fillna(False).astype(bool)
    frame["channel"] = frame["channel"].fillna("unknown")
    frame["paid_spend_"] = frame["spend_"].where(frame["is_paid"], 0.0)
    frame["paid_lead_"] = frame["lead_"].where(frame["is_paid"], 0)
    rows = explode_dimensions(frame, {"channel": "channel"})
    out = (
        rows.groupby(["period_start", *SLICE])
        .agg(
            spend_amount=("spend_", lambda x: x.sum(min_count=1)),
            paid_spend_amount=("paid_spend_", lambda x: x.sum(min_count=1)),
            lead_count=("lead_", "sum"),
            paid_lead_count=("paid_lead_", "sum"),
            mql_count=("mql_", "sum"),
            sql_count=("sql_", "sum"),
        )
        .reset_index()
    )
    # S19: a channel without spend rows in the period has unknown (NaN) spend; the total
    # adds the channels that have rows and is 0 when none has
    is_total = out["dimension"] == "total"
    out.loc[is_total, "spend_amount"] = out.loc[is_total, "spend_amount"].fillna(0.0)
    out.loc[is_total, "paid_spend_amount"] = out.loc[is_total, "paid_spend_amount"].fillna(0.0)
    out["cpl"] = safe_div(out["spend_amount"], out["lead_count"])
    out["paid_cpl"] = safe_div(out["paid_spend_amount"], out["paid_lead_count"])
    out["cost_per_mql"] = safe_div(out["spend_amount"], out["mql_count"])
    out["cost_per_sql"] = safe_div(out["spend_amount"], out["sql_count"])
    return out


def mql_sql_handoff_metrics(
    leads: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
    as_of_date: pd.Timestamp | None = None,
    maturity_days: int | None = None,
) -> pd.DataFrame:
    """M10 MQL / SQL flows and the cohort MQL -> SQL conversion.

    leads: lead_id, mql_date (first MQL date, NaT if none), sql_date (NaT if none), slices.
    mql_count = leads with mql_date in the period; sql_count = leads with sql_date in the
    period (sales-sourced included); mql_to_sql_rate_cohort = MQLs of the period that have
    an sql_date (on or before `as_of_date`, and within `maturity_days` of the MQL date when
    given) / MQLs of the period; sql_over_mql_period_ratio = sql_count / mql_count.
    WE12: 10, 4, 0.30, 0.40.
    """
    dimensions = dimensions or {}
    frame = leads.copy()
    sql = pd.to_datetime(frame["sql_date"])
    mql = pd.to_datetime(frame["mql_date"])
    if as_of_date is not None:
        sql = sql.where(sql <= as_of_date)
        mql = mql.where(mql <= as_of_date)
    converted = mql.notna() & sql.notna()
    if maturity_days is not None:
        converted &= days_between(mql, sql) <= maturity_days
    mql_rows = frame[mql.notna()].assign(
        period_start=period(mql[mql.notna()]),
        mql_=1,
        sql_=0,
        converted_=converted[mql.notna()].astype(int),
    )
    sql_rows = frame[sql.notna()].assign(
        period_start=period(sql[sql.notna()]), mql_=0, sql_=1, converted_=0
    )
    rows = explode_dimensions(pd.concat([mql_rows, sql_rows], ignore_index=True), dimensions)
    out = (
        rows.groupby(["period_start", *SLICE])
        .agg(
            mql_count=("mql_", "sum"),
            sql_count=("sql_", "sum"),
            mql_converted_to_sql_count=("converted_", "sum"),
        )
        .reset_index()
    )
    out["mql_to_sql_rate_cohort"] = safe_div(out["mql_converted_to_sql_count"], out["mql_count"])
    out["sql_over_mql_period_ratio"] = safe_div(out["sql_count"], out["mql_count"])
    return out


# --- M11 funnel reach (lead cohort) ---------------------------------------------------------

FUNNEL_STAGES = ("lead", "mql", "sql", "opportunity", "customer")


def funnel_reach_metrics(
    leads: pd.DataFrame,
    dimensions: Mapping[str, str] | None = None,
    period: Period = month_period,
    stages: tuple[str, ...] = FUNNEL_STAGES,
) -> pd.DataFrame:
    """M11 reading 2: for leads created in the period, the share that reached stage >= k.

    leads: lead_id, created_date, max_stage_order (1 = lead ... len(stages) = customer;
    the maximum stage ever reached, so a skipped stage counts as reached), slices.
    Returns per period × slice × stage (stage_name, stage_order): lead_count (cohort size),
    reached_count, reach_rate = reached / cohort, stage_to_stage_rate = reach(k) /
    reach(k-1) (NULL for the first stage). WE10: 20/12/6/3/1; 1.0/0.6/0.3/0.15/0.05;
    0.6/0.5/0.5/0.333333.
    """
    frame = leads.copy()
    frame["period_start"] = period(frame["created_date"])
    rows = explode_dimensions(frame, dimensions or {})
    keys = ["period_start", *SLICE]
    parts = []
    for order, name in enumerate(stages, start=1):
        reached = (rows["max_stage_order"] >= order).astype(int)
        part = (
            rows.assign(reached_=reached)
            .groupby(keys)
            .agg(lead_count=("lead_id", "count"), reached_count=("reached_", "sum"))
            .reset_index()
        )
        part["stage_name"] = name
        part["stage_order"] = order
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values([*keys, "stage_order"])
    out["reach_rate"] = safe_div(out["reached_count"], out["lead_count"])
    previous = out.groupby(keys)["reached_count"].shift(1)
    out["stage_to_stage_rate"] = safe_div(out["reached_count"], previous)
    return out.reset_index(drop=True)


# --- M08 CAC ----------------------------------------------------------------------------------


def cac_metrics(
    new_logos: pd.DataFrame,
    marketing_spend: pd.DataFrame,
    sales_costs: pd.DataFrame,
    gross_margin: pd.DataFrame,
    period: Period = month_period,
) -> pd.DataFrame:
    """M08 / D15 CAC per period, total row plus one row per acquisition channel.

    new_logos: customer_id, month_start (first paid month; movement 'new', reactivations
        excluded, D6), acquisition_channel, is_paid_channel, new_mrr (reporting currency).
    marketing_spend: month_start, channel, is_paid, amount.
    sales_costs: month_start, amount (sales department, fully loaded).
    gross_margin: month_start, gross_margin_pct.
    Total row: new_logos, new_mrr, marketing_spend, sales_cost, sales_marketing_cost,
    blended_cac = S&M / new logos, paid_cac = paid spend / paid-channel new logos,
    marketing_only_cac, new_customer_cac_ratio = S&M / (12 × new MRR), cac_payback_months =
    S&M / (new MRR × GM). Channel rows: channel_cac = spend(ch) / new logos(ch) (and the
    channel's spend, logos and MRR); a channel without spend rows has NaN spend (S19).
    WE5: 3,000; 1,666.666667; 1,500 / 2,000; 1,200; 0.5; 7.5.
    """
    logos = new_logos.copy()
    logos["period_start"] = period(logos["month_start"])
    logos["is_paid_channel"] = logos["is_paid_channel"].fillna(False).astype(bool)
    mkt = marketing_spend.copy()
    mkt["period_start"] = period(mkt["month_start"])
    mkt["amount"] = mkt["amount"].astype("float64").fillna(0.0)
    mkt["is_paid"] = mkt["is_paid"].fillna(False).astype(bool)
    sales = sales_costs.copy()
    sales["period_start"] = period(sales["month_start"])
    gm = gross_margin.copy()
    gm["period_start"] = period(gm["month_start"])

    total = pd.concat(
        [
            logos.groupby("period_start").agg(
                new_logos=("customer_id", "nunique"), new_mrr=("new_mrr", "sum")
            ),
            logos[logos["is_paid_channel"]]
            .groupby("period_start")
            .agg(paid_new_logos=("customer_id", "nunique")),
            mkt.groupby("period_start").agg(marketing_spend=("amount", "sum")),
            mkt[mkt["is_paid"]].groupby("period_start").agg(paid_marketing_spend=("amount", "sum")),
            sales.groupby("period_start").agg(sales_cost=("amount", "sum")),
            gm.groupby("period_start").agg(gross_margin_pct=("gross_margin_pct", "mean")),
        ],
        axis=1,
        sort=True,  # the month union in order (pandas 4 stops sorting by default)
    ).reset_index()
    for column in (
        "new_logos", "paid_new_logos", "new_mrr", "marketing_spend",
        "paid_marketing_spend", "sales_cost",
    ):
        total[column] = total[column].fillna(0)
    total["new_logos"] = total["new_logos"].astype(int)
    total["paid_new_logos"] = total["paid_new_logos"].astype(int)
    total["sales_marketing_cost"] = total["marketing_spend"] + total["sales_cost"]
    total["blended_cac"] = safe_div(total["sales_marketing_cost"], total["new_logos"])
    total["paid_cac"] = safe_div(total["paid_marketing_spend"], total["paid_new_logos"])
    total["marketing_only_cac"] = safe_div(total["marketing_spend"], total["new_logos"])
    total["new_customer_cac_ratio"] = safe_div(total["sales_marketing_cost"], 12 * total["new_mrr"])
    total["cac_payback_months"] = safe_div(
        total["sales_marketing_cost"], total["new_mrr"] * total["gross_margin_pct"]
    )
    total.insert(1, "dimension", "total")
    total.insert(2, "dimension_value", "all")

    channel = pd.concat(
        [
            logos.groupby(["period_start", "acquisition_channel"]).agg(
                new_logos=("customer_id", "nunique"), new_mrr=("new_mrr", "sum")
            ),
            mkt.groupby(["period_start", "channel"])
            .agg(marketing_spend=("amount", "sum"))
            .rename_axis(["period_start", "acquisition_channel"]),
        ],
        axis=1,
    ).reset_index()
    channel["new_logos"] = channel["new_logos"].fillna(0).astype(int)
    channel["new_mrr"] = channel["new_mrr"].fillna(0.0)
    # S19: no spend row for the channel and period is unknown spend (NaN), not 0
    channel["channel_cac"] = safe_div(channel["marketing_spend"], channel["new_logos"])
    channel = channel.rename(columns={"acquisition_channel": "dimension_value"})
    channel.insert(1, "dimension", "channel")
    return pd.concat([total, channel], ignore_index=True)


# --- E2 forecast accuracy, E3 rep scorecard ---------------------------------------------------


def forecast_accuracy(actual: pd.Series, forecast: pd.Series) -> pd.DataFrame:
    """E2 per-row accuracy: forecast_accuracy = 1 - |A - F| / A, forecast_bias = (F - A) / A,
    absolute_percentage_error = |A - F| / A; A = 0 or missing -> NULL. WE17 Q1: 0.888889,
    +0.111111."""
    actual = actual.astype("float64")
    forecast = forecast.astype("float64")
    error = (actual - forecast).abs()
    return pd.DataFrame(
        {
            "absolute_error": error,
            "absolute_percentage_error": safe_div(error, actual),
            "forecast_accuracy": 1 - safe_div(error, actual),
            "forecast_bias": safe_div(forecast - actual, actual),
        }
    )


def mape_wape(actual: pd.Series, forecast: pd.Series) -> tuple[float, float]:
    """E2 across periods/reps: MAPE = mean(|A - F| / A) over A != 0; WAPE = Σ|A - F| / ΣA.
    WE17: 0.052910 and 0.054054."""
    actual = actual.astype("float64")
    forecast = forecast.astype("float64")
    ape = safe_div((actual - forecast).abs(), actual)
    mape = float(ape.mean()) if ape.notna().any() else np.nan
    wape = safe_div(float((actual - forecast).abs().sum()), float(actual.sum()))
    return mape, wape


def weighted_pipeline(open_opps: pd.DataFrame) -> float:
    """E2: Σ open amount × stage probability. WE17 (WE9 stages): 15,000."""
    return float((open_opps["amount"].astype("float64") * open_opps["probability"]).sum())


def rep_scorecard(
    opps: pd.DataFrame,
    quotas: pd.DataFrame,
    period: Period = month_period,
    rep_column: str = "owner_user_id",
    team_column: str | None = None,
    min_closed: int = 10,
    attainment_threshold: float = 0.7,
    win_rate_gap: float = 0.10,
) -> pd.DataFrame:
    """E3 per rep and period: quota attainment, win rate, average won deal, coaching flag.

    opps: canonical opportunities (new business used, closed in the period).
    quotas: period date column `month_start`, rep column, quota_new_arr.
    Returns: won_count, lost_count, closed_count, won_new_arr (Σ known won amounts, NaN when
    every won deal lacks one), won_amount_count (won deals with an amount), quota_new_arr,
    quota_attainment = won / quota, win_rate, avg_won_deal_size, team_win_rate (all reps of
    the team, or all reps when `team_column` is None), needs_coaching = closed >= min_closed
    and attainment < threshold and win_rate < team_win_rate - gap (NULL-safe: False when a
    factor is NULL). WE18: 0.85 / 0.5 / 21,250; 0.60 / 0.2 / 30,000; team 0.333333; R2
    flagged (it has exactly 10 closed, the default minimum).
    """
    closed = new_business(opps)
    closed = closed[closed["status"].isin(["won", "lost"])].copy()
    closed["period_start"] = period(closed["close_date"])
    closed["won_"] = (closed["status"] == "won").astype(int)
    closed["lost_"] = (closed["status"] == "lost").astype(int)
    closed["won_amount_"] = closed["amount"].astype("float64").where(closed["won_"] == 1)
    keys = ["period_start", rep_column] + ([team_column] if team_column else [])
    reps = (
        closed.groupby(keys, dropna=False)
        .agg(
            won_count=("won_", "sum"),
            lost_count=("lost_", "sum"),
            won_new_arr=("won_amount_", "sum"),
            won_amount_count=("won_amount_", "count"),
        )
        .reset_index()
    )
    q = quotas.copy()
    q["period_start"] = period(q["month_start"])
    q = q.groupby(["period_start", rep_column]).agg(quota_new_arr=("quota_new_arr", "sum"))
    reps = reps.merge(q.reset_index(), on=["period_start", rep_column], how="outer")
    for column in ("won_count", "lost_count", "won_amount_count"):
        reps[column] = reps[column].fillna(0).astype(int)
    reps["won_new_arr"] = resolve_amount(
        reps["won_new_arr"], reps["won_amount_count"], reps["won_count"]
    )
    reps["closed_count"] = reps["won_count"] + reps["lost_count"]
    reps["quota_attainment"] = safe_div(reps["won_new_arr"], reps["quota_new_arr"])
    reps["win_rate"] = safe_div(reps["won_count"], reps["closed_count"])
    reps["avg_won_deal_size"] = safe_div(reps["won_new_arr"], reps["won_amount_count"])
    team_keys = ["period_start"] + ([team_column] if team_column else [])
    team = reps.groupby(team_keys, dropna=False)[["won_count", "closed_count"]].transform("sum")
    reps["team_win_rate"] = safe_div(team["won_count"], team["closed_count"])
    flag = (
        (reps["closed_count"] >= min_closed)
        & (reps["quota_attainment"] < attainment_threshold)
        & (reps["win_rate"] < reps["team_win_rate"] - win_rate_gap)
    )
    reps["needs_coaching"] = flag.fillna(False).astype(bool)
    return reps
