"""The repository root, the one place that knows where the package sits in the checkout."""

from __future__ import annotations

from pathlib import Path

# src/revops_warehouse/paths.py -> the repository root (editable install: the checkout).
PROJECT_DIR = Path(__file__).resolve().parents[2]
