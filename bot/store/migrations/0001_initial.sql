-- The schema for the whole product: solo interviews, reviews, dailies, leaderboards and
-- group mock interviews. Times are Unix epoch milliseconds (UTC) so that period filters
-- are integer range scans; local dates (a daily's day) are ISO 'YYYY-MM-DD' text.
-- guild_id 0 is the terminal: `interview-bot practice` records under it.

CREATE TABLE bot_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE guild_settings (
    guild_id           INTEGER PRIMARY KEY,
    timezone           TEXT    NOT NULL DEFAULT 'UTC',
    open_time_limit    INTEGER NOT NULL DEFAULT 300 CHECK (open_time_limit BETWEEN 30 AND 3600),
    choice_time_limit  INTEGER NOT NULL DEFAULT 60  CHECK (choice_time_limit BETWEEN 10 AND 600),
    updated_at         INTEGER NOT NULL
);

-- Per-member preferences in one server; absent means defaults.
CREATE TABLE member_settings (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- A solo interview (or review run) and its serialised engine state, so a restart
-- resumes it. At most one active per member per server.
CREATE TABLE interview_sessions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('interview', 'review')),
    status      TEXT    NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
    state       TEXT    NOT NULL,
    channel_id  INTEGER,
    thread_id   INTEGER,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE UNIQUE INDEX interview_sessions_one_active
    ON interview_sessions (guild_id, user_id) WHERE status = 'active';

-- The daily question: one configuration per server, one post per server and local day.
CREATE TABLE daily_configs (
    guild_id           INTEGER PRIMARY KEY,
    channel_id         INTEGER NOT NULL,
    post_time          TEXT    NOT NULL CHECK (post_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    timezone           TEXT    NOT NULL,
    topic              TEXT,
    difficulty         TEXT CHECK (difficulty IN ('easy', 'medium', 'hard')),
    reveal_after_hours INTEGER NOT NULL DEFAULT 20 CHECK (reveal_after_hours BETWEEN 1 AND 23),
    paused             INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    last_error         TEXT,
    last_error_at      INTEGER,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE daily_posts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,
    question_id TEXT    NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,
    posted_at   INTEGER NOT NULL,
    reveal_at   INTEGER NOT NULL,
    revealed_at INTEGER,
    UNIQUE (guild_id, local_date)
);
CREATE INDEX daily_posts_by_question ON daily_posts (guild_id, question_id);
CREATE INDEX daily_posts_reveal_due ON daily_posts (reveal_at) WHERE revealed_at IS NULL;

CREATE TABLE daily_streaks (
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    current         INTEGER NOT NULL DEFAULT 0,
    best            INTEGER NOT NULL DEFAULT 0,
    last_local_date TEXT,
    PRIMARY KEY (guild_id, user_id)
);

-- Group mock interviews: a host runs rounds in a thread; answers stay private until
-- the host reveals the round.
CREATE TABLE mock_sessions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    thread_id   INTEGER,
    host_id     INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('lobby', 'running', 'finished', 'abandoned')),
    state       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX mock_sessions_by_thread ON mock_sessions (thread_id);

CREATE TABLE mock_participants (
    session_id INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('candidate', 'interviewer')),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE mock_answers (
    session_id   INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    round        INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    question_id  TEXT    NOT NULL,
    answer       TEXT    NOT NULL,
    submitted_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, round, user_id)
);

-- Every graded answer, whatever the mode. This is the table leaderboards read.
CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    question_id      TEXT    NOT NULL,
    topic            TEXT    NOT NULL,
    difficulty       TEXT    NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    mode             TEXT    NOT NULL CHECK (mode IN ('interview', 'daily', 'mock')),
    score            REAL    NOT NULL CHECK (score BETWEEN 0 AND 1),
    passed           INTEGER NOT NULL CHECK (passed IN (0, 1)),
    points           INTEGER NOT NULL CHECK (points >= 0),
    hinted           INTEGER NOT NULL DEFAULT 0 CHECK (hinted IN (0, 1)),
    late             INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    answered_at      INTEGER NOT NULL,
    elapsed_ms       INTEGER,
    interview_id     INTEGER REFERENCES interview_sessions (id) ON DELETE SET NULL,
    daily_post_id    INTEGER REFERENCES daily_posts (id) ON DELETE SET NULL,
    mock_session_id  INTEGER REFERENCES mock_sessions (id) ON DELETE SET NULL
);
-- Leaderboards by period: a range scan on (guild, time) that covers what they sum.
CREATE INDEX attempts_board
    ON attempts (guild_id, answered_at, user_id, points, passed);
CREATE INDEX attempts_board_topic
    ON attempts (guild_id, topic, answered_at, user_id, points, passed);
-- A member's own history (/stats, "not seen lately", export, deletion).
CREATE INDEX attempts_member
    ON attempts (guild_id, user_id, answered_at);
-- One daily answer per member per post, enforced by the database, not only by a check.
CREATE UNIQUE INDEX attempts_one_daily_answer
    ON attempts (daily_post_id, user_id) WHERE daily_post_id IS NOT NULL;

-- Spaced review of missed questions (FSRS card state as JSON, due time indexed).
CREATE TABLE review_cards (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    card        TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    reviews     INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, question_id)
);
CREATE INDEX review_cards_due ON review_cards (guild_id, user_id, due_at);
