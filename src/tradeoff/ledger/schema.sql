-- The tradeoff ledger (schema version 1). See store.py for why SQLite.
CREATE TABLE samples (
    key TEXT PRIMARY KEY,              -- sha256 of (backend identity, prompt, sampling params, sample index)
    backend TEXT NOT NULL,             -- engine + model file + adapter, as the backend names itself
    request_json TEXT NOT NULL,        -- the full request identity the key was computed from
    text TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    prefill_tokens INTEGER NOT NULL,   -- prompt tokens the engine computed for this sample (shared prefill: 0)
    completion_tokens INTEGER NOT NULL,
    finish_reason TEXT NOT NULL CHECK (finish_reason IN ('stop', 'length')),
    token_logprobs_json TEXT,
    seconds REAL NOT NULL,             -- this sample's share of the measured wall time
    seed INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE pools (
    name TEXT PRIMARY KEY,
    spec_json TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE problems (
    pool TEXT NOT NULL REFERENCES pools(name),
    problem_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    solution TEXT,
    metadata_json TEXT NOT NULL,
    PRIMARY KEY (pool, problem_id)
);
CREATE TABLE pool_samples (
    pool TEXT NOT NULL,
    problem_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    key TEXT NOT NULL REFERENCES samples(key),
    PRIMARY KEY (pool, problem_id, sample_index),
    FOREIGN KEY (pool, problem_id) REFERENCES problems(pool, problem_id)
);
CREATE TABLE scores (
    pool TEXT NOT NULL,
    problem_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    scorer TEXT NOT NULL,              -- the task (and its answer projection) that scored it
    answer TEXT,                       -- the extracted final answer, NULL when none was found
    method TEXT NOT NULL CHECK (method IN ('marker', 'fallback', 'none')),
    marker TEXT,
    correct INTEGER NOT NULL,
    truncated INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (pool, problem_id, sample_index, scorer),
    FOREIGN KEY (pool, problem_id, sample_index) REFERENCES pool_samples(pool, problem_id, sample_index)
);
