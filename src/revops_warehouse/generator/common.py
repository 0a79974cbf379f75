"""Shared by every source system: the simulated calendar, vocabularies, ids and formatting."""

from __future__ import annotations

import datetime as dt

UTC = dt.UTC
START_DATE = dt.date(2023, 1, 1)  # var reporting_start_month
# Raw history starts before the report so the first report months have a base:
# leads, pipeline and ad spend from HISTORY_START, imported won deals from LEGACY_START.
HISTORY_START = dt.date(2022, 7, 1)
LEGACY_START = dt.date(2021, 1, 1)
AS_OF_DATE = dt.date(2025, 12, 31)
EXTRACT_AT = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
FIVETRAN_END_SENTINEL = "9999-12-31T23:59:59.999Z"
STAGE_RENAME_AT = dt.datetime(2024, 7, 1, tzinfo=UTC)
DEFAULT_SEED = 20240101

CURRENCIES = ["USD", "EUR", "GBP", "JPY"]
# Per-seat monthly list prices in major units (JPY has no minor unit).
TIER_MONTHLY = {
    "starter": {"USD": 49, "EUR": 45, "GBP": 39, "JPY": 7500},
    "growth": {"USD": 99, "EUR": 92, "GBP": 79, "JPY": 15000},
    "enterprise": {"USD": 199, "EUR": 185, "GBP": 159, "JPY": 30000},
    "addon": {"USD": 199, "EUR": 185, "GBP": 159, "JPY": 30000},
}
SETUP_FEE = {"USD": 1500, "EUR": 1400, "GBP": 1200, "JPY": 225000}
# billing period months -> (interval, interval_count, multiple of the monthly price, label)
INTERVALS = {
    1: ("month", 1, 1, "Monthly"),
    3: ("month", 3, 3, "Quarterly"),
    12: ("year", 1, 10, "Annual"),
    24: ("year", 2, 19, "2-Year"),
}
TIER_NAMES = {
    "starter": "Starter", "growth": "Growth", "enterprise": "Enterprise",
    "addon": "Advanced Analytics Add-on",
}
NEXT_TIER = {"starter": "growth", "growth": "enterprise"}

COUNTRIES = [  # (code, weight, currency, tz)
    ("US", 50, "USD", "us"), ("CA", 5, "USD", "us"), ("GB", 12, "GBP", "gb"),
    ("DE", 9, "EUR", "eu"), ("FR", 7, "EUR", "eu"), ("NL", 4, "EUR", "eu"),
    ("ES", 2, "EUR", "eu"), ("JP", 7, "JPY", "jp"), ("AU", 4, "USD", "au"),
]
LEAD_SOURCES = [  # (raw value, weight, mql probability, campaign platform or program)
    ("Google Ads", 14, 0.45, "google_ads"), ("google ads", 2, 0.45, "google_ads"),
    ("Bing Ads", 4, 0.42, "microsoft_ads"), ("Facebook Ads", 8, 0.30, "facebook_ads"),
    ("LinkedIn Ads", 8, 0.42, "linkedin_ads"), ("LinkedIn", 3, 0.35, None),
    ("Content", 10, 0.36, "content"), ("Organic Search", 10, 0.42, None),
    ("SEO", 3, 0.40, None), ("Webinar", 7, 0.50, "webinar"), ("Event", 4, 0.46, "event"),
    ("Referral", 5, 0.60, None), ("Partner", 4, 0.55, None), ("Outbound", 10, 0.0, None),
    ("Email", 3, 0.30, "email"), ("Direct", 3, 0.45, None), ("", 1.5, 0.30, None),
    ("Other", 0.5, 0.30, None),
]
SEGMENTS = ["SMB", "Mid-Market", "Enterprise"]
SEGMENT_RAW_VARIANTS = {
    "SMB": [("SMB", 1.0)],
    "Mid-Market": [("Mid-Market", 0.8), ("MidMarket", 0.2)],
    "Enterprise": [("Enterprise", 0.8), ("ENT", 0.2)],
}
WIN_RATE = {"SMB": 0.31, "Mid-Market": 0.27, "Enterprise": 0.24}
CYCLE_DAYS = {"SMB": (15, 40), "Mid-Market": (30, 90), "Enterprise": (60, 180)}
PROBABILITY = {
    "Prospecting": 10, "Discovery": 20, "Demo": 40, "Proposal": 60, "Negotiation": 80,
    "Closed Won": 100, "Closed Lost": 0,
}
FORECAST_CATEGORY = {
    "Prospecting": "Pipeline", "Discovery": "Pipeline", "Demo": "Pipeline",
    "Proposal": "Best Case", "Negotiation": "Commit", "Closed Won": "Closed",
    "Closed Lost": "Omitted",
}
OPEN_STAGES = ["Prospecting", "Discovery", "Demo", "Proposal", "Negotiation"]

