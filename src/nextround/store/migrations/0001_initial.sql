-- NextRound journal, schema version 1.
-- Released: never edit this file; add the next numbered step instead.

CREATE TABLE settings (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  key TEXT,
  value TEXT,
  UNIQUE (key)
);

CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  company TEXT,
  role TEXT,
  category TEXT,
  seniority TEXT,
  company_type TEXT,
  applied_via TEXT,
  applied_on TEXT,
  outcome TEXT,
  ended_on TEXT,
  notes TEXT,
  fit_note TEXT
);

CREATE TABLE process_events (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  happened_on TEXT,
  outcome TEXT,
  note TEXT
);

CREATE TABLE stages (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  position INTEGER,
  kind TEXT,
  held_on TEXT,
  interviewers TEXT,
  format TEXT,
  outcome TEXT,
  notes TEXT
);

CREATE TABLE preparations (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  company_research INTEGER,
  role_requirements INTEGER,
  interviewers INTEGER,
  examples INTEGER,
  technical_practice INTEGER,
  questions_to_ask INTEGER,
  logistics INTEGER,
  enough TEXT,
  why TEXT,
  UNIQUE (process_id)
);

CREATE TABLE reflections (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  stage_id INTEGER REFERENCES stages(id) ON DELETE CASCADE,
  went_well TEXT,
  do_differently TEXT,
  technical_share INTEGER,
  soft_skills TEXT NOT NULL DEFAULT '[]',
  self_rating INTEGER,
  themes TEXT NOT NULL DEFAULT '[]',
  UNIQUE (stage_id)
);

CREATE TABLE takeaways (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  position INTEGER,
  text TEXT,
  theme TEXT
);

CREATE TABLE feedback_requests (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  person_name TEXT,
  person_role TEXT,
  channel TEXT,
  address TEXT,
  tone TEXT,
  message TEXT,
  status TEXT,
  sent_on TEXT,
  follow_up_on TEXT,
  answered_on TEXT
);

CREATE TABLE feedback_points (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  request_id INTEGER REFERENCES feedback_requests(id) ON DELETE CASCADE,
  received_on TEXT,
  text TEXT,
  themes TEXT NOT NULL DEFAULT '[]',
  surprise INTEGER,
  action TEXT
);

CREATE TABLE reasons (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  text TEXT,
  source TEXT,
  control TEXT
);

CREATE TABLE work_values (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT,
  weight INTEGER,
  position INTEGER
);

CREATE TABLE fit_ratings (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  value_id INTEGER REFERENCES work_values(id) ON DELETE CASCADE,
  rating INTEGER,
  UNIQUE (process_id, value_id)
);

CREATE TABLE target_roles (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  role TEXT,
  category TEXT,
  seniority TEXT,
  company_type TEXT,
  must_haves TEXT NOT NULL DEFAULT '[]',
  deal_breakers TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE questions (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  process_id INTEGER REFERENCES processes(id) ON DELETE CASCADE,
  stage_id INTEGER REFERENCES stages(id) ON DELETE CASCADE,
  text TEXT,
  category TEXT,
  answered_then TEXT
);

CREATE TABLE answer_versions (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id) ON DELETE CASCADE,
  situation TEXT,
  task TEXT,
  action TEXT,
  result TEXT,
  learned TEXT
);

CREATE TABLE practice_cards (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id) ON DELETE CASCADE,
  card TEXT,
  due_at TEXT,
  UNIQUE (question_id)
);

CREATE TABLE practice_reviews (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  question_id INTEGER REFERENCES questions(id) ON DELETE CASCADE,
  reviewed_at TEXT,
  rating INTEGER,
  confidence INTEGER
);

CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  title TEXT,
  specific TEXT,
  measure TEXT,
  deadline TEXT,
  source TEXT,
  source_id INTEGER,
  resources TEXT,
  progress INTEGER,
  status TEXT
);

CREATE TABLE learning_sessions (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  goal_id INTEGER REFERENCES goals(id) ON DELETE CASCADE,
  held_on TEXT,
  minutes INTEGER,
  note TEXT
);

CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  name TEXT,
  sources TEXT
);

CREATE TABLE topic_notes (
  id INTEGER PRIMARY KEY,
  rev INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  topic_id INTEGER REFERENCES topics(id) ON DELETE CASCADE,
  noted_on TEXT,
  text TEXT
);

CREATE INDEX process_events_process_id ON process_events(process_id);

CREATE INDEX stages_process_id ON stages(process_id);

CREATE INDEX preparations_process_id ON preparations(process_id);

CREATE INDEX reflections_stage_id ON reflections(stage_id);

CREATE INDEX takeaways_process_id ON takeaways(process_id);

CREATE INDEX feedback_requests_process_id ON feedback_requests(process_id);

CREATE INDEX feedback_points_process_id ON feedback_points(process_id);

CREATE INDEX feedback_points_request_id ON feedback_points(request_id);

CREATE INDEX reasons_process_id ON reasons(process_id);

CREATE INDEX fit_ratings_process_id ON fit_ratings(process_id);

CREATE INDEX fit_ratings_value_id ON fit_ratings(value_id);

CREATE INDEX questions_process_id ON questions(process_id);

CREATE INDEX questions_stage_id ON questions(stage_id);

CREATE INDEX answer_versions_question_id ON answer_versions(question_id);

CREATE INDEX practice_cards_question_id ON practice_cards(question_id);

CREATE INDEX practice_reviews_question_id ON practice_reviews(question_id);

CREATE INDEX learning_sessions_goal_id ON learning_sessions(goal_id);

CREATE INDEX topic_notes_topic_id ON topic_notes(topic_id);

CREATE INDEX practice_cards_due ON practice_cards(due_at);

CREATE INDEX feedback_requests_follow_up ON feedback_requests(follow_up_on);
