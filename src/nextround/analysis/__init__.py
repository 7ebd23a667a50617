"""Pure functions from DataFrames to figures' data and plain-language findings.

Nothing here reads the journal or touches a widget: give it frames (see `nextround.store.frames`),
get frames and sentences back.
"""
