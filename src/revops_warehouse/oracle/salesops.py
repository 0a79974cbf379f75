"""SalesOps oracle: every SalesOps mart (and the RevOps MQL/SQL handoff and pipeline velocity
marts) recomputed in pandas from the RAW tables, through `oracle.clean` plus the few extra
staging rules below. The formulas live in `oracle.salesops_metrics` (pure, tested on the
spec's worked examples); this module turns raw tables into the canonical frames and the
results into the marts' exact grains and column names.

Spec references: M08 CAC, M09 CPL, M10 MQL/SQL, M11 stage distribution and funnel reach,
M12 win/close rates, M13 sales cycle, M14 time to close, M15 velocity, E2 forecasting,
E3 rep scorecard; decisions D10-D17; conventions G7 (company-time-zone dates), G8 (period
attribution), G9 (new business only), G12 (lead de-duplication); cases DD02, WR01, TZ01.

Extra staging rules applied here because `oracle.clean` does not (yet) apply them
(from architecture.md "drop soft-deleted/test rows" and the DD02 case):
- test CRM records are dropped: opportunities and accounts named 'TEST'; leads whose e-mail
  ends '@test.com' or whose company is 'TEST' (before the G12 de-duplication);
- opportunities whose loss reason is 'duplicate' are duplicate records, not losses (DD02);
- loss reasons and forecast categories are normalised (`lower(trim())`, spaces -> '_');
- probability is the CRM's 0-100 value / 100, else the stage's default probability.
"""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pandas as pd

from . import ModelSpec, RawTables, Settings, clean, deal_stages
from . import salesops_metrics as sm
from .acquisition import (
    MONTH_GRAIN,
    _month,
    _with_key,
    cac_monthly,
    fx_rate,
    marketing_spend_monthly,
)
from .campaigns import campaign_performance_monthly
from .helpers import explode_dimensions, safe_div
from .helpers import round_money as helpers_round_money
from .mrr import customer_mrr_months
from .raw import to_float

SCHEMA = "salesops"
SLICE_COLUMNS = ["dimension", "dimension_value"]

OPPORTUNITY_DIMENSIONS = {
    "segment": "segment",
    "channel": "channel",
    "rep": "owner_user_id",
    "team": "team_name",
}

MODELS: dict[str, ModelSpec] = {
    "fct_opportunities": ModelSpec(grain=("opportunity_id",), schema=SCHEMA),
    "fct_lead_funnel": ModelSpec(grain=("lead_id",), schema=SCHEMA),
    "fct_win_rates_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_funnel_reach_monthly": ModelSpec(grain=(*MONTH_GRAIN, "stage_name"), schema=SCHEMA),
    "fct_pipeline_stage_snapshot_monthly": ModelSpec(
        grain=(*MONTH_GRAIN, "stage_name"), schema=SCHEMA
    ),
    "fct_close_rates_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_loss_reasons_monthly": ModelSpec(
        grain=("month_start", "segment", "loss_reason"), schema=SCHEMA
    ),
    "fct_sales_cycle_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_cost_per_lead_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_pipeline_velocity_monthly": ModelSpec(grain=MONTH_GRAIN, schema="revops"),
    "fct_mql_sql_handoff_monthly": ModelSpec(grain=MONTH_GRAIN, schema="revops"),
    "fct_cac_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_rep_scorecard_monthly": ModelSpec(grain=("month_start", "user_id"), schema=SCHEMA),
    "fct_sales_forecast_quarterly": ModelSpec(
        grain=("quarter_start", "dimension", "dimension_value"), schema=SCHEMA
    ),
    "fct_lead_score_bands": ModelSpec(grain=("score_band",), schema=SCHEMA),
    "fct_salesops_kpis_monthly": ModelSpec(grain=("month_start", "segment"), schema=SCHEMA),
    "fct_campaign_performance_monthly": ModelSpec(grain=MONTH_GRAIN, schema=SCHEMA),
    "fct_opportunity_stage_durations": ModelSpec(
        grain=("opportunity_id", "stage_name"), schema=SCHEMA
    ),
    "fct_deal_stage_funnel_monthly": ModelSpec(
        grain=("created_month", "month_start", "stage_name"), schema=SCHEMA
    ),
    "fct_stage_durations_monthly": ModelSpec(
        grain=(*MONTH_GRAIN, "stage_name"), schema=SCHEMA
    ),
}


# --- small rules ----------------------------------------------------------------------------


def _norm_enum(values: pd.Series) -> pd.Series:
    """`nullif(replace(lower(trim(x)), ' ', '_'), '')` (loss reasons, forecast categories)."""
    text = values.astype("string").str.strip().str.lower().str.replace(" ", "_", regex=False)
    return text.where(text.notna() & (text != "")).astype(object)


def _is_test_name(values: pd.Series) -> pd.Series:
    return (values.astype("string").str.strip().str.upper() == "TEST").fillna(False).astype(bool)


def fx_rate_nearest(
    raw: RawTables, settings: Settings, months: pd.Series, currencies: pd.Series
) -> pd.Series:
    """The rate of the FX month nearest to `months` (in days; a tie takes the later month),
    1 for the reporting currency, NaN for a currency without any rate (DECISIONLOG S1: a
    deal outside the FX table's months takes the nearest month's rate)."""
    rates = clean.get(raw, settings, "stg_finance__fx_rates")
    wanted = pd.DataFrame(
        {"month_": pd.to_datetime(months).to_numpy(), "currency": currencies.to_numpy()},
        index=months.index,
    )
    candidates = wanted.reset_index().merge(rates, on="currency", how="inner")
    candidates["distance_"] = (candidates["month_"] - candidates["month_start"]).abs()
    candidates = candidates.sort_values(
        ["index", "distance_", "month_start"], ascending=[True, True, False], kind="stable"
    ).drop_duplicates("index")
    nearest = pd.Series(
        candidates.set_index("index")["rate_to_reporting"].reindex(wanted.index).to_numpy(),
        index=months.index,
        dtype="float64",
    )
    return nearest.where(currencies != settings.reporting_currency, 1.0)


def round_money(values: pd.Series) -> pd.Series:
    """A float amount cast to DECIMAL(18, 4) (G6): `helpers.round_money` on float64."""
    return helpers_round_money(values.astype("float64"))


# --- canonical CRM frames -----------------------------------------------------------------


