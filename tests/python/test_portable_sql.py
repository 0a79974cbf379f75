"""No engine-specific type name or syntax outside the dispatched macros (issue 14).

The project builds on DuckDB, PostgreSQL and Spark. Type names that differ between them
(`double`, `varchar`, `text`, `timestamp with time zone`) go through the macros of
macros/portable.sql (`type_double()`, `type_text()`, `type_timestamptz()`), ordered-set
percentiles through `percentile_cont_agg()`, and DuckDB-only syntax (`::`, `group by all`,
`qualify`, `range()`, `string_split`, `try_cast` ...) may only appear inside an
adapter-specific macro (`duckdb__x`, `postgres__x`, `spark__x`, `default__x`). Contracts
(`data_type:`) and seed `column_types:` template the differing names on `target.type`.

Quick: reads the files, runs no dbt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse import PROJECT_DIR

SQL_FOLDERS = ("models", "macros", "tests/dbt", "analyses")
YAML_FOLDERS = ("models", "seeds", "tests/dbt")
PORTABLE_MACROS = Path("macros/portable.sql")

# Spans where an engine's own syntax is the point: dispatched implementations.
ENGINE_MACRO = re.compile(
    r"{%-?\s*macro\s+(default|duckdb|postgres|spark|snowflake|bigquery|redshift|databricks)__\w+"
    r".*?{%-?\s*endmacro\s*-?%}",
    re.DOTALL,
)
JINJA_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
JINJA_STATEMENT = re.compile(r"{%.*?%}", re.DOTALL)
SQL_COMMENT = re.compile(r"--[^\n]*")

FORBIDDEN_SQL = {
    "`as double` (use {{ type_double() }})": re.compile(r"\bas\s+double\b", re.IGNORECASE),
    "`as varchar` (use {{ type_text() }})": re.compile(r"\bas\s+varchar\b(?!\s*\()", re.IGNORECASE),
    "`as text` / `as string` (use {{ type_text() }})": re.compile(
        r"\bas\s+(text|string)\b(?!\s*[(,=])", re.IGNORECASE
    ),
    "`timestamp with time zone` / `timestamptz` (use {{ type_timestamptz() }})": re.compile(
        r"\btimestamp\s+with\s+time\s+zone\b|\btimestamptz\b", re.IGNORECASE
    ),
    "`::` cast": re.compile(r"(?<!:)::(?!:)"),
    "`group by all`": re.compile(r"\bgroup\s+by\s+all\b", re.IGNORECASE),
    "`qualify`": re.compile(r"\bqualify\b", re.IGNORECASE),
    "`range()` / `generate_series()`": re.compile(
        r"(?<![.\w])(range|generate_series)\s*\(", re.IGNORECASE
    ),
    "`string_split` / `str_split`": re.compile(r"\b(string_split|str_split)\s*\(", re.IGNORECASE),
    "`try_cast` (use {{ safe_cast() }})": re.compile(r"\btry_cast\s*\(", re.IGNORECASE),
    "`percentile_cont ... within group` (use {{ percentile_cont_agg() }})": re.compile(
        r"\bwithin\s+group\b", re.IGNORECASE
    ),
    "`at time zone` (use {{ to_company_time() }} / {{ utc_timestamp() }})": re.compile(
        r"\bat\s+time\s+zone\b", re.IGNORECASE
    ),
    "`json_extract*` (use {{ json_string_field() }})": re.compile(
        r"\bjson_extract\w*\s*\(", re.IGNORECASE
    ),
    "DuckDB-only function": re.compile(
        r"(?<![.\w])((strftime|epoch|date_diff|list_\w+|struct_pack|arg_max|arg_min|count_if|"
        r"regexp_matches)\s*\(|(hugeint|ubigint|current_date)\b)",
        re.IGNORECASE,
    ),
    "double-quoted identifier in a Jinja string (use adapter.quote(); Spark quotes with `)": (
        re.compile(r"""'[^'\n]*\.\"\w+\"[^'\n]*'""")
    ),
    "`extract(dow ...)` (Spark counts 1-7: use {{ day_of_week() }})": re.compile(
        r"\bextract\s*\(\s*(dow|dayofweek|isodow)\b", re.IGNORECASE
    ),
    "`datediff()` / `dateadd()` / `date_trunc()` without dbt. (use dbt.datediff ...)": re.compile(
        r"(?<![.\w])(datediff|dateadd|date_add|date_sub)\s*\(", re.IGNORECASE
    ),
}

