/**
 * The SQLite schema, applied in order; `PRAGMA user_version` records how
 * many migrations ran. Append new migrations, never edit old ones.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE entries (
    idx   INTEGER PRIMARY KEY,
    bytes BLOB NOT NULL,
    type  TEXT
  );
  CREATE INDEX entries_by_type ON entries (type) WHERE type IS NOT NULL;

  CREATE TABLE sensor_seq (
    sensor TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;

  CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    root BLOB NOT NULL,
    note TEXT NOT NULL
  );

  CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    hash       BLOB NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
  );
  `,
  `
  CREATE TABLE cosignatures (
    size    INTEGER NOT NULL,
    witness TEXT NOT NULL,
    line    TEXT NOT NULL,
    PRIMARY KEY (size, witness)
  ) WITHOUT ROWID;
  `,
  // A guarantor token acts for one coalition member (ISO 3166-1 alpha-3);
  // tokens made before have none, and NULL says so.
  `
  ALTER TABLE tokens ADD COLUMN member TEXT;
  `,
];
