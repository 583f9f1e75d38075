-- Opt-in reminders by direct message, and streak roles.
--
-- A member's reminder settings in one server. The next review slot is kept precomputed
-- (review_next_at, indexed), so a scheduler tick is one range scan however many members
-- opted in; the local-time maths (DST) happens once per slot, not once per tick.
CREATE TABLE reminder_prefs (
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    dm_channel_id    INTEGER NOT NULL,               -- the member's DM channel, resolved at opt-in
    channel_id       INTEGER,                        -- where they ran /remind (the DM's link, failing better)
    reviews_on       INTEGER NOT NULL DEFAULT 0 CHECK (reviews_on IN (0, 1)),
    review_hour      INTEGER NOT NULL DEFAULT 18 CHECK (review_hour BETWEEN 0 AND 23),
    review_zone      TEXT,                           -- the zone the slot below was computed in
    review_day       TEXT,                           -- the local date of the next slot
    review_next_at   INTEGER,                        -- when it opens; NULL while reviews are off
    review_closes_at INTEGER,                        -- the end of that local day: missed past it, skipped
    streak_on        INTEGER NOT NULL DEFAULT 0 CHECK (streak_on IN (0, 1)),
    disabled_reason  TEXT,                           -- why the bot turned them off (DMs closed, left)
    disabled_at      INTEGER,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX reminder_prefs_review_due ON reminder_prefs (review_next_at) WHERE review_next_at IS NOT NULL;
CREATE INDEX reminder_prefs_streak ON reminder_prefs (guild_id) WHERE streak_on = 1 AND disabled_reason IS NULL;
CREATE INDEX reminder_prefs_by_user ON reminder_prefs (user_id);

-- One row per reminder chosen: the claim, committed before anything is sent. Its key is
-- the member, the kind and the local day, so a day never gets two of a kind, whatever
-- ticks race or restart. The sender leases a row before sending and records the outcome.
CREATE TABLE reminder_sends (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('reviews', 'streak')),
    local_date   TEXT    NOT NULL,
    post_id      INTEGER,                            -- streak: the daily post at risk
    chosen_at    INTEGER NOT NULL,
    next_try_at  INTEGER NOT NULL,
    lease_until  INTEGER,                            -- a sender is on it until then
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_try_at  INTEGER,                            -- set before each send: after a crash, look first
    sent_at      INTEGER,
    message_id   INTEGER,
    outcome      TEXT,                               -- NULL while pending: 'sent', 'skipped: ...', 'refused: ...'
    PRIMARY KEY (guild_id, user_id, kind, local_date)
);
CREATE INDEX reminder_sends_pending ON reminder_sends (next_try_at) WHERE outcome IS NULL;
CREATE INDEX reminder_sends_by_user ON reminder_sends (user_id);
CREATE INDEX reminder_sends_age ON reminder_sends (chosen_at);

-- A server's streak reminders for one local day were chosen: later ticks skip that day.
CREATE TABLE reminder_runs (
    guild_id   INTEGER NOT NULL,
    local_date TEXT    NOT NULL,
    chosen_at  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, local_date)
);

-- Roles a server hands out for daily streaks, and the ones the bot granted.
CREATE TABLE streak_roles (
    guild_id   INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    days       INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
    error      TEXT,                                 -- why granting stopped (a lost permission)
    error_at   INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, role_id),
    UNIQUE (guild_id, days)
);

CREATE TABLE streak_role_members (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, role_id)
);
