"""Fault cases (../shared/cases) turned into raw-layout datasets for end-to-end tests."""
