"""Helpers for the notebooks (data loading and conversion to styrkort tables)."""
