"""The coach's view of a workshop: anonymous summaries participants choose to share, and
the group they add up to.

- `document`: the summary's format, its JSON Schema (`summary.schema.json`) and reading one;
- `summary`: a participant's summary made from their journal, and what it holds in words;
- `sharing`: sharing from the person's side (prepare, show, confirm, take back);
- `drop_box`: the write-only shared folder on a JupyterHub;
- `reading`: many summaries, from files and folders, into one cohort;
- `report`: the coach's self-contained HTML report.
"""
