-- Peer mock interviews (kind 'pair' on the group-session core): two members take turns as
-- interviewer and candidate. Roles, turns and phase live in the session's versioned state;
-- what each member said, scored or wrote lives in rows of its own, one owner per row, so
-- that /privacy delete-my-data removes one member's part and leaves the partner's.

-- One row per question asked, owned by its candidate (user_id): the written answer, when
-- there was one, with the bot's grade of it as a second opinion, and the interviewer's
-- marks per key point, grade 0..4 and note. The attempt it recorded (0 points: peer scores
-- stay off the leaderboards) is linked so the two can be read together.
CREATE TABLE mock_pair_turns (
    session_id     INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    turn           INTEGER NOT NULL CHECK (turn >= 1),
    user_id        INTEGER NOT NULL,
    interviewer_id INTEGER NOT NULL,
    question_id    TEXT    NOT NULL,
    answer         TEXT,
    answered_at    INTEGER,
    bot_score      REAL    CHECK (bot_score BETWEEN 0 AND 1),
    bot_passed     INTEGER CHECK (bot_passed IN (0, 1)),
    marks          TEXT,
    grade          INTEGER CHECK (grade BETWEEN 0 AND 4),
    note           TEXT,
    scored_at      INTEGER,
    attempt_id     INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
    PRIMARY KEY (session_id, turn)
);
CREATE INDEX mock_pair_turns_by_member ON mock_pair_turns (user_id);

-- Blind feedback, one per member per session: written by user_id about about_id.
CREATE TABLE mock_pair_feedback (
    session_id    INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    about_id      INTEGER NOT NULL,
    communication INTEGER NOT NULL CHECK (communication BETWEEN 1 AND 5),
    depth         INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 5),
    clarity       INTEGER NOT NULL CHECK (clarity BETWEEN 1 AND 5),
    strength      TEXT    NOT NULL,
    improve       TEXT    NOT NULL,
    sent_at       INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX mock_pair_feedback_about ON mock_pair_feedback (about_id);
