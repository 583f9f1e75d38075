-- Leaderboards at scale (bench/leaderboard_bench.py has the figures behind each choice).
--
-- 1. Period boards (week, month) group the answers of the period through a covering index.
--    The mode filter needs `mode` in those indexes, else every answer costs a table lookup;
--    appending it keeps one index per shape instead of adding another. /stats reads a
--    member's recent answers with their points, so attempts_member covers those too.
DROP INDEX attempts_board;
CREATE INDEX attempts_board
    ON attempts (guild_id, answered_at, user_id, points, passed, mode);
DROP INDEX attempts_board_topic;
CREATE INDEX attempts_board_topic
    ON attempts (guild_id, topic, answered_at, user_id, points, passed, mode);
DROP INDEX attempts_member;
CREATE INDEX attempts_member
    ON attempts (guild_id, user_id, answered_at, points, passed);

-- 2. All-time boards would group every answer of a server (180k in the bench's largest),
--    so they read running totals instead: one row per member and scope, where scope is
--    '' (everything), 'topic:<slug>', 'mode:<mode>' or 'topic+mode:<slug>:<mode>'.
--    Triggers keep them exact for any writer of `attempts`, so no feature has to
--    remember to update them.
CREATE TABLE board_totals (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    scope    TEXT    NOT NULL,
    points   INTEGER NOT NULL,
    answers  INTEGER NOT NULL CHECK (answers > 0),
    passed   INTEGER NOT NULL,
    last_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, scope)
) WITHOUT ROWID;

-- Backfill from the covering indexes above (a table scan would jump around the file).
INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    SELECT guild_id, user_id, '', SUM(points), COUNT(*), SUM(passed), MAX(answered_at)
    FROM attempts INDEXED BY attempts_member GROUP BY guild_id, user_id;
INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    SELECT guild_id, user_id, 'mode:' || mode, SUM(points), COUNT(*), SUM(passed), MAX(answered_at)
    FROM attempts INDEXED BY attempts_board GROUP BY guild_id, user_id, mode;
INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    SELECT guild_id, user_id, 'topic:' || topic, SUM(points), COUNT(*), SUM(passed), MAX(answered_at)
    FROM attempts INDEXED BY attempts_board_topic GROUP BY guild_id, user_id, topic;
INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    SELECT guild_id, user_id, 'topic+mode:' || topic || ':' || mode, SUM(points), COUNT(*), SUM(passed),
           MAX(answered_at)
    FROM attempts INDEXED BY attempts_board_topic GROUP BY guild_id, user_id, topic, mode;

-- The board order itself (points, then accuracy, then the earlier last answer): a page is
-- a walk of this index, never a sort. Queries must spell the accuracy expression exactly
-- like this for SQLite to use it (bot/store/leaderboard.py: ACCURACY). answers and passed
-- ride along so that counting the members ahead of someone never leaves the index. Built
-- after the backfill: one sort instead of 700k random inserts in the bench's database.
CREATE INDEX board_totals_order
    ON board_totals (guild_id, scope, points DESC, (CAST(passed AS REAL) / answers) DESC, last_at, user_id,
                     answers, passed);

CREATE TRIGGER attempts_totals_insert AFTER INSERT ON attempts
BEGIN
    INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    VALUES (NEW.guild_id, NEW.user_id, '', NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'topic:' || NEW.topic, NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'mode:' || NEW.mode, NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'topic+mode:' || NEW.topic || ':' || NEW.mode, NEW.points, 1, NEW.passed,
            NEW.answered_at)
    ON CONFLICT (guild_id, user_id, scope) DO UPDATE SET
        points = points + excluded.points,
        answers = answers + 1,
        passed = passed + excluded.passed,
        last_at = MAX(last_at, excluded.last_at);
END;

-- A removed answer is subtracted; the last answer time is looked up again only when the
-- removed answer was the last one. Deleting a member's data removes their totals first,
-- which makes this a no-op per row (bot/store/privacy.py).
CREATE TRIGGER attempts_totals_delete AFTER DELETE ON attempts
BEGIN
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND answers <= 1
      AND scope IN ('', 'topic:' || OLD.topic, 'mode:' || OLD.mode, 'topic+mode:' || OLD.topic || ':' || OLD.mode);
    UPDATE board_totals SET
        points = points - OLD.points,
        answers = answers - 1,
        passed = passed - OLD.passed,
        last_at = CASE WHEN last_at > OLD.answered_at THEN last_at ELSE (
            SELECT MAX(a.answered_at) FROM attempts AS a
            WHERE a.guild_id = OLD.guild_id AND a.user_id = OLD.user_id
              AND board_totals.scope IN ('', 'topic:' || a.topic, 'mode:' || a.mode,
                                         'topic+mode:' || a.topic || ':' || a.mode)
        ) END
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND scope IN ('', 'topic:' || OLD.topic, 'mode:' || OLD.mode, 'topic+mode:' || OLD.topic || ':' || OLD.mode);
END;

-- Nothing rewrites an answer today; if something ever does, the totals follow: the old
-- values come off as in a delete (the row itself excluded), the new ones go on as in an insert.
CREATE TRIGGER attempts_totals_update
AFTER UPDATE OF guild_id, user_id, topic, mode, points, passed, answered_at ON attempts
BEGIN
    DELETE FROM board_totals
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND answers <= 1
      AND scope IN ('', 'topic:' || OLD.topic, 'mode:' || OLD.mode, 'topic+mode:' || OLD.topic || ':' || OLD.mode);
    UPDATE board_totals SET
        points = points - OLD.points,
        answers = answers - 1,
        passed = passed - OLD.passed,
        last_at = (
            SELECT MAX(a.answered_at) FROM attempts AS a
            WHERE a.guild_id = OLD.guild_id AND a.user_id = OLD.user_id AND a.id <> NEW.id
              AND board_totals.scope IN ('', 'topic:' || a.topic, 'mode:' || a.mode,
                                         'topic+mode:' || a.topic || ':' || a.mode)
        )
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND scope IN ('', 'topic:' || OLD.topic, 'mode:' || OLD.mode, 'topic+mode:' || OLD.topic || ':' || OLD.mode);
    INSERT INTO board_totals (guild_id, user_id, scope, points, answers, passed, last_at)
    VALUES (NEW.guild_id, NEW.user_id, '', NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'topic:' || NEW.topic, NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'mode:' || NEW.mode, NEW.points, 1, NEW.passed, NEW.answered_at),
           (NEW.guild_id, NEW.user_id, 'topic+mode:' || NEW.topic || ':' || NEW.mode, NEW.points, 1, NEW.passed,
            NEW.answered_at)
    ON CONFLICT (guild_id, user_id, scope) DO UPDATE SET
        points = points + excluded.points,
        answers = answers + 1,
        passed = passed + excluded.passed,
        last_at = MAX(last_at, excluded.last_at);
END;
