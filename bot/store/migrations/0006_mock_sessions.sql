-- Group mock interviews (live rounds now, peer pairs next) on one session core.
--
-- 1. Sessions: a kind, a version for optimistic concurrency (every state change is
--    `UPDATE ... WHERE version = ?`, so the database, not a process, decides which writer
--    wins), the round open for answers (an answer is accepted by a conditional update on
--    it), and a slot 1..3 that caps running sessions per server by a unique index.
--    Sessions left running by older code have no engine that could finish them: end them.
UPDATE mock_sessions SET status = 'abandoned', finished_at = updated_at WHERE status IN ('lobby', 'running');
ALTER TABLE mock_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'rounds' CHECK (kind IN ('rounds', 'pair'));
ALTER TABLE mock_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mock_sessions ADD COLUMN open_round INTEGER;
ALTER TABLE mock_sessions ADD COLUMN slot INTEGER CHECK (slot BETWEEN 1 AND 3);
CREATE UNIQUE INDEX mock_sessions_running_slot
    ON mock_sessions (guild_id, slot) WHERE status IN ('lobby', 'running') AND slot IS NOT NULL;
DROP INDEX mock_sessions_by_thread;
CREATE UNIQUE INDEX mock_sessions_one_per_thread
    ON mock_sessions (thread_id) WHERE status IN ('lobby', 'running') AND thread_id IS NOT NULL;

-- 2. Participants: a 'player' role for live rounds, and `active` (1 while the session
--    runs, NULL after) with the server id, so "one running session per member" is a unique
--    index. A CHECK cannot be altered in SQLite: the table is rebuilt, rows kept.
CREATE TABLE mock_participants_new (
    session_id INTEGER NOT NULL REFERENCES mock_sessions (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    guild_id   INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('player', 'candidate', 'interviewer')),
    active     INTEGER CHECK (active = 1),
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
INSERT INTO mock_participants_new (session_id, user_id, guild_id, role, active, joined_at)
    SELECT p.session_id, p.user_id, s.guild_id, p.role, NULL, p.joined_at
    FROM mock_participants AS p JOIN mock_sessions AS s ON s.id = p.session_id;
DROP TABLE mock_participants;
ALTER TABLE mock_participants_new RENAME TO mock_participants;
CREATE UNIQUE INDEX mock_participants_one_session ON mock_participants (guild_id, user_id) WHERE active = 1;

-- 3. Answers: what the reveal and the standings need without grading again (the grade,
--    the points with the streak behind them, the time taken, the option picked, the key
--    points missed as indices into the question's list) and the attempt it recorded.
ALTER TABLE mock_answers ADD COLUMN score REAL NOT NULL DEFAULT 0;
ALTER TABLE mock_answers ADD COLUMN passed INTEGER NOT NULL DEFAULT 0 CHECK (passed IN (0, 1));
ALTER TABLE mock_answers ADD COLUMN points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0);
ALTER TABLE mock_answers ADD COLUMN streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mock_answers ADD COLUMN elapsed_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mock_answers ADD COLUMN choice INTEGER;
ALTER TABLE mock_answers ADD COLUMN missed TEXT NOT NULL DEFAULT '[]';
ALTER TABLE mock_answers ADD COLUMN attempt_id INTEGER REFERENCES attempts (id) ON DELETE SET NULL;
