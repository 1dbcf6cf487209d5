-- Schema version 1: profiles, token history, the renewal journal, reminders.
CREATE TABLE profiles (
    id              TEXT PRIMARY KEY,           -- UUID, also the keychain key
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    hub_url         TEXT NOT NULL,
    scim_url        TEXT NOT NULL,
    token_url       TEXT NOT NULL DEFAULT '',   -- API mode exactly when set
    client_id       TEXT NOT NULL,
    okta_org_url    TEXT NOT NULL DEFAULT '',
    okta_admin_url  TEXT NOT NULL DEFAULT '',
    okta_app_id     TEXT NOT NULL DEFAULT '',
    okta_app_name   TEXT NOT NULL DEFAULT '',
    okta_cred_kind  TEXT NOT NULL DEFAULT '',   -- '', 'ssws', 'service_app'
    okta_client_id  TEXT NOT NULL DEFAULT '',   -- service app client id (not secret)
    okta_key_id     TEXT NOT NULL DEFAULT '',
    remind_months   INTEGER NOT NULL DEFAULT 1, -- first reminder: this many months before expiry
    remind_days     TEXT NOT NULL DEFAULT '14,7,1',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE tokens (
    id              INTEGER PRIMARY KEY,
    profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    fingerprint     TEXT NOT NULL,              -- hex SHA-256 of the token, never the token
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    expiry_source   TEXT NOT NULL,
    verified_at     INTEGER,
    installed_at    INTEGER,
    install_method  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending','current','previous','superseded','expired','abandoned')),
    health_result   TEXT NOT NULL DEFAULT '',
    health_message  TEXT NOT NULL DEFAULT '',
    health_at       INTEGER
);
CREATE INDEX tokens_profile ON tokens(profile_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX tokens_one_current ON tokens(profile_id) WHERE status = 'current';

CREATE TABLE renewals (
    id              INTEGER PRIMARY KEY,
    profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    state           TEXT NOT NULL CHECK (state IN ('started','creating','created','verified','installed','done','cancelled')),
    mode            TEXT NOT NULL,
    token_id        INTEGER REFERENCES tokens(id),
    started_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    last_error      TEXT NOT NULL DEFAULT '',
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX renewals_one_open ON renewals(profile_id) WHERE state NOT IN ('done','cancelled');

CREATE TABLE reminders (
    id              INTEGER PRIMARY KEY,
    token_id        INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    fired_at        INTEGER,
    snoozed_until   INTEGER,
    dismissed_at    INTEGER,
    UNIQUE (token_id, kind)
);
CREATE INDEX reminders_due ON reminders(due_at) WHERE fired_at IS NULL AND dismissed_at IS NULL;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
