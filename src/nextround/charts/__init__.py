"""Plotly figures built from analysis results. Nothing here opens the journal.

Every label that may hold a person's own words goes through `nextround.safe_text.plotly_text`.
"""
