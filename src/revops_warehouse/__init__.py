"""The revenue-ops warehouse's Python: oracle, demo-data generator, public-dataset mappers,
build comparers and the Great Expectations suites.

Installed in editable mode (`pip install -e .`, done by `scripts/bootstrap.sh`): the modules
read the project's files (dbt_project.yml, seeds/, models/) through `PROJECT_DIR`, the
repository root. The command-line entry points are thin wrappers in `scripts/`.
"""

from .paths import PROJECT_DIR

__all__ = ["PROJECT_DIR"]
