-- NextRound journal, schema version 2: which file an imported process came from.
-- Released: never edit this file; add the next numbered step instead.

-- The file's name (never its path) for a process brought in by `nextround import` or
-- Start here's import; empty for a process typed in step 1.
ALTER TABLE processes ADD COLUMN imported_from TEXT;
