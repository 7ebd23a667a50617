-- NextRound journal, schema version 2: the people you meet, the interviews coming up,
-- surprise questions that outlive the stage they were logged against, and which file an
-- imported process came from.
-- Released: never edit this file; add the next numbered step instead.

-- One person across processes, stages and feedback requests. `name_key` is the name as it is
-- matched (case and spaces folded, `contacts.name_key`), so "priya  shah" finds Priya Shah.
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT,
  name_key TEXT,
  kind TEXT,
  company TEXT,
  address TEXT,
  notes TEXT
);

-- An interview that is coming: its local date and time in its own time zone (IANA name), the
-- preparation areas ticked so far, and the process it became once logged.
CREATE TABLE upcoming_interviews (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  company TEXT,
  role TEXT,
  held_on TEXT,
  starts_at TEXT,
  timezone TEXT,
  minutes INTEGER,
  kind TEXT,
  format TEXT,
  people TEXT,
  notes TEXT,
  ticked TEXT NOT NULL DEFAULT '[]',
  status TEXT,
  process_id INTEGER REFERENCES processes(id) ON DELETE SET NULL
);

-- Where a contact was met: a process, and within it a stage or a feedback request; or an
-- interview still to come.
CREATE TABLE contact_links (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES stages(id) ON DELETE CASCADE,
  request_id INTEGER REFERENCES feedback_requests(id) ON DELETE CASCADE,
  upcoming_id INTEGER REFERENCES upcoming_interviews(id) ON DELETE CASCADE,
  role TEXT
);

CREATE INDEX contacts_name_key ON contacts(name_key);
CREATE INDEX upcoming_interviews_held_on ON upcoming_interviews(held_on);
CREATE INDEX upcoming_interviews_process_id ON upcoming_interviews(process_id);
CREATE INDEX contact_links_contact_id ON contact_links(contact_id);
CREATE INDEX contact_links_process_id ON contact_links(process_id);
CREATE INDEX contact_links_stage_id ON contact_links(stage_id);
CREATE INDEX contact_links_request_id ON contact_links(request_id);
CREATE INDEX contact_links_upcoming_id ON contact_links(upcoming_id);

-- Removing a stage now leaves its surprise questions in place, unlinked: questions.stage_id
-- becomes ON DELETE SET NULL. SQLite changes a foreign key only by rebuilding the table, and
-- the journal runs with foreign keys on (which cannot be switched off inside this step's
-- transaction), so dropping the old table would cascade into every answer and practice
-- entry. Those are set aside first and put back unchanged: every row and every id is kept.
CREATE TABLE migrating_answer_versions AS SELECT * FROM answer_versions;
CREATE TABLE migrating_practice_cards AS SELECT * FROM practice_cards;
CREATE TABLE migrating_practice_reviews AS SELECT * FROM practice_reviews;

CREATE TABLE migrating_questions (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
  text TEXT,
  category TEXT,
  answered_then TEXT
);
INSERT INTO migrating_questions (id, rev, created_at, updated_at, process_id, stage_id, text,
                                 category, answered_then)
  SELECT id, rev, created_at, updated_at, process_id, stage_id, text, category, answered_then
  FROM questions;

DELETE FROM practice_reviews;
DELETE FROM practice_cards;
DELETE FROM answer_versions;
DROP TABLE questions;
ALTER TABLE migrating_questions RENAME TO questions;
CREATE INDEX questions_process_id ON questions(process_id);
CREATE INDEX questions_stage_id ON questions(stage_id);

INSERT INTO answer_versions (id, rev, created_at, updated_at, question_id, situation, task,
                             action, result, learned)
  SELECT id, rev, created_at, updated_at, question_id, situation, task, action, result, learned
  FROM migrating_answer_versions;
INSERT INTO practice_cards (id, rev, created_at, updated_at, question_id, card, due_at)
  SELECT id, rev, created_at, updated_at, question_id, card, due_at
  FROM migrating_practice_cards;
INSERT INTO practice_reviews (id, rev, created_at, updated_at, question_id, reviewed_at, rating,
                              confidence)
  SELECT id, rev, created_at, updated_at, question_id, reviewed_at, rating, confidence
  FROM migrating_practice_reviews;
DROP TABLE migrating_answer_versions;
DROP TABLE migrating_practice_cards;
DROP TABLE migrating_practice_reviews;

-- The file's name (never its path) for a process brought in by `nextround import` or
-- Start here's import; empty for a process typed in step 1.
ALTER TABLE processes ADD COLUMN imported_from TEXT;
