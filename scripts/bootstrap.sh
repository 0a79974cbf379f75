#!/usr/bin/env bash
# Create .venv (if missing) and install the pinned dependencies into it.
# Needs only Python 3.11 and pip. Sourced by build.sh and test.sh. Then installs the
# project's package (src/revops_warehouse) in editable mode.
set -euo pipefail
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv_dir="${VENV_DIR:-$repo_dir/.venv}"
python_bin="${PYTHON:-python3}"
if [ ! -x "$venv_dir/bin/python" ]; then
    "$python_bin" -m venv "$venv_dir"
fi
stamp="$venv_dir/.requirements.sha256"
wanted="$(cat "$repo_dir/requirements.txt" "$repo_dir/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$repo_dir/requirements.txt"
    # The project's own package (src/revops_warehouse), editable: scripts and tests import
    # it by name; its dependencies are the pins above.
    "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-deps -e "$repo_dir"
    echo "$wanted" > "$stamp"
fi
export PATH="$venv_dir/bin:$PATH"
export DBT_PROFILES_DIR="$repo_dir"
export DBT_PROJECT_DIR="$repo_dir"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