def crm_leads_all(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live, non-test leads with `kept_lead_id` / `is_duplicate` (G12, DD02).

    Test leads (e-mail '@test.com' or company 'TEST') are dropped before de-duplication;
    duplicates are ranked by `created_at`, then `lead_id`; leads without e-mail are kept.
    """
    key = ("salesops", "leads_all", settings.company_time_zone)
    if key in raw.cache:
        return raw.cache[key].copy()
    leads = clean.get(raw, settings, "stg_crm__leads_all").drop(
        columns=["kept_lead_id", "is_duplicate"]
    )
    email = leads["email"].astype("string")
    is_test = email.str.endswith("@test.com").fillna(False) | _is_test_name(leads["company"])
    leads = leads[~is_test.astype(bool)].copy()
    ordered = leads.sort_values(["created_at", "lead_id"], kind="stable")
    first = ordered.dropna(subset=["email"]).groupby("email", sort=False)["lead_id"].first()
    leads["kept_lead_id"] = leads["email"].map(first).fillna(leads["lead_id"])
    leads["is_duplicate"] = leads["kept_lead_id"] != leads["lead_id"]
    raw.cache[key] = leads.reset_index(drop=True)
    return raw.cache[key].copy()


def crm_leads(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """One row per de-duplicated lead (G12)."""
    leads = crm_leads_all(raw, settings)
    return leads[~leads["is_duplicate"]].reset_index(drop=True)


def crm_opportunities(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """Live opportunities (no soft deletes, test records or DD02 duplicates), typed.

    status from the stage lookup (won / lost / open); close_date only when closed (WR01);
    loss_reason normalised and only on lost deals; probability 0-1.
    """
    opps = clean.get(raw, settings, "stg_crm__opportunities")
    rawopp = raw.table("crm", "opportunity")
    rawopp = rawopp[rawopp["id"].isin(opps["opportunity_id"])].set_index("id")
    reason = _norm_enum(opps["loss_reason"])
    keep = ~_is_test_name(opps["opportunity_name"]) & (reason.fillna("") != "duplicate")
    opps = opps[keep.to_numpy()].copy()
    reason = reason[keep.to_numpy()]
    stages = raw.lookup("stage_mapping").set_index("raw_stage_key")
    stage_key = clean.lookup_key(rawopp.loc[opps["opportunity_id"], "stage_name"])
    default_probability = to_float(stage_key.map(stages["default_probability"])).to_numpy()
    crm_probability = (to_float(rawopp.loc[opps["opportunity_id"], "probability"]) / 100).to_numpy()
    opps["probability"] = np.where(
        np.isnan(crm_probability), default_probability, crm_probability
    )
    opps["loss_reason"] = reason.where(opps["status"] == "lost")
    opps["forecast_category"] = _norm_enum(opps["forecast_category"])
    return opps.reset_index(drop=True)


def history_close_dates(raw: RawTables, settings: Settings) -> pd.Series:
    """Closed date by opportunity id from the stage history: walk each opportunity's
    versions in time order and remember the day of every step from an open stage (or from
    no version) into a closed one; the last such day wins (reopened and closed again).
    Closed → closed moves (won → lost) are not closings. Opportunities without a closing
    are absent."""
    history = clean.get(raw, settings, "stg_crm__opportunity_stage_history")
    history = history.sort_values(["opportunity_id", "valid_from_at"], kind="stable")
    last_closing: dict[str, pd.Timestamp] = {}
    previous_id, previous_closed = None, False
    for opportunity_id, closed, day in zip(
        history["opportunity_id"], history["is_closed"], history["valid_from_date"], strict=True
    ):
        closed = bool(closed) if pd.notna(closed) else False
        if opportunity_id != previous_id:
            previous_closed = False
        if closed and not previous_closed:
            last_closing[opportunity_id] = day
        previous_id, previous_closed = opportunity_id, closed
    return pd.Series(last_closing, dtype="datetime64[ns]")


def opportunities_fact(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_opportunities: one row per opportunity, enriched for every SalesOps metric.

    segment from the account (unknown if none), team from the owner, channel from the
    opportunity's lead source, else its earliest linked lead's channel, else 'unknown'
    ('unknown' counts as missing at each step);
    amount_reporting = amount × FX of the close month (created month while open; M12 "FX
    at the close date", G5; outside the FX table the nearest month's rate, DECISIONLOG
    S1); lead_created_date = least(earliest linked de-duplicated lead's created date,
    opportunity created date) (M14 edge cases); cycle_days (M13) for closed
    deals; time_to_close_days (D14) for won deals with a lead; the fallback variant uses
    the opportunity's created date. is_in_sales_metrics = new business (G9);
    is_in_cycle_metrics also drops negative cycles (M13 data errors).
    """
    key = ("salesops", "opportunities_fact", settings.company_time_zone)
    if key in raw.cache:
        return raw.cache[key].copy()
    opps = crm_opportunities(raw, settings)
    accounts = clean.get(raw, settings, "stg_crm__accounts")
    accounts = accounts[~_is_test_name(accounts["account_name"])]
    users = clean.get(raw, settings, "stg_crm__users")
    leads = crm_leads(raw, settings)

    linked = leads.dropna(subset=["converted_opportunity_id"]).sort_values(
        ["converted_opportunity_id", "created_date", "lead_id"], kind="stable"
    )
    first_lead = linked.groupby("converted_opportunity_id").first()

    frame = opps.copy()
    # CRM history is the source of truth for the closed date; the CRM field is the fall-back
    closed = frame["is_closed"].fillna(False).astype(bool)
    # a dict mapper: pandas cannot map through an empty datetime Series (no history at all)
    from_history = pd.to_datetime(
        frame["opportunity_id"].map(history_close_dates(raw, settings).to_dict())
    )
    frame["crm_close_date"] = frame["close_date"].where(closed)
    frame["close_date"] = from_history.fillna(frame["crm_close_date"]).where(closed)
    frame["close_date_source"] = pd.Series(
        np.where(from_history.notna(), "history", "crm_field"), index=frame.index
    ).where(closed)
    frame["crm_close_date_gap_days"] = sm.days_between(from_history, frame["crm_close_date"]).where(
        closed
    ).astype("Int64")
    frame["has_stale_crm_close_date"] = (frame["crm_close_date_gap_days"] != 0).fillna(False)
    frame["has_stale_crm_close_date"] = frame["has_stale_crm_close_date"].astype(bool)
    frame["segment"] = (
        frame["account_id"].map(accounts.set_index("account_id")["segment"]).fillna("unknown")
    )
    frame["team_name"] = (
        frame["owner_user_id"].map(users.set_index("user_id")["team_name"]).fillna("unknown")
    )
    frame["lead_id"] = frame["opportunity_id"].map(first_lead["lead_id"])
    lead_channel = frame["opportunity_id"].map(first_lead["channel"])
    # 'unknown' (blank or unmapped lead source) is missing at each step of the fallback
    own_channel = frame["channel"].where(frame["channel"] != "unknown")
    frame["channel"] = own_channel.fillna(
        lead_channel.where(lead_channel != "unknown")
    ).fillna("unknown")
    raw_lead_created = frame["opportunity_id"].map(first_lead["created_date"])
    frame["lead_created_date"] = raw_lead_created.where(
        raw_lead_created.isna() | (raw_lead_created <= frame["created_date"]),
        frame["created_date"],
    )
    frame["created_month"] = _month(frame["created_date"])
    frame["close_month"] = _month(frame["close_date"])
    fx_month = _month(frame["close_date"].fillna(frame["created_date"]))
    frame["amount_native"] = frame["amount"]
    frame["fx_rate_to_reporting"] = fx_rate_nearest(raw, settings, fx_month, frame["currency"])
    # G6: money is stored as DECIMAL(18, 4), so each converted amount is rounded to 4 places
    frame["amount_reporting"] = round_money(frame["amount_native"] * frame["fx_rate_to_reporting"])
    cycle = sm.days_between(frame["created_date"], frame["close_date"])
    frame["cycle_days"] = cycle.where(frame["is_closed"].fillna(False).astype(bool))
    won = frame["is_won"].fillna(False).astype(bool)
    frame["time_to_close_days"] = sm.days_between(
        frame["lead_created_date"], frame["close_date"]
    ).where(won)
    frame["time_to_close_days_with_fallback"] = sm.days_between(
        frame["lead_created_date"].fillna(frame["created_date"]), frame["close_date"]
    ).where(won)
    frame["is_new_business"] = frame["opp_type"] == "new"
    frame["is_duplicate"] = frame["loss_reason"].fillna("") == "duplicate"
    frame["has_negative_cycle"] = (frame["cycle_days"] < 0).fillna(False)
    frame["is_in_sales_metrics"] = frame["is_new_business"] & ~frame["is_duplicate"]
    frame["is_in_cycle_metrics"] = frame["is_in_sales_metrics"] & ~frame["has_negative_cycle"]
    for column in ("cycle_days", "time_to_close_days", "time_to_close_days_with_fallback"):
        frame[column] = frame[column].astype("Int64")
    columns = [
        "opportunity_id", "account_id", "owner_user_id", "team_name", "segment", "channel",
        "lead_id", "opportunity_name", "opp_type", "stage_name", "stage_order", "status",
        "is_closed", "is_won", "loss_reason", "lead_source", "campaign_id",
        "forecast_category", "currency", "amount_native", "fx_rate_to_reporting",
        "amount_reporting", "probability", "created_date", "created_month", "close_date",
        "close_month", "crm_close_date", "close_date_source", "crm_close_date_gap_days",
        "has_stale_crm_close_date", "expected_close_date", "lead_created_date", "cycle_days",
        "time_to_close_days", "time_to_close_days_with_fallback", "is_new_business",
        "is_duplicate", "has_negative_cycle", "is_in_sales_metrics", "is_in_cycle_metrics",
    ]
    raw.cache[key] = frame[columns].reset_index(drop=True)
    return raw.cache[key].copy()


def _metric_opps(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """The canonical frame of salesops_metrics: new business, amount in reporting currency."""
    opps = opportunities_fact(raw, settings)
    opps = opps[opps["is_in_sales_metrics"]].copy()
    opps["amount"] = opps["amount_reporting"].astype("float64")
    return opps


# --- the lead funnel (M10, M11) -----------------------------------------------------------


def _pii_hash(value: object) -> object:
    """Salted md5 of a personal identifier, as macro pii_hash (salt: env PII_HASH_SALT)."""
    if value is None or pd.isna(value):
        return None
    salt = os.environ.get("PII_HASH_SALT", "revenue-ops-warehouse-demo")
    return hashlib.md5(f"{salt}|{value}".encode()).hexdigest()


def lead_funnel(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_lead_funnel: one row per de-duplicated lead (G12).

    mql = first 'mql' event (M10: first MQL date); events are matched to the kept lead by
    lead id (a duplicate's id maps to its kept lead) or else by normalised e-mail; sql =
    the CRM's sales-qualified date; first sales touch = earliest task on the lead (and the
    earliest at/after the MQL time: speed to lead, hours); customer = the converted
    opportunity is won by the as-of date; max stage (M11 "≥ stage"): customer 5 >
    opportunity 4 > sql 3 > mql 2 > lead 1; lead score = the latest event's score_after
    (else Σ score_delta), banded by var lead_score_band_width; a lead without any score
    event is unscored (is_scored False, score and bounds NULL, band 'unscored'); speed to
    lead = exact elapsed seconds / 3600.
    """
    key = ("salesops", "lead_funnel", settings.company_time_zone)
    if key in raw.cache:
        return raw.cache[key].copy()
    band = int(settings.var("lead_score_band_width", 20))
    leads_all = crm_leads_all(raw, settings)
    leads = leads_all[~leads_all["is_duplicate"]].copy()
    kept_by_id = leads_all.set_index("lead_id")["kept_lead_id"]
    kept_by_email = leads.dropna(subset=["email"]).set_index("email")["lead_id"]

    events = clean.get(raw, settings, "stg_marketing__lead_events")
    events["lead_key"] = events["lead_id"].map(kept_by_id)
    events["lead_key"] = events["lead_key"].fillna(events["email"].map(kept_by_email))
    events = events.dropna(subset=["lead_key"])
    mql = events[events["event_type"] == "mql"].groupby("lead_key")
    mql_at = mql["occurred_at"].min()
    mql_date = mql["occurred_date"].min()
    downloads = events[events["event_type"] == "lead_magnet_download"].groupby("lead_key").size()
    scored = events.dropna(subset=["score_after"]).sort_values(
        ["lead_key", "occurred_at", "lead_event_id"], kind="stable"
    )
    latest_score = scored.groupby("lead_key")["score_after"].last()
    delta_sum = events.dropna(subset=["score_delta"]).groupby("lead_key")["score_delta"].sum()

    frame = leads.copy()
    lead_id = frame["lead_id"]
    frame["mql_at"] = lead_id.map(mql_at)
    frame["mql_date"] = lead_id.map(mql_date)
    frame["lead_magnet_download_count"] = lead_id.map(downloads).fillna(0).astype(int)
    score = lead_id.map(latest_score).fillna(lead_id.map(delta_sum))
    # M10: a lead without any score event is unscored (NULL score, band 'unscored')
    frame["is_scored"] = score.notna()
    frame["lead_score"] = score.round().astype("Int64")

    tasks = clean.get(raw, settings, "stg_crm__tasks")
    tasks = tasks[tasks["lead_id"].isin(lead_id)]
    frame["first_sales_touch_at"] = lead_id.map(tasks.groupby("lead_id")["created_at"].min())
    with_mql = tasks.merge(frame[["lead_id", "mql_at"]], on="lead_id")
    after = with_mql[with_mql["created_at"] >= with_mql["mql_at"]]
    frame["first_sales_touch_after_mql_at"] = lead_id.map(
        after.groupby("lead_id")["created_at"].min()
    )
    frame["speed_to_lead_hours"] = (
        frame["first_sales_touch_after_mql_at"] - frame["mql_at"]
    ).dt.total_seconds() / 3600

    opps = opportunities_fact(raw, settings).set_index("opportunity_id")
    converted = frame["converted_opportunity_id"]
    has_opp = converted.isin(opps.index)
    frame["opportunity_id"] = converted.where(has_opp)
    opp_won = converted.map(opps["is_won"]).fillna(False).astype(bool)
    opp_close = converted.map(opps["close_date"])
    frame["is_customer"] = opp_won & (opp_close <= settings.as_of_date).fillna(False)
    frame["customer_won_date"] = opp_close.where(opp_won)
    frame["sql_at"] = frame["sales_qualified_at"]
    frame["sql_date"] = frame["sales_qualified_date"]
    frame["max_stage_order"] = np.select(
        [
            frame["is_customer"],
            frame["opportunity_id"].notna(),
            frame["sql_date"].notna(),
            frame["mql_date"].notna(),
        ],
        [5, 4, 3, 2],
        default=1,
    )
    frame["max_stage_name"] = frame["max_stage_order"].map(
        dict(enumerate(sm.FUNNEL_STAGES, start=1))
    )
    frame["is_sales_sourced_sql"] = frame["sql_date"].notna() & (
        frame["mql_date"].isna() | (frame["mql_date"] > frame["sql_date"])
    ).fillna(True)
    lower = (np.floor(score / band) * band).astype("Int64")
    frame["score_band_lower"] = lower
    frame["score_band_upper"] = lower + band - 1
    frame["score_band"] = (
        lower.astype("string") + " to " + (lower + band - 1).astype("string")
    ).fillna("unscored").astype(object)
    frame["channel"] = frame["channel"].fillna("unknown")
    frame["is_paid_channel"] = frame["is_paid_channel"].fillna(False).astype(bool)
    frame["lead_status"] = frame["status"].astype("string").str.strip().str.lower().astype(object)
    frame["created_month"] = _month(frame["created_date"])
    frame["email_hash"] = frame["email"].map(_pii_hash)
    columns = [
        "lead_id", "email_hash", "company", "lead_source", "channel", "is_paid_channel",
        "lead_status", "owner_user_id", "created_at", "created_date", "created_month",
        "mql_at", "mql_date", "sql_at", "sql_date", "is_sales_sourced_sql",
        "first_sales_touch_at", "first_sales_touch_after_mql_at", "speed_to_lead_hours",
        "opportunity_id", "converted_account_id", "is_customer", "customer_won_date",
        "max_stage_order", "max_stage_name", "lead_magnet_download_count", "is_scored",
        "lead_score", "score_band_lower", "score_band_upper", "score_band",
    ]
    raw.cache[key] = frame[columns].reset_index(drop=True)
    return raw.cache[key].copy()


def _trailing(
    monthly: pd.DataFrame, value_columns: list[str], months: pd.DatetimeIndex, window: int
) -> pd.DataFrame:
    """Per slice, rolling sums of `value_columns` over `window` months ending at each month
    (rows: every report month whose window holds data); columns suffixed `_trailing`."""
    if monthly.empty:
        return monthly.assign(**{f"{c}_trailing": [] for c in value_columns})
    first = min(monthly["month_start"].min(), months.min())
    grid_months = pd.date_range(first, max(monthly["month_start"].max(), months.max()), freq="MS")
    parts = []
    for (dimension, value), group in monthly.groupby(["dimension", "dimension_value"]):
        series = group.set_index("month_start")[value_columns].reindex(grid_months)
        rolled = series.fillna(0).rolling(window, min_periods=1).sum()
        present = series.notna().any(axis=1).astype(int).rolling(window, min_periods=1).sum() > 0
        frame = series.join(rolled.add_suffix("_trailing"))
        frame = frame[present & frame.index.isin(months)]
        frame = frame.rename_axis("month_start").reset_index()
        frame["dimension"] = dimension
        frame["dimension_value"] = value
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def win_rates_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_win_rates_monthly (M12, D10, D12; G8 close month; G9 new business).

    Per report month × slice (total, segment, channel, rep, team): the month's counts,
    amounts and ratios, plus `_trailing` versions over var velocity_lookback_months months
    ending with the month (D17 window). A row exists when the trailing window holds a close.
    Unknown is not zero (sm.resolve_amount): amounts are Σ of the known ones, NaN when every
    deal lacks one (0 without deals); `*_missing_amount_count` = deals without an amount;
    avg_won_deal_size is the mean of the known won amounts.
    """
    window = int(settings.var("velocity_lookback_months", 3))
    reasons = settings.var("no_decision_loss_reasons", ["no_decision"])
    reasons = [reasons] if isinstance(reasons, str) else list(reasons)
    base = sm.win_rate_metrics(
        _metric_opps(raw, settings), OPPORTUNITY_DIMENSIONS, no_decision_reasons=reasons
    )
    base = base.rename(
        columns={"period_start": "month_start", "no_decision_count": "no_decision_lost_count"}
    )
    counts = ["won_count", "lost_count", "no_decision_lost_count",
              "won_amount_count", "lost_amount_count"]
    values = [*counts, "won_amount", "lost_amount"]
    out = _trailing(base[["month_start", "dimension", "dimension_value", *values]], values,
                    settings.months, window)
    for column in counts:
        out[column] = out[column].fillna(0)
    for column in (*counts, *(f"{column}_trailing" for column in counts)):
        out[column] = out[column].astype(int)
    for suffix in ("", "_trailing"):
        for side in ("won", "lost"):
            out[f"{side}_amount{suffix}"] = sm.resolve_amount(
                out[f"{side}_amount{suffix}"],
                out[f"{side}_amount_count{suffix}"],
                out[f"{side}_count{suffix}"],
            )
    out["won_missing_amount_count"] = out["won_count"] - out["won_amount_count"]
    out["lost_missing_amount_count"] = out["lost_count"] - out["lost_amount_count"]
    for suffix in ("", "_trailing"):
        won, lost = out[f"won_count{suffix}"], out[f"lost_count{suffix}"]
        won_amount, lost_amount = out[f"won_amount{suffix}"], out[f"lost_amount{suffix}"]
        no_decision = out[f"no_decision_lost_count{suffix}"]
        out[f"win_rate{suffix}"] = safe_div(won, won + lost)
        out[f"win_rate_value{suffix}"] = safe_div(won_amount, won_amount + lost_amount)
        out[f"win_rate_excl_no_decision{suffix}"] = safe_div(won, won + lost - no_decision)
        out[f"win_loss_ratio{suffix}"] = safe_div(won, lost)
        out[f"avg_won_deal_size{suffix}"] = safe_div(
            won_amount, out[f"won_amount_count{suffix}"]
        )
    out["closed_count"] = out["won_count"] + out["lost_count"]
    out = out.drop(columns=[
        "no_decision_lost_count_trailing", "won_amount_count", "lost_amount_count",
        "won_amount_count_trailing", "lost_amount_count_trailing",
    ])
    return _with_key(out, "win_rates_monthly_id", list(MONTH_GRAIN))


def funnel_reach_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_funnel_reach_monthly (M11 reading 2, WE10): report-month lead-created cohorts ×
    (total, channel) × stage: lead_count, reach_count (max stage ≥ k), reach_rate,
    stage_to_stage_rate, and the literal variant (a timestamp for the stage itself)."""
    leads = lead_funnel(raw, settings)
    out = sm.funnel_reach_metrics(leads, {"channel": "channel"})
    out = out.rename(columns={"period_start": "month_start", "reached_count": "reach_count"})
    rows = explode_dimensions(leads, {"channel": "channel"})
    literal = {
        "lead": pd.Series(True, index=rows.index),
        "mql": rows["mql_date"].notna(),
        "sql": rows["sql_date"].notna(),
        "opportunity": rows["opportunity_id"].notna(),
        "customer": rows["is_customer"].astype(bool),
    }
    parts = []
    for name, mask in literal.items():
        counted = (
            rows.assign(hit=mask.astype(int))
            .groupby(["created_month", "dimension", "dimension_value"])["hit"]
            .sum()
            .rename("literal_reach_count")
            .reset_index()
            .assign(stage_name=name)
        )
        parts.append(counted)
    literal_counts = pd.concat(parts).rename(columns={"created_month": "month_start"})
    out = out.merge(literal_counts, on=[*MONTH_GRAIN, "stage_name"], how="left")
    out["literal_reach_rate"] = safe_div(out["literal_reach_count"], out["lead_count"])
    out = out[out["month_start"].isin(settings.months)].reset_index(drop=True)
    return _with_key(out, "funnel_reach_monthly_id", [*MONTH_GRAIN, "stage_name"])


def open_opportunities_at_month_end(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """New-business opportunities open at each report month-end (G8 snapshot, WR01), with
    the stage, amount and probability of the CRM history version in force at the end of
    that day; a version in a closed stage means not open. Opportunities without history use
    their current (open) values. Amounts at the month's FX rate (G5)."""
    opps = opportunities_fact(raw, settings)
    opps = opps[opps["is_in_sales_metrics"]]
    rows = sm.open_pipeline_snapshots(
        opps.assign(opp_type="new"), settings.months
    )
    history = clean.get(raw, settings, "stg_crm__opportunity_stage_history")
    history = history[history["opportunity_id"].isin(opps["opportunity_id"])].reset_index()
    has_history = rows["opportunity_id"].isin(history["opportunity_id"])
    snapshot_at = rows["month_end"] + pd.Timedelta(days=1)
    merged = rows[["month_start", "opportunity_id"]].assign(snapshot_at=snapshot_at).merge(
        history, on="opportunity_id", how="inner"
    )
    valid = (merged["valid_from_at"] < merged["snapshot_at"]) & (
        merged["valid_to_at"].isna() | (merged["valid_to_at"] >= merged["snapshot_at"])
    )
    version = (
        merged[valid]
        .sort_values(["month_start", "opportunity_id", "valid_from_at", "index"])
        .groupby(["month_start", "opportunity_id"])
        .last()
    )
    keys = pd.MultiIndex.from_frame(rows[["month_start", "opportunity_id"]])
    picked = version.reindex(keys)
    out = rows.copy()
    for column, current in (
        ("stage_name", "stage_name"),
        ("stage_order", "stage_order"),
        ("amount_native", "amount_native"),
        ("probability", "probability"),
        ("expected_close_date", "expected_close_date"),
    ):
        source = "close_date" if column == "expected_close_date" else column
        source = "amount" if column == "amount_native" else source
        from_history = pd.Series(picked[source].to_numpy(), index=rows.index)
        current_value = rows[current].where(~rows["is_closed"].astype(bool)) if column in (
            "stage_name", "stage_order") else rows[current]
        out[column] = from_history.where(has_history, current_value)
    out = out[out["stage_name"].notna() & ~out["stage_name"].isin(["closed_won", "closed_lost"])]
    out = out.copy()
    converted = out["amount_native"].astype("float64") * fx_rate(
        raw, settings, out["month_start"], out["currency"]
    )
    # G6: stored money is DECIMAL(18, 4)
    out["amount_reporting"] = round_money(converted)
    out["weighted_amount_reporting"] = round_money(converted * out["probability"].astype("float64"))
    return out.reset_index(drop=True)


def pipeline_stage_snapshot_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_pipeline_stage_snapshot_monthly (M11 reading 1, WE10): open new-business
    opportunities at each month-end per (total, segment) × stage: open_count, open_amount,
    share_of_open, share_of_open_amount."""
    rows = open_opportunities_at_month_end(raw, settings)
    rows = rows.assign(amount=rows["amount_reporting"])
    out = sm.stage_distribution(rows, {"segment": "segment"})
    orders = rows.groupby("stage_name")["stage_order"].min()
    out["stage_order"] = out["stage_name"].map(orders).astype(int)
    out["month_end"] = out["month_start"] + pd.offsets.MonthEnd(0)
    out = out.rename(columns={"share_of_open_count": "share_of_open"})
    return _with_key(out, "pipeline_stage_snapshot_monthly_id", [*MONTH_GRAIN, "stage_name"])


def _window(frame: pd.DataFrame, column: str, month: pd.Timestamp, window: int) -> pd.Series:
    """Rows whose `column` month lies in the `window` months ending with `month`."""
    start = month - pd.DateOffset(months=window - 1)
    return (frame[column] >= start) & (frame[column] <= month)


def close_rates_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_close_rates_monthly (M12 / D11 cohort close rate, G8 created month).

    Per report month × slice (total, segment, channel, rep, team): new-business
    opportunities created in the month, those won by var as_of_date, close_rate (count) and
    close_rate_value; `_trailing` over the cohorts of var velocity_lookback_months months;
    lead_close_rate (HubSpot variant, total and channel rows only) = leads created in the
    month that became customers / leads created in the month. A row exists when an
    opportunity was created in the trailing window, or (total, channel) a lead in the month.
    Amounts are Σ known amounts (sm.resolve_amount: NaN when every opportunity lacks one, 0
    without any); created_missing_amount_count = the month's opportunities without one.
    is_cohort_mature = month end + var close_rate_maturity_days <= var as_of_date.
    """
    window = int(settings.var("velocity_lookback_months", 3))
    opps = _metric_opps(raw, settings)
    opps["won_as_of"] = (
        opps["is_won"].fillna(False).astype(bool)
        & (opps["close_date"] <= settings.as_of_date).fillna(False)
    )
    opps["amount_"] = opps["amount"].astype("float64")
    opps["won_amount_"] = opps["amount_"].where(opps["won_as_of"])
    sliced = explode_dimensions(opps, OPPORTUNITY_DIMENSIONS)
    leads = explode_dimensions(lead_funnel(raw, settings), {"channel": "channel"})
    parts = []
    for month in settings.months:
        in_window = sliced[_window(sliced, "created_month", month, window)]
        in_month = in_window[in_window["created_month"] == month]
        trailing = in_window.groupby(SLICE_COLUMNS).agg(
            created_count_trailing=("opportunity_id", "count"),
            created_amount_trailing=("amount_", "sum"),
            created_amount_count_trailing=("amount_", "count"),
            won_count_trailing=("won_as_of", "sum"),
            won_amount_trailing=("won_amount_", "sum"),
            won_amount_count_trailing=("won_amount_", "count"),
        )
        current = in_month.groupby(SLICE_COLUMNS).agg(
            created_count=("opportunity_id", "count"),
            created_amount=("amount_", "sum"),
            created_amount_count=("amount_", "count"),
            won_count=("won_as_of", "sum"),
            won_amount=("won_amount_", "sum"),
            won_amount_count=("won_amount_", "count"),
        )
        month_leads = leads[leads["created_month"] == month]
        lead_counts = month_leads.groupby(SLICE_COLUMNS).agg(
            lead_count=("lead_id", "count"), lead_customer_count=("is_customer", "sum")
        )
        joined = pd.concat([trailing, current, lead_counts], axis=1).reset_index()
        joined.insert(0, "month_start", month)
        parts.append(joined)
    out = pd.concat(parts, ignore_index=True)
    counts = [
        "created_count", "won_count", "created_count_trailing", "won_count_trailing",
    ]
    amounts = ["created_amount", "won_amount", "created_amount_trailing", "won_amount_trailing"]
    out[counts] = out[counts].fillna(0).astype(int)
    for column in amounts:
        count = column.replace("_amount", "_count")
        known = column.replace("_amount", "_amount_count")
        out[column] = sm.resolve_amount(out[column], out[known], out[count])
    out["created_missing_amount_count"] = (
        out["created_count"] - out["created_amount_count"].fillna(0)
    ).astype(int)
    out = out.drop(columns=[column.replace("_amount", "_amount_count") for column in amounts])
    lead_rows = out["dimension"].isin(["total", "channel"])
    for column in ("lead_count", "lead_customer_count"):
        out[column] = out[column].fillna(0).astype("Int64").where(lead_rows)
    out["as_of_date"] = settings.as_of_date
    # the cohort had var close_rate_maturity_days after its month end to close
    maturity = int(settings.var("close_rate_maturity_days", 90))
    cohort_month_end = out["month_start"] + pd.offsets.MonthEnd(0)
    out["is_cohort_mature"] = (
        cohort_month_end + pd.Timedelta(days=maturity)
    ) <= settings.as_of_date
    out["close_rate"] = safe_div(out["won_count"], out["created_count"])
    out["close_rate_value"] = safe_div(out["won_amount"], out["created_amount"])
    out["close_rate_trailing"] = safe_div(out["won_count_trailing"], out["created_count_trailing"])
    out["close_rate_value_trailing"] = safe_div(
        out["won_amount_trailing"], out["created_amount_trailing"]
    )
    out["lead_close_rate"] = safe_div(
        out["lead_customer_count"].astype("float64"), out["lead_count"].astype("float64")
    ).where(lead_rows)
    out = out.drop(columns=["created_amount_trailing", "won_amount_trailing"])
    return _with_key(out, "close_rates_monthly_id", list(MONTH_GRAIN))


def loss_reasons_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_loss_reasons_monthly: lost new-business deals per report close month × segment ('all'
    for every segment) × loss reason (missing -> 'unknown'), with each reason's share of
    the month's and segment's losses, by count and amount (M12 drill-down, DD02)."""
    opps = _metric_opps(raw, settings)
    out = sm.loss_reason_metrics(opps, {"segment": "segment"})
    out = out.rename(
        columns={"period_start": "month_start", "share_of_lost_count": "share_of_losses"}
    )
    out["segment"] = out["dimension_value"]
    out = out.drop(columns=["dimension", "dimension_value"])
    out = out[out["month_start"].isin(settings.months)].reset_index(drop=True)
    return _with_key(out, "loss_reasons_monthly_id", ["month_start", "segment", "loss_reason"])


def sales_cycle_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_sales_cycle_monthly (M13 / D13 sales cycle, M14 / D14 time to close; WE8).

    New-business deals closed in the month (negative cycles excluded, M13), per slice:
    won_count, closed_count, won_with_lead_count; mean and median won cycle days; mean and
    median time to close (deals with a lead); the fallback variant (no lead -> opportunity
    created date); the all-closed variant; `_trailing` versions over var
    velocity_lookback_months months (D17 window). A row exists when the window holds a close.
    """
    window = int(settings.var("velocity_lookback_months", 3))
    opps = opportunities_fact(raw, settings)
    opps = opps[opps["is_in_cycle_metrics"] & opps["is_closed"].fillna(False).astype(bool)]
    opps = opps.copy()
    won = opps["is_won"].astype(bool)
    opps["cycle_"] = opps["cycle_days"].astype("float64")
    opps["won_cycle_"] = opps["cycle_"].where(won)
    opps["ttc_"] = opps["time_to_close_days"].astype("float64")
    opps["ttc_fallback_"] = opps["time_to_close_days_with_fallback"].astype("float64")
    opps["won_"] = won.astype(int)
    sliced = explode_dimensions(opps, OPPORTUNITY_DIMENSIONS)
    parts = []
    for month in settings.months:
        in_window = sliced[_window(sliced, "close_month", month, window)]
        if in_window.empty:
            continue
        in_month = in_window[in_window["close_month"] == month]
        trailing = in_window.groupby(SLICE_COLUMNS).agg(
            won_count_trailing=("won_", "sum"),
            avg_sales_cycle_days_trailing=("won_cycle_", "mean"),
            median_sales_cycle_days_trailing=("won_cycle_", "median"),
            avg_time_to_close_days_trailing=("ttc_", "mean"),
            avg_time_to_close_days_with_fallback_trailing=("ttc_fallback_", "mean"),
            avg_cycle_days_all_closed_trailing=("cycle_", "mean"),
        )
        current = in_month.groupby(SLICE_COLUMNS).agg(
            won_count=("won_", "sum"),
            closed_count=("opportunity_id", "count"),
            won_with_lead_count=("ttc_", "count"),
            avg_sales_cycle_days=("won_cycle_", "mean"),
            median_sales_cycle_days=("won_cycle_", "median"),
            avg_time_to_close_days=("ttc_", "mean"),
            median_time_to_close_days=("ttc_", "median"),
            avg_time_to_close_days_with_fallback=("ttc_fallback_", "mean"),
            avg_cycle_days_all_closed=("cycle_", "mean"),
        )
        joined = trailing.join(current, how="left").reset_index()
        joined.insert(0, "month_start", month)
        parts.append(joined)
    out = pd.concat(parts, ignore_index=True)
    for column in ("won_count", "closed_count", "won_with_lead_count"):
        out[column] = out[column].fillna(0).astype(int)
    out["won_count_trailing"] = out["won_count_trailing"].astype(int)
    return _with_key(out, "sales_cycle_monthly_id", list(MONTH_GRAIN))


def cost_per_lead_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_cost_per_lead_monthly (M09, WE11): per report month × (total, channel):
    program spend, de-duplicated leads created, MQLs and SQLs dated in the month; cpl,
    cost_per_mql, cost_per_sql; paid_cpl (total row only) = paid spend / paid-channel leads."""
    spend = marketing_spend_monthly(raw, settings).rename(columns={"spend_amount": "amount"})
    out = sm.cost_per_lead_metrics(spend, lead_funnel(raw, settings))
    out = out.rename(columns={"period_start": "month_start"})
    out = out[out["month_start"].isin(settings.months)].copy()
    out["paid_cpl"] = out["paid_cpl"].where(out["dimension"] == "total")
    return _with_key(out, "cost_per_lead_monthly_id", list(MONTH_GRAIN))


def pipeline_velocity_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_pipeline_velocity_monthly (M15 / D17, WE9, WR01) per month-end × (total,
    segment, rep): open new-business count and amounts at the month-end (history-aware
    snapshot), and win rate, average won deal and average won cycle over the deals closed in
    the trailing var velocity_lookback_months months, all recomputed inside the slice."""
    window = int(settings.var("velocity_lookback_months", 3))
    dims = {"segment": "segment", "rep": "owner_user_id"}
    opps = _metric_opps(raw, settings)
    opps["probability"] = 0.0
    open_rows = open_opportunities_at_month_end(raw, settings)
    open_rows = open_rows.assign(
        amount=open_rows["amount_reporting"], weighted_amount=open_rows["weighted_amount_reporting"]
    )
    # negative cycles (data errors) leave the cycle average but stay in the counts (M13)
    out = sm.pipeline_velocity_metrics(
        opps,
        settings.months,
        dims,
        lookback_months=window,
        open_rows=open_rows,
    )
    out = out.rename(
        columns={
            "open_opportunity_count": "open_count",
            "open_pipeline_amount": "open_amount",
            "weighted_pipeline_amount": "weighted_open_amount",
            "created_count": "created_count_lookback",
            "won_count": "won_count_lookback",
            "lost_count": "lost_count_lookback",
            "win_rate": "win_rate_lookback",
            "avg_won_deal_size": "avg_won_deal_size_lookback",
            "avg_sales_cycle_days": "avg_sales_cycle_days_lookback",
            "pipeline_velocity_per_month": "pipeline_velocity_per_30_days",
        }
    ).drop(columns=["won_amount"])
    return _with_key(out, "pipeline_velocity_monthly_id", list(MONTH_GRAIN))


def mql_sql_handoff_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_mql_sql_handoff_monthly (M10, E4, WE12) per report month × (total, channel):
    mql_count (first MQL in the month), sql_count (sales-sourced included) and
    sales_sourced_sql_count, the cohort MQL -> SQL count and rate (SQL on or before the
    as-of date and within var mql_to_sql_maturity_days of the MQL), is_cohort_mature,
    sql_over_mql_period_ratio, median_speed_to_lead_hours (MQL cohort), and lead-magnet
    downloads of the leads created in the month. Unknown is not zero: has_mql_data /
    has_sql_data say whether any lead has an MQL / SQL date up to the as-of date; without
    SQL data the SQL counts, cohort count and rate and the period ratio are NULL; without
    MQL data the MQL count too."""
    maturity = int(settings.var("mql_to_sql_maturity_days", 90))
    leads = lead_funnel(raw, settings)
    out = sm.mql_sql_handoff_metrics(
        leads, {"channel": "channel"}, as_of_date=None, maturity_days=None
    )
    # cohort conversions with the as-of and maturity rules
    mql = leads[leads["mql_date"].notna()].copy()
    mql["period_start"] = _month(mql["mql_date"])
    mql["converted_"] = (
        mql["sql_date"].notna()
        & (mql["sql_date"] <= settings.as_of_date)
        & (mql["sql_date"] <= mql["mql_date"] + pd.Timedelta(days=maturity))
    ).astype(int)
    mql_rows = explode_dimensions(mql, {"channel": "channel"})
    cohort = mql_rows.groupby(["period_start", *SLICE_COLUMNS]).agg(
        mql_to_sql_count_cohort=("converted_", "sum"),
        median_speed_to_lead_hours=("speed_to_lead_hours", "median"),
    )
    sql = leads[leads["sql_date"].notna()].copy()
    sql["period_start"] = _month(sql["sql_date"])
    sourced = explode_dimensions(sql, {"channel": "channel"}).groupby(
        ["period_start", *SLICE_COLUMNS]
    )["is_sales_sourced_sql"].sum().rename("sales_sourced_sql_count")
    magnets = leads[leads["lead_magnet_download_count"] > 0].copy()
    magnets["period_start"] = magnets["created_month"]
    downloads = explode_dimensions(magnets, {"channel": "channel"}).groupby(
        ["period_start", *SLICE_COLUMNS]
    )["lead_magnet_download_count"].sum()
    out = out.set_index(["period_start", *SLICE_COLUMNS]).drop(
        columns=["mql_converted_to_sql_count", "mql_to_sql_rate_cohort"]
    )
    out = pd.concat([out, cohort, sourced, downloads], axis=1).reset_index()
    out = out.rename(columns={"period_start": "month_start"})
    out = out[out["month_start"].isin(settings.months)].copy()
    for column in ("mql_count", "sql_count", "sales_sourced_sql_count",
                   "mql_to_sql_count_cohort", "lead_magnet_download_count"):
        out[column] = out[column].fillna(0).astype(int)
    out["mql_to_sql_rate_cohort"] = safe_div(out["mql_to_sql_count_cohort"], out["mql_count"])
    out["sql_over_mql_period_ratio"] = safe_div(out["sql_count"], out["mql_count"])
    has_mql = bool((leads["mql_date"] <= settings.as_of_date).any())
    has_sql = bool((leads["sql_date"] <= settings.as_of_date).any())
    out["has_mql_data"], out["has_sql_data"] = has_mql, has_sql
    unknown = {
        "mql_count": not has_mql,
        "sql_count": not has_sql,
        "sales_sourced_sql_count": not has_sql,
        "mql_to_sql_count_cohort": not (has_mql and has_sql),
        "mql_to_sql_rate_cohort": not (has_mql and has_sql),
        "sql_over_mql_period_ratio": not (has_mql and has_sql),
    }
    for column, is_unknown in unknown.items():
        if is_unknown:
            out[column] = pd.NA if column.endswith("count") else np.nan
    month_end = out["month_start"] + pd.offsets.MonthEnd(0)
    out["is_cohort_mature"] = (month_end + pd.Timedelta(days=maturity)) <= settings.as_of_date
    out["as_of_date"] = settings.as_of_date
    return _with_key(out, "mql_sql_handoff_monthly_id", list(MONTH_GRAIN))


def _months_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """`date_diff('month', start, end)`: calendar-month boundaries crossed."""
    start, end = pd.to_datetime(start), pd.to_datetime(end)
    return (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month)


def _spread_over_window(frame: pd.DataFrame, window: int) -> pd.DataFrame:
    """Each row once for every month whose trailing `window`-month window holds its
    `month_start` (the month itself and the `window - 1` following ones)."""
    parts = [
        frame.assign(month_start=frame["month_start"] + pd.DateOffset(months=k))
        for k in range(window)
    ]
    return pd.concat(parts, ignore_index=True)


def _coaching_window(
    out: pd.DataFrame, closes: pd.DataFrame, quotas: pd.DataFrame, window: int
) -> pd.DataFrame:
    """E3 inputs over the trailing `window` months (var coaching_window_months) for each
    scorecard row (month_start, user_id, team_name): quota_new_arr_window,
    won_new_arr_window, quota_attainment_window, closed_count_window, win_rate_window and
    team_win_rate_window (the team of the closed deals, as for team_win_rate)."""
    won = (closes["status"] == "won").astype(int)
    spread = _spread_over_window(
        closes.assign(
            won_=won,
            lost_=1 - won,
            won_amount_=closes["amount"].astype("float64").where(won == 1),
        )[["month_start", "user_id", "team_name", "won_", "lost_", "won_amount_"]],
        window,
    )
    rep = spread.groupby(["month_start", "user_id"]).agg(
        won_=("won_", "sum"),
        lost_=("lost_", "sum"),
        won_amount_=("won_amount_", "sum"),
        won_amount_count_=("won_amount_", "count"),
    )
    team = spread.groupby(["month_start", "team_name"])[["won_", "lost_"]].sum()
    team_rate = safe_div(team["won_"], team["won_"] + team["lost_"])
    quota = _spread_over_window(
        quotas.rename(columns={"owner_user_id": "user_id"})[
            ["month_start", "user_id", "quota_new_arr"]
        ],
        window,
    ).groupby(["month_start", "user_id"])["quota_new_arr"].sum(min_count=1)
    rep_keys = pd.MultiIndex.from_frame(out[["month_start", "user_id"]])
    team_keys = pd.MultiIndex.from_frame(out[["month_start", "team_name"]])
    out = out.copy()
    won_w = pd.Series(rep["won_"].reindex(rep_keys).fillna(0).to_numpy(), index=out.index)
    lost_w = pd.Series(rep["lost_"].reindex(rep_keys).fillna(0).to_numpy(), index=out.index)
    out["won_new_arr_window"] = sm.resolve_amount(
        rep["won_amount_"].reindex(rep_keys).to_numpy(),
        rep["won_amount_count_"].reindex(rep_keys).to_numpy(),
        won_w.to_numpy(),
    ).to_numpy()
    out["quota_new_arr_window"] = quota.reindex(rep_keys).to_numpy()
    out["quota_attainment_window"] = safe_div(
        out["won_new_arr_window"], out["quota_new_arr_window"]
    )
    out["closed_count_window"] = (won_w + lost_w).astype(int)
    out["win_rate_window"] = safe_div(won_w, won_w + lost_w)
    out["team_win_rate_window"] = team_rate.reindex(team_keys).to_numpy()
    return out


def rep_scorecard_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_rep_scorecard_monthly (E3, WE18) per report month × rep: quota, won new-business
    ARR, quota_attainment, won/lost/closed counts, win_rate, team_win_rate (the team's closes
    in the month), avg_won_deal_size, avg_sales_cycle_days, open pipeline at the month-end,
    pipeline_velocity_per_day (the rep slice of M15), tenure_months, is_ramping (tenure <
    var rep_ramp_months) and needs_coaching (not ramping, closed >= var
    coaching_min_closed_opportunities, attainment < var coaching_attainment_threshold,
    win rate < team win rate - var coaching_win_rate_gap), the E3 inputs taken over the
    trailing var coaching_window_months months ending with the month (`_window` columns:
    Σ won ARR / Σ quota, closes, win rate, team win rate); the month's own figures stay.
    open_pipeline_amount: 0 without open deals, NULL when no open deal has an amount; likewise
    won_new_arr (and the attainment on it): 0 without wins, NULL when no won deal has an
    amount; avg_won_deal_size is the mean of the known won amounts."""
    opps = _metric_opps(raw, settings)
    opps = opps[opps["is_closed"].fillna(False).astype(bool)].copy()
    opps["month_start"] = opps["close_month"]
    opps["user_id"] = opps["owner_user_id"]
    quotas = clean.get(raw, settings, "stg_finance__quotas").rename(
        columns={"user_id": "owner_user_id"}
    )
    base = sm.rep_scorecard(opps, quotas.assign(), team_column="team_name", min_closed=0)
    base = base.rename(columns={"period_start": "month_start", "owner_user_id": "user_id"})
    won = opps["status"] == "won"
    opps["won_cycle_"] = opps["cycle_days"].astype("float64").where(
        won & opps["is_in_cycle_metrics"]
    )
    cycle = opps.groupby(["month_start", "user_id"])["won_cycle_"].mean()
    team_rate = (
        opps.assign(won_=won.astype(int))
        .groupby(["month_start", "team_name"])["won_"]
        .agg(["sum", "count"])
    )
    team_rate = safe_div(team_rate["sum"], team_rate["count"])
    open_rows = open_opportunities_at_month_end(raw, settings)
    open_agg = open_rows.groupby(["month_start", "owner_user_id"]).agg(
        open_pipeline_count=("opportunity_id", "count"),
        open_pipeline_amount=("amount_reporting", lambda x: x.sum(min_count=1)),
    ).rename_axis(["month_start", "user_id"])
    keys = base.groupby(["month_start", "user_id"]).size().index.union(open_agg.index)
    out = pd.DataFrame(index=keys).reset_index()
    metrics = base.drop(columns=["team_name", "team_win_rate", "needs_coaching"]).groupby(
        ["month_start", "user_id"]
    ).first()
    out = out.join(metrics, on=["month_start", "user_id"]).join(
        open_agg, on=["month_start", "user_id"]
    )
    out = out[out["month_start"].isin(settings.months)].copy()
    users = clean.get(raw, settings, "stg_crm__users").drop_duplicates("user_id")
    users = users.set_index("user_id")
    out["user_name"] = out["user_id"].map(users["user_name"])
    out["team_name"] = out["user_id"].map(users["team_name"]).fillna("unknown")
    start_date = out["user_id"].map(users["start_date"])
    for column in ("won_count", "lost_count", "closed_count", "open_pipeline_count"):
        out[column] = out[column].fillna(0).astype(int)
    out["won_amount_count"] = out["won_amount_count"].fillna(0).astype(int)
    out["won_new_arr"] = sm.resolve_amount(
        out["won_new_arr"], out["won_amount_count"], out["won_count"]
    )
    no_open = out["open_pipeline_count"] == 0
    out["open_pipeline_amount"] = out["open_pipeline_amount"].where(~no_open, 0.0)
    out["quota_attainment"] = safe_div(out["won_new_arr"], out["quota_new_arr"])
    out["win_rate"] = safe_div(out["won_count"], out["closed_count"])
    out["avg_won_deal_size"] = safe_div(out["won_new_arr"], out["won_amount_count"])
    out["avg_sales_cycle_days"] = pd.Series(
        cycle.reindex(pd.MultiIndex.from_frame(out[["month_start", "user_id"]])).to_numpy(),
        index=out.index,
    )
    out["team_win_rate"] = pd.Series(
        team_rate.reindex(pd.MultiIndex.from_frame(out[["month_start", "team_name"]])).to_numpy(),
        index=out.index,
    )
    velocity = pipeline_velocity_monthly(raw, settings)
    velocity = velocity[velocity["dimension"] == "rep"].set_index(
        ["month_start", "dimension_value"]
    )["pipeline_velocity_per_day"]
    out["pipeline_velocity_per_day"] = velocity.reindex(
        pd.MultiIndex.from_frame(out[["month_start", "user_id"]])
    ).to_numpy()
    out["tenure_months"] = _months_between(start_date, out["month_start"]).astype("Int64")
    ramp = int(settings.var("rep_ramp_months", 3))
    out["is_ramping"] = (out["tenure_months"] < ramp).fillna(False).astype(bool)
    out = _coaching_window(out, opps, quotas, int(settings.var("coaching_window_months", 3)))
    flag = (
        ~out["is_ramping"]
        & (out["closed_count_window"]
           >= int(settings.var("coaching_min_closed_opportunities", 10)))
        & (out["quota_attainment_window"]
           < float(settings.var("coaching_attainment_threshold", 0.7)))
        & (out["win_rate_window"]
           < out["team_win_rate_window"] - float(settings.var("coaching_win_rate_gap")))
    )
    out["needs_coaching"] = flag.fillna(False).astype(bool)
    out = out.drop(columns=["won_amount_count"])
    return _with_key(out, "rep_scorecard_monthly_id", ["month_start", "user_id"])


def sales_forecast_quarterly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_sales_forecast_quarterly (E2, WE17) per report quarter × (total, rep).

    Forecast frozen at the quarter's first business day, Mon-Fri, not 1 January (S20;
    latest submission whose company-time-zone date is on or before it, else the earliest
    later one, flagged is_submitted_late); actual = new-business ARR won in the
    quarter; accuracy = 1 - |A - F| / A, bias = (F - A) / A, running MAPE and WAPE over the
    complete quarters so far; weighted_pipeline_forecast = Σ amount × probability of the
    pipeline open at the day before the quarter (history versions), expected to close in
    the quarter or undated. Errors only for complete quarters (quarter end <= as-of date).
    Actual = Σ known won amounts: 0 without wins, NaN (NULL) when every won deal lacks one.
    """
    forecasts = clean.get(raw, settings, "stg_finance__sales_forecasts")
    # G7: the submission's company-time-zone date; on time = on or before the quarter's
    # first business day (S20: Mon-Fri, 1 January excluded; Saturday +2, Sunday +1)
    forecasts["submitted_date"] = (
        forecasts["submitted_at"]
        .dt.tz_localize("UTC")
        .dt.tz_convert(settings.company_time_zone)
        .dt.tz_localize(None)
        .dt.normalize()
    )
    is_new_year = (forecasts["quarter_start"].dt.month == 1) & (
        forecasts["quarter_start"].dt.day == 1
    )
    candidate = forecasts["quarter_start"] + pd.to_timedelta(is_new_year.astype(int), unit="D")
    weekday = candidate.dt.day_of_week
    shift = np.select([weekday == 5, weekday == 6], [2, 1], default=0)
    deadline = candidate + pd.to_timedelta(shift, unit="D")
    forecasts["is_submitted_late"] = forecasts["submitted_date"] > deadline
    on_time = forecasts[~forecasts["is_submitted_late"]].sort_values("submitted_at")
    late = forecasts[forecasts["is_submitted_late"]].sort_values("submitted_at")
    frozen = pd.concat(
        [
            on_time.groupby(["quarter_start", "user_id"]).last(),
            late.groupby(["quarter_start", "user_id"]).first(),
        ]
    )
    frozen = frozen[~frozen.index.duplicated(keep="first")][
        ["forecast_new_arr", "is_submitted_late"]
    ]
    opps = _metric_opps(raw, settings)
    won = opps[opps["status"] == "won"].copy()
    won["quarter_start"] = sm.quarter_period(won["close_date"])
    actual = won.groupby(["quarter_start", "owner_user_id"]).agg(
        actual_new_arr=("amount", lambda x: x.astype("float64").sum(min_count=1)),
        won_count_=("opportunity_id", "count"),
    ).rename_axis(["quarter_start", "user_id"])
    quarters = pd.DatetimeIndex([m for m in settings.months if m.month in (1, 4, 7, 10)])
    open_rows = open_opportunities_at_month_end(raw, settings)
    pipeline_parts = []
    for quarter in quarters:
        snapshot = open_rows[open_rows["month_end"] == quarter - pd.Timedelta(days=1)]
        quarter_end = quarter + pd.DateOffset(months=3) - pd.Timedelta(days=1)
        expected = snapshot["expected_close_date"]
        keep = expected.isna() | ((expected >= quarter) & (expected <= quarter_end))
        part = snapshot[keep].groupby("owner_user_id")["weighted_amount_reporting"].sum(min_count=1)
        pipeline_parts.append(part.rename_axis("user_id").to_frame().assign(quarter_start=quarter))
    pipeline = (
        pd.concat(pipeline_parts).reset_index().set_index(["quarter_start", "user_id"])[
            "weighted_amount_reporting"
        ].rename("weighted_pipeline_forecast")
        if pipeline_parts
        else pd.Series(dtype="float64", name="weighted_pipeline_forecast")
    )
    rep = pd.concat([frozen, actual, pipeline], axis=1).reset_index()
    rep = rep.rename(columns={"level_0": "quarter_start", "level_1": "user_id"})
    rep = rep[rep["quarter_start"].isin(quarters)].copy()
    rep["is_submitted_late"] = rep["is_submitted_late"].fillna(False).astype(bool)
    rep["won_count_"] = rep["won_count_"].fillna(0).astype(int)
    rep["actual_new_arr"] = rep["actual_new_arr"].where(rep["won_count_"] > 0, 0.0)
    rep["dimension"], rep["dimension_value"] = "rep", rep["user_id"]
    rep["actual_won_"] = rep["actual_new_arr"].where(rep["won_count_"] > 0)
    total = rep.groupby("quarter_start").agg(
        forecast_new_arr=("forecast_new_arr", lambda x: x.sum(min_count=1)),
        is_submitted_late=("is_submitted_late", "max"),
        actual_new_arr=("actual_won_", lambda x: x.sum(min_count=1)),
        won_count_=("won_count_", "sum"),
        weighted_pipeline_forecast=("weighted_pipeline_forecast", lambda x: x.sum(min_count=1)),
    ).reset_index()
    total["actual_new_arr"] = total["actual_new_arr"].where(total["won_count_"] > 0, 0.0)
    total["dimension"], total["dimension_value"] = "total", "all"
    out = pd.concat([rep.drop(columns=["user_id", "actual_won_"]), total], ignore_index=True)
    out = out.drop(columns=["won_count_"])
    out["quarter_end"] = out["quarter_start"] + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    out["is_quarter_complete"] = out["quarter_end"] <= settings.as_of_date
    complete = out["is_quarter_complete"] & out["forecast_new_arr"].notna()
    accuracy = sm.forecast_accuracy(out["actual_new_arr"], out["forecast_new_arr"])
    out["absolute_error"] = accuracy["absolute_error"].where(complete)
    ape = accuracy["absolute_percentage_error"].where(complete)
    out["forecast_accuracy"] = 1 - ape
    out["forecast_bias"] = accuracy["forecast_bias"].where(complete)
    out = out.assign(ape_=ape, actual_err_=out["actual_new_arr"].where(complete))
    out = out.sort_values(["dimension", "dimension_value", "quarter_start"])
    grouped = out.groupby(["dimension", "dimension_value"])
    out["mape_to_date"] = grouped["ape_"].transform(lambda x: x.expanding().mean())
    error_sum = grouped["absolute_error"].transform(lambda x: x.expanding().sum())
    actual_sum = grouped["actual_err_"].transform(lambda x: x.expanding().sum())
    out["wape_to_date"] = safe_div(error_sum, actual_sum)
    out = out.drop(columns=["ape_", "actual_err_"]).reset_index(drop=True)
    return _with_key(
        out, "sales_forecast_quarterly_id", ["quarter_start", "dimension", "dimension_value"]
    )


def lead_score_bands(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_lead_score_bands (M10 lead-scoring validation): per score band (var
    lead_score_band_width points) over leads created up to the as-of date, plus one
    'unscored' band for leads without score events: lead, MQL, SQL and customer counts,
    lead_to_customer_rate, the next lower scored band's rate and whether the rate is
    monotonic (>= the lower band's; True for the lowest scored band or a NULL comparison;
    NULL for the unscored band, which is never compared)."""
    leads = lead_funnel(raw, settings)
    leads = leads[leads["created_date"] <= settings.as_of_date]
    out = (
        leads.groupby("score_band")
        .agg(
            is_scored=("is_scored", "first"),
            score_band_lower=("score_band_lower", "first"),
            score_band_upper=("score_band_upper", "first"),
            lead_count=("lead_id", "count"),
            mql_count=("mql_date", "count"),
            sql_count=("sql_date", "count"),
            customer_count=("is_customer", "sum"),
        )
        .reset_index()
    )
    out["customer_count"] = out["customer_count"].astype(int)
    out["is_scored"] = out["is_scored"].astype(bool)
    out["lead_to_customer_rate"] = safe_div(out["customer_count"], out["lead_count"])
    scored = out[out["is_scored"]].sort_values("score_band_lower").copy()
    scored["lower_band_lead_to_customer_rate"] = scored["lead_to_customer_rate"].shift(1)
    comparison = scored["lead_to_customer_rate"] >= scored["lower_band_lead_to_customer_rate"]
    known = (
        scored["lead_to_customer_rate"].notna()
        & scored["lower_band_lead_to_customer_rate"].notna()
    )
    scored["is_monotonic_with_lower_band"] = comparison.where(known, True).astype(object)
    unscored = out[~out["is_scored"]].assign(
        lower_band_lead_to_customer_rate=np.nan, is_monotonic_with_lower_band=None
    )
    out = pd.concat([scored, unscored], ignore_index=True)
    return _with_key(out, "lead_score_band_id", ["score_band"])


def salesops_kpis_monthly(raw: RawTables, settings: Settings) -> pd.DataFrame:
    """fct_salesops_kpis_monthly: one wide row per report month × segment ('all' = company),
    taken from the oracle's own metric frames (segment slices; ratios never re-aggregated);
    new_logos and new_mrr per segment from the MRR engine (movement 'new'; 0 without);
    lead, spend, CAC, handoff and funnel-reach metrics on the 'all' row only (leads carry
    no segment; M08: no silent cost allocation to segments). Segments: 'all' plus every
    segment of lookups/segment_mapping."""

    segments = ["all", *sorted(set(raw.lookup("segment_mapping")["segment"]) - {"all"})]
    grid = pd.MultiIndex.from_product(
        [settings.months, segments], names=["month_start", "segment"]
    ).to_frame(index=False)

    def by_segment(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
        part = frame[frame["dimension"].isin(["total", "segment"])]
        part = part.rename(columns={"dimension_value": "segment", **columns})
        return part[["month_start", "segment", *columns.values()]]

    def company(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
        part = frame[frame["dimension"] == "total"].rename(columns=columns)
        return part[["month_start", *columns.values()]].assign(segment="all")

    same = lambda *names: {name: name for name in names}  # noqa: E731
    pieces = [
        by_segment(win_rates_monthly(raw, settings), same(
            "won_count", "lost_count", "won_amount", "win_rate", "win_rate_value",
            "win_rate_excl_no_decision", "win_loss_ratio", "avg_won_deal_size")),
        by_segment(close_rates_monthly(raw, settings), {
            "created_count": "opportunities_created", "close_rate": "close_rate",
            "close_rate_value": "close_rate_value", "lead_close_rate": "lead_close_rate"}),
        by_segment(sales_cycle_monthly(raw, settings), same(
            "avg_sales_cycle_days", "median_sales_cycle_days", "avg_cycle_days_all_closed",
            "avg_time_to_close_days", "median_time_to_close_days",
            "avg_time_to_close_days_with_fallback")),
        by_segment(pipeline_velocity_monthly(raw, settings), {
            "open_count": "open_pipeline_count", "open_amount": "open_pipeline_amount",
            "weighted_open_amount": "weighted_open_pipeline_amount",
            "pipeline_velocity_per_day": "pipeline_velocity_per_day",
            "pipeline_velocity_per_30_days": "pipeline_velocity_per_30_days"}),
        company(cac_monthly(raw, settings), same(
            "new_logos", "new_mrr", "sales_marketing_cost", "blended_cac", "paid_cac",
            "marketing_only_cac", "new_customer_cac_ratio", "cac_payback_months")),
        company(cost_per_lead_monthly(raw, settings), {
            "spend_amount": "marketing_program_spend", "lead_count": "lead_count",
            "cpl": "cpl", "paid_cpl": "paid_cpl", "cost_per_mql": "cost_per_mql",
            "cost_per_sql": "cost_per_sql"}),
        company(mql_sql_handoff_monthly(raw, settings), same(
            "mql_count", "sql_count", "sales_sourced_sql_count", "mql_to_sql_rate_cohort",
            "sql_over_mql_period_ratio", "median_speed_to_lead_hours")),
    ]
    closes = close_rates_monthly(raw, settings)
    handoff = mql_sql_handoff_monthly(raw, settings)
    maturity = pd.DataFrame({"month_start": settings.months})
    maturity = maturity.merge(
        closes[closes["dimension"] == "total"][["month_start", "is_cohort_mature"]].rename(
            columns={"is_cohort_mature": "is_close_rate_cohort_mature"}
        ),
        on="month_start",
        how="left",
    ).merge(
        handoff[handoff["dimension"] == "total"][["month_start", "is_cohort_mature"]].rename(
            columns={"is_cohort_mature": "is_mql_cohort_mature"}
        ),
        on="month_start",
        how="left",
    )
    reach = funnel_reach_monthly(raw, settings)
    reach = reach[reach["dimension"] == "total"].pivot_table(
        index="month_start", columns="stage_name", values="reach_rate", aggfunc="max"
    )
    reach = reach.reindex(columns=["mql", "sql", "opportunity", "customer"])
    reach.columns = [f"{stage}_reach_rate" for stage in reach.columns]
    pieces.append(reach.reset_index().assign(segment="all"))
    out = grid
    for piece in pieces:
        out = out.merge(piece, on=["month_start", "segment"], how="left")
    # a segment without a velocity row has no open deal (0); a row's NULL amount stays unknown
    no_velocity_row = out["open_pipeline_count"].isna()
    no_win_rate_row = out["won_count"].isna()
    for column in ("won_count", "lost_count", "opportunities_created", "open_pipeline_count"):
        out[column] = out[column].fillna(0).astype(int)
    # segment rows: new logos and new MRR from the MRR engine's segment (0 without)
    mrr_months = customer_mrr_months(raw, settings)
    new = mrr_months[mrr_months["movement"] == "new"].copy()
    new["segment"] = new["segment"].fillna("unknown")
    per_segment = new.groupby(["month_start", "segment"]).agg(
        segment_new_logos=("customer_id", "nunique"), segment_new_mrr=("new_mrr", "sum")
    )
    out = out.merge(per_segment.reset_index(), on=["month_start", "segment"], how="left")
    is_segment = out["segment"] != "all"
    out.loc[is_segment, "new_logos"] = out.loc[is_segment, "segment_new_logos"].fillna(0)
    out.loc[is_segment, "new_mrr"] = out.loc[is_segment, "segment_new_mrr"].fillna(0.0)
    out = out.drop(columns=["segment_new_logos", "segment_new_mrr"])
    # month-level cohort maturity flags on every segment row of the month
    out = out.merge(maturity, on="month_start", how="left")
    # no win-rate row: nothing closed (0); a row's NULL amount stays unknown
    out["won_amount"] = out["won_amount"].where(~no_win_rate_row, 0.0)
    for column in ("open_pipeline_amount", "weighted_open_pipeline_amount"):
        out[column] = out[column].where(~no_velocity_row, 0.0)
    return _with_key(out, "salesops_kpis_monthly_id", ["month_start", "segment"])


# --- entry point -----------------------------------------------------------------------------

BUILDERS = {
    "fct_opportunities": opportunities_fact,
    "fct_opportunity_stage_durations": deal_stages.opportunity_stage_durations,
    "fct_deal_stage_funnel_monthly": deal_stages.deal_stage_funnel_monthly,
    "fct_stage_durations_monthly": deal_stages.stage_durations_monthly,
    "fct_lead_funnel": lead_funnel,
    "fct_win_rates_monthly": win_rates_monthly,
    "fct_funnel_reach_monthly": funnel_reach_monthly,
    "fct_pipeline_stage_snapshot_monthly": pipeline_stage_snapshot_monthly,
    "fct_close_rates_monthly": close_rates_monthly,
    "fct_loss_reasons_monthly": loss_reasons_monthly,
    "fct_sales_cycle_monthly": sales_cycle_monthly,
    "fct_cost_per_lead_monthly": cost_per_lead_monthly,
    "fct_pipeline_velocity_monthly": pipeline_velocity_monthly,
    "fct_mql_sql_handoff_monthly": mql_sql_handoff_monthly,
    "fct_cac_monthly": cac_monthly,
    "fct_rep_scorecard_monthly": rep_scorecard_monthly,
    "fct_sales_forecast_quarterly": sales_forecast_quarterly,
    "fct_lead_score_bands": lead_score_bands,
    "fct_salesops_kpis_monthly": salesops_kpis_monthly,
    "fct_campaign_performance_monthly": campaign_performance_monthly,
}


def compute(raw: RawTables, settings: Settings) -> dict[str, pd.DataFrame]:
    """Every SalesOps mart the oracle covers (MODELS), keyed by mart name, from raw tables.

    Columns are named as in the marts; see each builder's docstring for its spec ids.
    """
    return {name: builder(raw, settings) for name, builder in BUILDERS.items()}
