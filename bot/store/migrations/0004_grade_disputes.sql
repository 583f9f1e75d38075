-- "Flag this grade": a member disputes the grade of one of their answers, and agrees in the
-- flag form that the answer is kept for rubric authors. This is the only table that keeps a
-- solo or daily answer's text: attempts never do, so nothing is kept without that consent.
--
-- The grade (score, passed), the member and the question are copied from the attempt in the
-- same write, so what authors export is what the member was shown, never what a client sent.
-- One flag per attempt: two submits of the form in flight store one.
CREATE TABLE grade_disputes (
    id          INTEGER PRIMARY KEY,
    attempt_id  INTEGER NOT NULL UNIQUE REFERENCES attempts (id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    mode        TEXT    NOT NULL,
    answer      TEXT    NOT NULL,                 -- empty for a choice answer whose pick is not known
    score       REAL    NOT NULL CHECK (score BETWEEN 0 AND 1),
    passed      INTEGER NOT NULL CHECK (passed IN (0, 1)),
    reason      TEXT    NOT NULL,                 -- what the member says the grader got wrong
    created_at  INTEGER NOT NULL
);
-- A member's own flags (export and deletion); the export reads them oldest first.
CREATE INDEX grade_disputes_member ON grade_disputes (guild_id, user_id);
CREATE INDEX grade_disputes_created ON grade_disputes (created_at, id);
