-- Tables added to schema version 1 after it shipped, and tables of later stages: created IF NOT EXISTS
-- every time a ledger is opened (Ledger.open), so ledgers made before they existed gain them.
CREATE TABLE IF NOT EXISTS verifier_scores (
    pool TEXT NOT NULL,
    problem_id TEXT NOT NULL,
    sample_index INTEGER NOT NULL,
    verifier TEXT NOT NULL,            -- the verifier's identity: name and settings, e.g. self_certainty:mean
    score REAL NOT NULL,               -- higher is better
    tokens INTEGER NOT NULL,           -- tokens the verifier spent on this sample (0 for oracle, self_certainty)
    created_at TEXT NOT NULL,
    PRIMARY KEY (pool, problem_id, sample_index, verifier),
    FOREIGN KEY (pool, problem_id, sample_index) REFERENCES pool_samples(pool, problem_id, sample_index)
);
-- Search strategies (tradeoff search): one row per search, per (problem, strategy, budget) result and per node.
CREATE TABLE IF NOT EXISTS searches (
    name TEXT PRIMARY KEY, spec_json TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS search_results (
    search TEXT NOT NULL, problem_id TEXT NOT NULL, strategy TEXT NOT NULL, budget INTEGER NOT NULL,
    position INTEGER NOT NULL, text TEXT NOT NULL, answer TEXT, method TEXT NOT NULL, gold TEXT NOT NULL,
    correct INTEGER NOT NULL, samples INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL, prefill_tokens INTEGER NOT NULL, verifier_tokens INTEGER NOT NULL,
    seconds REAL NOT NULL, verifier_seconds REAL NOT NULL, generations INTEGER NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (search, problem_id, strategy, budget)
);
CREATE TABLE IF NOT EXISTS search_nodes (
    search TEXT NOT NULL, problem_id TEXT NOT NULL, strategy TEXT NOT NULL, budget INTEGER NOT NULL,
    node INTEGER NOT NULL, parent INTEGER, depth INTEGER NOT NULL, text TEXT NOT NULL,
    completion_tokens INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, prefill_tokens INTEGER NOT NULL,
    seconds REAL NOT NULL, finish_reason TEXT NOT NULL, seed INTEGER, terminal INTEGER NOT NULL,
    score REAL, step_scores_json TEXT, verifier_tokens INTEGER NOT NULL, final INTEGER NOT NULL,
    chosen INTEGER NOT NULL,
    PRIMARY KEY (search, problem_id, strategy, budget, node)
);
-- Experiment stages done or failed (tradeoff run): kind:name, the content key, status.
CREATE TABLE IF NOT EXISTS experiment_stages (
    stage TEXT PRIMARY KEY,            -- kind:name, e.g. pool:base.arithmetic.t0.7
    key TEXT NOT NULL,                 -- sha256 of the stage's settings and of the stages it reads
    status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    error TEXT,
    seconds REAL NOT NULL,
    finished_at TEXT NOT NULL
);
