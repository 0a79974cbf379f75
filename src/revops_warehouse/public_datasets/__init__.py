"""Map real public datasets into the project's raw layout (docs/public_datasets.md).

One module per dataset (`maven`, `olist`, `mrr_playbook`), each with:

- `DATASET`: the dataset name used on the command line and under `data/public/<name>/`;
- `DEFAULT_SOURCE_DIR`: where the published files live (`../shared/data/<folder>`);
- `DBT_VARS`: the dbt vars that fit the dataset (calendar, time zone);
- `map_dataset(source_dir, out_dir) -> MappingResult`: writes every raw table of every
  source (header-only when the dataset cannot feed it), `cleaning_log.csv` and
  `rejected_rows.csv`.
"""
