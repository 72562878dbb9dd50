/**
 * The witness's SQLite schema, applied in order; `PRAGMA user_version`
 * records how many migrations ran. Append new migrations, never edit old
 * ones.
 */
export const MIGRATIONS: readonly string[] = [
  `
  -- The latest cosigned checkpoint per log: what tlog-witness requires a
  -- witness to keep, and what it checks every request against.
  CREATE TABLE logs (
    origin      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL CHECK (size >= 0),
    root        BLOB NOT NULL CHECK (length(root) = 32),
    note        TEXT NOT NULL,
    timestamp   INTEGER NOT NULL CHECK (timestamp >= 0),
    cosignature TEXT NOT NULL
  ) STRICT;

  -- Every size ever cosigned, once: the primary key is the second guard
  -- (after the decision) against cosigning two roots for one size, and the
  -- history finds forks below the latest size.
  CREATE TABLE cosigned (
    origin    TEXT NOT NULL,
    size      INTEGER NOT NULL,
    root      BLOB NOT NULL CHECK (length(root) = 32),
    note      TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (origin, size)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER cosigned_no_update BEFORE UPDATE ON cosigned
    BEGIN SELECT RAISE(ABORT, 'cosigned checkpoints are immutable'); END;
  CREATE TRIGGER cosigned_no_delete BEFORE DELETE ON cosigned
    BEGIN SELECT RAISE(ABORT, 'cosigned checkpoints are immutable'); END;

  -- Evidence against a log: two log-signed notes, kept once each.
  CREATE TABLE equivocations (
    id            INTEGER PRIMARY KEY,
    origin        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN
                    ('same-size-different-root', 'consistency-proof-failed')),
    detected_at   INTEGER NOT NULL,
    previous_note TEXT NOT NULL,
    new_note      TEXT NOT NULL,
    new_size      INTEGER NOT NULL,
    new_root      BLOB NOT NULL,
    proof         TEXT,
    UNIQUE (origin, kind, previous_note, new_note)
  ) STRICT;
  `,
];