FIRST_NAMES = [
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
    "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Aiden", "Abigail", "Jack",
    "Emily", "Henry", "Ella", "Owen", "Chloe", "Leo", "Grace", "Samuel", "Zoe", "David",
    "Hannah", "Daniel", "Lea", "Hugo", "Clara", "Felix", "Yuki", "Haruto", "Sakura", "Ren",
    "Marta", "Pablo", "Ines", "Lars", "Sanne", "Jonas", "Amara", "Priya", "Arjun", "Nadia",
]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martin",
    "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Lee", "Walker",
    "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
    "Muller", "Schmidt", "Dubois", "Moreau", "de Vries", "Jansen", "Tanaka", "Suzuki",
    "Sato", "Fernandez", "Patel", "Khan", "O'Brien", "Nguyen",
]
COMPANY_WORDS_A = [
    "Blue", "North", "Bright", "Silver", "Red", "Swift", "Clear", "Summit", "Iron", "Cedar",
    "Harbor", "Atlas", "Nova", "Prime", "Vertex", "Lumen", "Orbit", "Pioneer", "Granite",
    "Quantum", "Maple", "Falcon", "Coral", "Aurora", "Beacon", "Crest", "Delta", "Echo",
    "Fjord", "Juniper",
]
COMPANY_WORDS_B = [
    "River", "Peak", "Labs", "Works", "Systems", "Logistics", "Health", "Finance", "Retail",
    "Analytics", "Cloud", "Dynamics", "Partners", "Networks", "Foods", "Media", "Energy",
    "Robotics", "Learning", "Capital", "Freight", "Studio", "Bio", "Motors", "Security",
]
COMPANY_SUFFIX = ["Inc", "Ltd", "GmbH", "LLC", "Group", "Co", "SA", "BV", "KK", "Corp"]
INDUSTRIES = [
    "Software", "Financial Services", "Healthcare", "Manufacturing", "Retail", "Education",
    "Media", "Logistics", "Professional Services",
]
LEAD_TITLES = [
    "Head of Sales", "VP Marketing", "RevOps Manager", "CFO", "Sales Operations Analyst",
    "CEO", "Marketing Operations Manager", "Chief Revenue Officer", "Director of Sales",
]
EBOOKS = [
    "RevOps Playbook 2023", "Pipeline Velocity Guide", "SaaS Metrics Cheat Sheet",
    "Forecasting Template", "Churn Benchmark Report", "Quota Planning Workbook",
]
LOSS_REASONS = [("Price", 25), ("Competitor", 25), ("No Decision", 25), ("Timing", 12),
                ("Product Fit", 10), ("", 3)]


# --------------------------------------------------------------------------- helpers
def add_months(value, months: int):
    """Add calendar months to a date or datetime, clamping the day to the month's length."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, _days_in_month(year, month))
    return value.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def month_starts(first: dt.date = START_DATE, last: dt.date = AS_OF_DATE) -> list[dt.date]:
    """Return the first day of every month from ``first`` to ``last`` inclusive."""
    out, current = [], first.replace(day=1)
    while current <= last:
        out.append(current)
        current = add_months(current, 1)
    return out


def _is_dst(region: str, instant: dt.datetime) -> bool:
    """Approximate daylight-saving rule (US: 2nd Sun Mar - 1st Sun Nov; EU: last Sun Mar-Oct)."""
    d = instant.date()
    if region == "us":
        return dt.date(d.year, 3, 10) <= d < dt.date(d.year, 11, 3)
    if region in ("gb", "eu"):
        return dt.date(d.year, 3, 28) <= d < dt.date(d.year, 10, 28)
    return False


def tz_offset_minutes(region: str, instant: dt.datetime) -> int:
    """UTC offset in minutes for a coarse region code at a UTC instant."""
    base = {
        "us": -300, "us_west": -480, "gb": 0, "eu": 60, "jp": 540, "au": 600, "utc": 0,
    }[region]
    dst_region = "us" if region == "us_west" else region
    return base + (60 if _is_dst(dst_region, instant) else 0)


def fmt_ts(instant: dt.datetime, region: str = "utc") -> str:
    """Format a UTC instant as ISO-8601 text in a region's local time with its offset.

    ``2024-01-31T20:30:00-05:00``; a zero offset is written ``Z``.
    """
    offset = tz_offset_minutes(region, instant)
    local = instant.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if offset == 0:
        return text + "Z"
    sign = "+" if offset > 0 else "-"
    return f"{text}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def fmt_ms(instant: dt.datetime) -> str:
    """Fivetran system timestamp in UTC with milliseconds."""
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def fmt_bool(value: bool) -> str:
    """CSV boolean literal."""
    return "true" if value else "false"


def fmt_money(value: float | None, currency: str = "USD") -> str:
    """Major-unit amount text; JPY without decimals, blank for None."""
    if value is None:
        return ""
    if currency.upper() == "JPY":
        return f"{round(value):d}"
    return f"{value:.2f}"


def at_utc(day: dt.date, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
    """UTC instant on a date."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def month_start_of(value) -> dt.date:
    """First day of the month of a date or datetime."""
    return dt.date(value.year, value.month, 1)

