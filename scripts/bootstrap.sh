#!/usr/bin/env bash
# Create .venv (if missing) and install the pinned dependencies into it, then the project's
# package (src/revops_warehouse) in editable mode. Needs only Python 3.11 and pip.
# Sourced by build.sh and test.sh, and by a user's own shell (README): the set-up runs in a
# subshell with its own strict mode, so sourcing it changes no shell option of the caller
# (an interactive shell must not close on its next failing command) and leaves only the
# exports below.
_revops_repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_revops_venv_dir="${VENV_DIR:-$_revops_repo_dir/.venv}"
(
    set -euo pipefail
    repo_dir="$_revops_repo_dir"
    venv_dir="$_revops_venv_dir"
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
)
# Checked after the subshell, not in an `if` or `||` around it: bash switches errexit off
# inside a subshell whose status is tested. A caller with errexit (build.sh, test.sh) has
# already stopped at the subshell's failure; an interactive shell gets a message and status 1.
_revops_status=$?
if [ "$_revops_status" != 0 ]; then
    echo "scripts/bootstrap.sh: setting up $_revops_venv_dir failed (see the output above)" >&2
    unset _revops_repo_dir _revops_venv_dir _revops_status
    return 1 2>/dev/null || exit 1
fi
export PATH="$_revops_venv_dir/bin:$PATH"
export DBT_PROFILES_DIR="$_revops_repo_dir"
export DBT_PROJECT_DIR="$_revops_repo_dir"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
unset _revops_repo_dir _revops_venv_dir _revops_status
