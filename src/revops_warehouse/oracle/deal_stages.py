"""Deal-stage funnel oracle (issue 11): per opportunity × funnel stage entered / exited /
days in stage, the created-month cohort funnel read at each report month-end, and the days in
stage per exit month and slice. Recomputed from the raw stage history by walking each
opportunity's versions in time order; the project's SQL is never read.

Funnel stages: the open stages and the won stage of the stage_mapping lookup, in pipeline
order; a version in the lost stage reaches nothing and leaves every stage it is beyond.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import RawTables, Settings, clean
from .acquisition import _with_key
from .helpers import explode_dimensions
from .raw import to_bool

LOST_ORDER_SENTINEL = 10**6  # a lost version is beyond every funnel stage


def _funnel_stages(raw: RawTables) -> list[tuple[int, str, bool]]:
    """(order, name, is_won) of every funnel stage, in pipeline order."""
    stages = raw.lookup("stage_mapping")
    closed = to_bool(stages["is_closed"]).astype(bool)
    won = to_bool(stages["is_won"]).astype(bool)
    keep = stages[~closed | won]
    pairs = {
        (int(order), str(name), bool(is_won))
        for order, name, is_won in zip(
            keep["stage_order"], keep["stage_name"], won[~closed | won], strict=True
        )
    }
    return sorted(pairs)


def opportunity_stage_durations(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_opportunity_stage_durations: one row per new-business opportunity with history
    and funnel stage reached. Walk: at each version (time order), a non-lost version at order
    o enters every not-yet-entered funnel stage ≤ o (is_skipped unless it is o itself); then
    every entered, not-exited, non-won stage below the version's order (lost = beyond all) is
    exited that day. days_in_stage = exited − entered (NULL while not exited)."""
    from .salesops import opportunities_fact

    opps = opportunities_fact(raw, settings)
    opps = opps[opps["is_in_sales_metrics"]].set_index("opportunity_id")
    stages = _funnel_stages(raw)
    history = clean.get(raw, settings, "stg_crm__opportunity_stage_history")
    history = history[history["opportunity_id"].isin(opps.index)]
    history = history.sort_values(["opportunity_id", "valid_from_at"], kind="stable")
    rows = []
    for opportunity_id, versions in history.groupby("opportunity_id", sort=True):
        entered: dict[str, pd.Timestamp] = {}
        visited: set[str] = set()
        exited: dict[str, pd.Timestamp] = {}
        for order, is_closed, is_won, day in zip(
            versions["stage_order"], versions["is_closed"], versions["is_won"],
            versions["valid_from_date"], strict=True,
        ):
            lost = bool(is_closed) and not bool(is_won)
            position = LOST_ORDER_SENTINEL if lost else int(order)
            if not lost:
                for stage_order, name, _ in stages:
                    if stage_order <= position and name not in entered:
                        entered[name] = day
                    if stage_order == position:
                        visited.add(name)
            for stage_order, name, stage_is_won in stages:
                if (
                    name in entered and name not in exited and not stage_is_won
                    and stage_order < position
                ):
                    exited[name] = day
        for stage_order, name, _ in stages:
            if name not in entered:
                continue
            rows.append(
                {
                    "opportunity_id": opportunity_id,
                    "stage_name": name,
                    "stage_order": stage_order,
                    "entered_date": entered[name],
                    "exited_date": exited.get(name, pd.NaT),
                    "is_skipped": name not in visited,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "opportunity_id", "stage_name", "stage_order", "entered_date", "exited_date",
            "is_skipped",
        ],
    )
    out["segment"] = out["opportunity_id"].map(opps["segment"])
    out["created_month"] = out["opportunity_id"].map(opps["created_month"])
    out["entered_date"] = pd.to_datetime(out["entered_date"])
    out["exited_date"] = pd.to_datetime(out["exited_date"])
    out["entered_month"] = out["entered_date"].dt.to_period("M").dt.to_timestamp()
    out["exited_month"] = out["exited_date"].dt.to_period("M").dt.to_timestamp()
    out["days_in_stage"] = (out["exited_date"] - out["entered_date"]).dt.days.astype("Int64")
    return _with_key(out, "opportunity_stage_duration_id", ["opportunity_id", "stage_name"])


