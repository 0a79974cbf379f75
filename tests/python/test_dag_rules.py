"""The layering rules of docs/architecture.md hold on the project's manifest.

dbt-bouncer (scripts/test.sh) checks naming, sources and lineage by folder; the rules it
cannot express are checked here on a fresh `dbt parse` (or the manifest of the build
scripts/test.sh has just made):

- no intermediate model reads a mart;
- a mart reads intermediates, dims and at most two other marts (`fct_*`); the two wide KPI
  marts may read marts only;
- one model reads the finance FX rates (`int_fx_rates_monthly`: the one FX rule);
- no chain of more than four views.

Each rule is also run on a small hand-made manifest that breaks it, so the check can fail.
"""

from __future__ import annotations

import functools

MAX_MART_REFS = 2
MAX_CHAINED_VIEWS = 4
KPI_MARTS = frozenset({"fct_salesops_kpis_monthly", "fct_revops_kpis_monthly"})
FX_STAGING_MODEL = "stg_finance__fx_rates"
FX_MODEL = "int_fx_rates_monthly"


def dag_violations(manifest: dict) -> list[str]:
    """Every broken layering rule, one readable line each."""
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }

    def layer(unique_id: str) -> str:
        return models[unique_id]["original_file_path"].split("/")[1]

    def parents(unique_id: str) -> list[str]:
        return [p for p in models[unique_id]["depends_on"]["nodes"] if p in models]

    def name(unique_id: str) -> str:
        return models[unique_id]["name"]

    violations = []
    for unique_id in models:
        if layer(unique_id) == "intermediate":
            for parent in parents(unique_id):
                if layer(parent) == "marts":
                    violations.append(f"intermediate {name(unique_id)} reads mart {name(parent)}")
        if layer(unique_id) == "marts" and name(unique_id) not in KPI_MARTS:
            mart_refs = [
                name(p)
                for p in parents(unique_id)
                if layer(p) == "marts" and not name(p).startswith("dim_")
            ]
            if len(mart_refs) > MAX_MART_REFS:
                violations.append(
                    f"mart {name(unique_id)} reads {len(mart_refs)} marts "
                    f"(at most {MAX_MART_REFS}): {', '.join(sorted(mart_refs))}"
                )
    fx_readers = sorted(
        name(u) for u in models if any(name(p) == FX_STAGING_MODEL for p in parents(u))
    )
    if fx_readers != [FX_MODEL] and any(name(u) == FX_STAGING_MODEL for u in models):
        violations.append(
            f"{FX_STAGING_MODEL} must be read by {FX_MODEL} only, read by: {', '.join(fx_readers)}"
        )

    @functools.cache
    def view_chain(unique_id: str) -> tuple[str, ...]:
        if models[unique_id]["config"]["materialized"] != "view":
            return ()
        longest = max((view_chain(p) for p in parents(unique_id)), key=len, default=())
        return (*longest, name(unique_id))

    for unique_id in models:
        chain = view_chain(unique_id)
        if len(chain) > MAX_CHAINED_VIEWS:
            violations.append(
                f"{len(chain)} chained views (at most {MAX_CHAINED_VIEWS}): {' -> '.join(chain)}"
            )
    return violations


def test_project_keeps_the_layering_rules(project_manifest):
    assert dag_violations(project_manifest) == []


def fake_manifest(models: dict[str, tuple[str, str, list[str]]]) -> dict:
    """{name: (path, materialized, parents)} -> the manifest fields the rules read."""
    return {
        "nodes": {
            f"model.p.{model}": {
                "resource_type": "model",
                "name": model,
                "original_file_path": path,
                "config": {"materialized": materialized},
                "depends_on": {"nodes": [f"model.p.{p}" for p in parents]},
            }
            for model, (path, materialized, parents) in models.items()
        }
    }


def test_each_rule_can_fail():
    broken = fake_manifest(
        {
            "stg_finance__fx_rates": ("models/staging/finance/x.sql", "view", []),
            "int_fx_rates_monthly": (
                "models/intermediate/finance/x.sql",
                "table",
                ["stg_finance__fx_rates"],
            ),
            "fct_a": ("models/marts/a/fct_a.sql", "table", ["stg_finance__fx_rates"]),
            "fct_b": ("models/marts/a/fct_b.sql", "table", []),
            "fct_c": ("models/marts/a/fct_c.sql", "table", []),
            "fct_wide": ("models/marts/a/fct_wide.sql", "table", ["fct_a", "fct_b", "fct_c"]),
            "int_reads_mart": ("models/intermediate/a/x.sql", "view", ["fct_a"]),
            "v1": ("models/staging/a/v1.sql", "view", []),
            "v2": ("models/intermediate/a/v2.sql", "view", ["v1"]),
            "v3": ("models/intermediate/a/v3.sql", "view", ["v2"]),
            "v4": ("models/intermediate/a/v4.sql", "view", ["v3"]),
            "v5": ("models/intermediate/a/v5.sql", "view", ["v4"]),
        }
    )
    violations = dag_violations(broken)
    assert "intermediate int_reads_mart reads mart fct_a" in violations
    assert "mart fct_wide reads 3 marts (at most 2): fct_a, fct_b, fct_c" in violations
    assert any(v.startswith("stg_finance__fx_rates must be read by") for v in violations)
    assert "5 chained views (at most 4): v1 -> v2 -> v3 -> v4 -> v5" in violations
    assert len(violations) == 4
