#!/usr/bin/env bash
# Build the project on real connector layouts (README "Supported connector layouts"):
#
#   bash scripts/build_connector_layout.sh salesforce|hubspot [stripe] [extra dbt build args]
#
# CRM: the Fivetran Salesforce or HubSpot connector layout; billing: Stripe; marketing: the
# Fivetran ad-reporting layouts (Google, Facebook, LinkedIn, Microsoft Ads); finance: the demo
# CSVs (seeds/raw/finance). The files are the integration-test seeds of Fivetran's dbt
# packages in ../shared/data (real column layouts, scrambled values: numbers mean nothing).
# Source mode, own DuckDB file and target path; unit tests are excluded (they feed the demo
# seeds), data tests run. Overrides: CONNECTOR_DATA_DIR (published files),
# CONNECTOR_OUT_DIR (instead of data/connectors), CONNECTOR_TARGET_PATH (dbt target path).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

crm_layout="${1:?usage: build_connector_layout.sh salesforce|hubspot [stripe] [dbt args]}"
shift
billing_layout=stripe
if [ "${1:-}" = "stripe" ]; then
    shift
fi
data_dir="${CONNECTOR_DATA_DIR:-$PWD/../shared/data}"  # ../shared/data beside the repository
out_dir="${CONNECTOR_OUT_DIR:-$PWD/data/connectors}/${crm_layout}_${billing_layout}"
mkdir -p "$out_dir"

case "$crm_layout" in
    salesforce)
        crm_location="$data_dir/fivetran_salesforce/sf_{identifier}_data.csv"
        # The connector's test schema has no campaign or campaign_member table.
        crm_absent="'crm.campaign', 'crm.campaign_member'"
        ;;
    hubspot)
        crm_location="$data_dir/fivetran_hubspot/{identifier}_data.csv"
        crm_absent=""
        ;;
    *)
        echo "unknown CRM layout: $crm_layout (salesforce | hubspot)" >&2
        exit 2
        ;;
esac

# Scrambled integration-test values: unknown enum values and dangling keys are warnings
# for the connector tables here (the demo keeps severity error), and so are high reject
# shares (reject_share_error 1.0: fct_data_quality_rejects still warns above
# reject_share_warn).
warn_tables="'crm.user': warn, 'crm.account': warn, 'crm.lead': warn, 'crm.opportunity': warn,
  'crm.opportunity_history': warn, 'crm.task': warn, 'crm.campaign': warn, 'crm.campaign_member': warn,
  'billing.customer': warn, 'billing.price': warn, 'billing.subscription': warn,
  'billing.subscription_item': warn, 'billing.invoice': warn, 'billing.invoice_line_item': warn,
  'billing.charge': warn, 'billing.refund': warn, 'billing.coupon': warn, 'billing.discount': warn,
  'marketing.google_ads_campaign_stats': warn, 'marketing.facebook_ads_basic_campaign': warn,
  'marketing.linkedin_ads_analytics_by_campaign': warn,
  'marketing.microsoft_ads_campaign_performance_daily_report': warn"
# The demo finance rows name the demo's users and customers, not the connector's.
finance_tables="'finance.quota': warn, 'finance.sales_forecast': warn,
  'finance.price_test_assignment': warn"

vars="{raw_data_mode: source,
  crm_layout: $crm_layout,
  billing_layout: $billing_layout,
  stripe_plan_table: true,
  ad_reporting_layout: fivetran,
  crm_external_location: '$crm_location',
  billing_external_location: '$data_dir/fivetran_stripe/{identifier}_data.csv',
  marketing_external_location: '$data_dir/fivetran_ad_reporting/{identifier}_data.csv',
  finance_external_location: '$PWD/seeds/raw/finance/raw_finance__{name}.csv',
  raw_table_identifiers: {
    'marketing.linkedin_ads_analytics_by_campaign': linkedin_ad_analytics_by_campaign,
    'marketing.linkedin_ads_campaign_history': linkedin_ad_campaign_history,
    'marketing.linkedin_ads_account_history': linkedin_ad_account_history},
  raw_absent_tables: [$crm_absent${crm_absent:+, }'marketing.lead_event'],
  default_currency_when_missing: USD,
  reject_share_error: 1.0,
  unknown_enum_severity: {$warn_tables},
  orphan_key_severity: {$warn_tables, $finance_tables}}"
echo "dbt vars: $vars"

export DBT_DUCKDB_PATH="$out_dir/warehouse.duckdb"
rm -f "$DBT_DUCKDB_PATH" "$DBT_DUCKDB_PATH.wal"
dbt build --target-path "${CONNECTOR_TARGET_PATH:-target_connectors_${crm_layout}_${billing_layout}}" \
    --vars "$vars" --exclude "test_type:unit" "$@"