def deal_stage_funnel_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_deal_stage_funnel_monthly: per created-month cohort × report month ≥ cohort ×
    funnel stage: cohort_count (with history), without_history_count, reached_count (entered
    on or before the month-end), reach_rate, stage_to_stage_rate (÷ previous stage's reached
    count; NULL for the first stage)."""
    from .salesops import opportunities_fact

    opps = opportunities_fact(raw, settings)
    opps = opps[opps["is_in_sales_metrics"]]
    history = clean.get(raw, settings, "stg_crm__opportunity_stage_history")
    with_history = opps["opportunity_id"].isin(set(history["opportunity_id"]))
    cohorts = opps.assign(with_history=with_history).groupby("created_month")["with_history"]
    cohort_count = cohorts.sum()
    without = cohorts.size() - cohort_count
    durations = opportunity_stage_durations(raw, settings)
    stages = _funnel_stages(raw)
    rows = []
    for created_month in cohort_count.index:
        cohort = durations[durations["created_month"] == created_month]
        for month_start in settings.months:
            if month_start < created_month:
                continue
            month_end = month_start + pd.offsets.MonthEnd(0)
            previous = None
            for stage_order, name, _ in stages:
                reached = int(
                    ((cohort["stage_name"] == name) & (cohort["entered_date"] <= month_end)).sum()
                )
                size = int(cohort_count[created_month])
                rows.append(
                    {
                        "created_month": created_month,
                        "month_start": month_start,
                        "month_end": month_end,
                        "stage_name": name,
                        "stage_order": stage_order,
                        "cohort_count": size,
                        "without_history_count": int(without[created_month]),
                        "reached_count": reached,
                        "reach_rate": reached / size if size else np.nan,
                        "stage_to_stage_rate": (
                            reached / previous if previous else np.nan
                        ),
                    }
                )
                previous = reached
    out = pd.DataFrame(
        rows,
        columns=[
            "created_month", "month_start", "month_end", "stage_name", "stage_order",
            "cohort_count", "without_history_count", "reached_count", "reach_rate",
            "stage_to_stage_rate",
        ],
    )
    return _with_key(
        out, "deal_stage_funnel_monthly_id", ["created_month", "month_start", "stage_name"]
    )


def stage_durations_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_stage_durations_monthly: per report month of exit × (total, segment) × stage:
    exited_count and skipped_count, median and mean days of the non-skipped passages."""
    durations = opportunity_stage_durations(raw, settings)
    durations = durations[durations["exited_month"].isin(settings.months)]
    sliced = explode_dimensions(durations, {"segment": "segment"})
    keys = ["exited_month", "dimension", "dimension_value", "stage_name"]
    rows = []
    for key, group in sliced.groupby(keys, sort=True):
        passages = group.loc[~group["is_skipped"].astype(bool), "days_in_stage"].astype(float)
        rows.append(
            {
                "month_start": key[0],
                "dimension": key[1],
                "dimension_value": key[2],
                "stage_name": key[3],
                "stage_order": int(group["stage_order"].min()),
                "exited_count": len(passages),
                "skipped_count": int(group["is_skipped"].astype(bool).sum()),
                "median_days_in_stage": float(np.median(passages)) if len(passages) else np.nan,
                "avg_days_in_stage": float(passages.mean()) if len(passages) else np.nan,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "month_start", "dimension", "dimension_value", "stage_name", "stage_order",
            "exited_count", "skipped_count", "median_days_in_stage", "avg_days_in_stage",
        ],
    )
    return _with_key(
        out,
        "stage_durations_monthly_id",
        ["month_start", "dimension", "dimension_value", "stage_name"],
    )