YAML_PLAIN_TYPE = re.compile(
    r"^\s*(data_type|[\w\"']+):\s*(double|double precision|varchar|text|string|timestamptz)\s*$",
    re.IGNORECASE,
)
YAML_COLUMN_TYPES = re.compile(r"^(\s*)column_types:\s*$")


def sql_violations(text: str) -> list[str]:
    """Every forbidden construct in one SQL/Jinja file, as 'line N: what'."""
    text = JINJA_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    text = ENGINE_MACRO.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    text = SQL_COMMENT.sub("", text)
    # Jinja's own range() in {% for %} is not SQL: that rule reads the text without tags.
    without_tags = JINJA_STATEMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    found = []
    for what, pattern in FORBIDDEN_SQL.items():
        searched = without_tags if what.startswith("`range()`") else text
        for match in pattern.finditer(searched):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {what}")
    return sorted(found)


def yaml_violations(text: str) -> list[str]:
    """Contract data_type / seed column_types written as one engine's type name."""
    found = []
    column_types_indent = None
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip())
        if column_types_indent is not None and line.strip() and indent <= column_types_indent:
            column_types_indent = None
        match = YAML_PLAIN_TYPE.match(line)
        if match and (match.group(1) == "data_type" or column_types_indent is not None):
            found.append(
                f"line {number}: `{line.strip()}` (template it on target.type, see README "
                "'Running on PostgreSQL and Spark')"
            )
        columns_match = YAML_COLUMN_TYPES.match(line)
        if columns_match:
            column_types_indent = len(columns_match.group(1))
    return found


def _files(folders: tuple[str, ...], suffix: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (PROJECT_DIR / folder).rglob(f"*{suffix}")
        if path.relative_to(PROJECT_DIR) != PORTABLE_MACROS
    )


def test_sql_has_no_engine_specific_types_or_syntax():
    problems = [
        f"{path.relative_to(PROJECT_DIR)} {violation}"
        for path in _files(SQL_FOLDERS, ".sql")
        for violation in sql_violations(path.read_text())
    ]
    assert not problems, "engine-specific SQL outside a dispatched macro:\n" + "\n".join(problems)


def test_yaml_types_are_templated_per_engine():
    problems = [
        f"{path.relative_to(PROJECT_DIR)} {violation}"
        for path in _files(YAML_FOLDERS, ".yml")
        for violation in yaml_violations(path.read_text())
    ]
    assert not problems, "plain engine type names in YAML:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "sql",
    [
        "select cast(x as double) as y",
        "select cast(x as varchar) as y",
        "select x::int from t",
        "select a, count(*) from t group by all",
        "select * from t qualify row_number() over () = 1",
        "select percentile_cont(0.5) within group (order by x) from t",
        "select cast(x as timestamp with time zone) at time zone 'UTC'",
        "select try_cast(x as integer)",
        "select * from range(10)",
        "select current_date",
        "select extract(dow from d)",
        "select {{ company_date('source.\"end\"') }}",
        "{% set u = 'cast(' ~ x ~ ' as double)' %}select {{ u }}",
    ],
)
def test_sql_check_catches(sql):
    assert sql_violations(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "select cast(x as {{ type_double() }}) as y -- as double in a comment",
        "{# cast(x as double) #}select cast(x as varchar(10)), cast(d as date)",
        "{% macro duckdb__f(x) -%}try_cast({{ x }} as double)::int{%- endmacro %}",
        "select {{ dbt.datediff('a', 'b', 'day') }}, '12:00:00'",
        "{% for digit in range(10) %}select {{ digit }} as digit{% endfor %}",
    ],
)
def test_sql_check_allows(sql):
    assert not sql_violations(sql)


def test_yaml_check_catches_and_allows():
    bad = (
        "columns:\n  - name: x\n    data_type: double\n"
        "config:\n  column_types:\n    id: varchar\n"
    )
    good = (
        "columns:\n  - name: x\n    data_type: \"{{ 'double' if target.type in ('duckdb', 'spark') "
        "else 'double precision' }}\"\n    data_type: decimal(18, 4)\nconfig:\n  column_types:\n"
        "    n: integer\n"
    )
    assert len(yaml_violations(bad)) == 2
    assert not yaml_violations(good)


def test_no_merge_conflict_markers_in_tracked_files() -> None:
    """A merge that left `<<<<<<<` / `>>>>>>>` lines in a macro broke a connector build once:
    no tracked text file may hold a conflict marker line."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    found = subprocess.run(
        ["git", "grep", "-n", "-I", "-E", "^(<<<<<<<|>>>>>>>) "],
        cwd=root, capture_output=True, text=True, check=False,
    ).stdout
    assert found == "", found
