"""The rules NextRound judges by, in plain Python: no journal, no pandas, no widgets.

Each rule lives here once and every layer above uses it: how far a process got
(`funnel`), the preparation score (`preparation`), the fit score and the target-role match
(`fit`), what a feedback request's status means (`feedback_requests`), the STAR check
(`star_check`), and the fixed states entries can be in (`states`).
"""
