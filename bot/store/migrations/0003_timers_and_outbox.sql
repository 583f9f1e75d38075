-- Durable timers and the outbox: what makes deadlines and public posts survive a restart.
--
-- A timer is a row a scheduler fires once: its handler deletes it in the same write as the
-- state change it causes, so a crash either leaves both undone (it fires again) or both done.
CREATE TABLE timers (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,               -- which handler fires it, e.g. 'mock.round'
    key        TEXT    NOT NULL UNIQUE,        -- what it is about: rescheduling replaces it
    due_at     INTEGER NOT NULL,
    payload    TEXT    NOT NULL DEFAULT '{}',  -- JSON the handler needs
    attempts   INTEGER NOT NULL DEFAULT 0,     -- failed firings, for back-off
    created_at INTEGER NOT NULL
);
CREATE INDEX timers_due ON timers (due_at);

-- A public post (or an edit of one) written in the same transaction as the state change
-- that causes it; one sender delivers them in order and records the message id. The key
-- makes enqueueing idempotent and names the post for edits and for Discord's nonce.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    key          TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,               -- which renderer builds the message
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,               -- a thread's id is a channel id
    action       TEXT    NOT NULL CHECK (action IN ('send', 'edit')),
    target_key   TEXT,                           -- edit: the key of the post it edits
    payload      TEXT    NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    next_try_at  INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,     -- sends tried: a retry after long looks first
    last_try_at  INTEGER,
    sent_at      INTEGER,
    message_id   INTEGER,
    failed       TEXT,                           -- why it will never be sent (403, 404, ...)
    CHECK ((action = 'edit') = (target_key IS NOT NULL))
);
CREATE INDEX outbox_pending ON outbox (next_try_at, id) WHERE sent_at IS NULL AND failed IS NULL;
CREATE INDEX outbox_by_guild ON outbox (guild_id);
