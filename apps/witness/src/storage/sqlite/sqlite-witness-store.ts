import Database from 'better-sqlite3';
import type { Equivocation, WitnessLogState } from '@truce/core';
import {
  base64Decode,
  base64Encode,
  bytesEqual,
  parseCheckpoint,
  parseNote,
} from '@truce/core';
import type {
  StoredEquivocation,
  StoredLogState,
  WitnessStore,
  WitnessStoreTx,
} from '../witness-store.js';
import { WitnessStoreError } from '../witness-store.js';
import { MIGRATIONS } from './schema.js';

export type SqliteWitnessStoreOptions = {
  /** A file path, or ':memory:' for tests. */
  path: string;
};

type LogRow = {
  origin: string;
  size: number;
  root: Uint8Array;
  note: string;
  timestamp: number;
  cosignature: string;
};
type CosignedRow = {
  size: number;
  root: Uint8Array;
  note: string;
  timestamp: number;
};
type EquivocationRow = {
  id: number;
  origin: string;
  kind: Equivocation['kind'];
  detected_at: number;
  previous_note: string;
  new_note: string;
  proof: string | null;
  refuted: number;
};

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function toBytes(value: Uint8Array): Uint8Array {
  // better-sqlite3 returns Buffers; hand out plain Uint8Arrays (core's type).
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function logState(row: LogRow): StoredLogState {
  return {
    origin: row.origin,
    size: row.size,
    rootHash: toBytes(row.root),
    note: row.note,
    timestamp: row.timestamp,
    cosignature: row.cosignature,
  };
}

function rowToEquivocation(row: EquivocationRow): StoredEquivocation {
  return {
    id: row.id,
    kind: row.kind,
    origin: row.origin,
    detectedAt: row.detected_at,
    previousNote: row.previous_note,
    newNote: row.new_note,
    ...(row.proof === null
      ? {}
      : {
          proof:
            row.proof === '' ? [] : row.proof.split('\n').map(base64Decode),
        }),
    refuted: row.refuted !== 0,
  };
}

/**
 * The witness state in one SQLite file: WAL with `synchronous=FULL`, so a
 * committed decision survives a process kill and a power cut. Every
 * decision runs in a `BEGIN IMMEDIATE` transaction, which also serialises
 * witness processes that share the file.
 */
export function createSqliteWitnessStore(
  options: SqliteWitnessStoreOptions
): WitnessStore {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    latest: db.prepare('SELECT * FROM logs WHERE origin = ?'),
    listLogs: db.prepare('SELECT * FROM logs ORDER BY origin'),
    upsertLog: db.prepare(
      `INSERT INTO logs (origin, size, root, note, timestamp, cosignature)
       VALUES (@origin, @size, @root, @note, @timestamp, @cosignature)
       ON CONFLICT (origin) DO UPDATE SET size = excluded.size,
         root = excluded.root, note = excluded.note,
         timestamp = excluded.timestamp, cosignature = excluded.cosignature`
    ),
    cosignedAt: db.prepare(
      'SELECT size, root, note, timestamp FROM cosigned WHERE origin = ? AND size = ?'
    ),
    insertCosigned: db.prepare(
      `INSERT INTO cosigned (origin, size, root, note, timestamp)
       VALUES (?, ?, ?, ?, ?)`
    ),
    insertEquivocation: db.prepare(
      `INSERT INTO equivocations (origin, kind, detected_at, previous_note,
         new_note, new_size, new_root, proof)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (origin, kind, previous_note, new_note) DO NOTHING`
    ),
    listEquivocations: db.prepare(
      `SELECT e.id, e.origin, e.kind, e.detected_at, e.previous_note,
         e.new_note, e.proof,
         EXISTS (SELECT 1 FROM cosigned c WHERE c.origin = e.origin
           AND c.size = e.new_size AND c.root = e.new_root) AS refuted
       FROM equivocations e ORDER BY e.id`
    ),
  };

  const tx: WitnessStoreTx = {
    latest(origin) {
      const row = q.latest.get(origin) as LogRow | undefined;
      return row === undefined ? undefined : logState(row);
    },
    cosignedAt(origin, size): WitnessLogState | undefined {
      const row = q.cosignedAt.get(origin, size) as CosignedRow | undefined;
      if (row === undefined) return undefined;
      return {
        size: row.size,
        rootHash: toBytes(row.root),
        note: row.note,
        timestamp: row.timestamp,
      };
    },
    recordCosigned(state) {
      const latest = tx.latest(state.origin);
      if (latest !== undefined && latest.size > state.size) {
        throw new WitnessStoreError(
          'STORE_FORK_REFUSED',
          `${state.origin}: size ${state.size} would roll back ${latest.size}`
        );
      }
      const earlier = tx.cosignedAt(state.origin, state.size);
      if (earlier === undefined) {
        q.insertCosigned.run(
          state.origin,
          state.size,
          state.rootHash,
          state.note,
          state.timestamp
        );
      } else if (!bytesEqual(earlier.rootHash, state.rootHash)) {
        throw new WitnessStoreError(
          'STORE_FORK_REFUSED',
          `${state.origin}: another root was cosigned at size ${state.size}`
        );
      }
      q.upsertLog.run({
        origin: state.origin,
        size: state.size,
        root: state.rootHash,
        note: state.note,
        timestamp: state.timestamp,
        cosignature: state.cosignature,
      });
    },
    recordEquivocation(equivocation, detectedAt) {
      const { size, rootHash } = parseCheckpoint(
        parseNote(equivocation.newNote).text
      );
      q.insertEquivocation.run(
        equivocation.origin,
        equivocation.kind,
        detectedAt,
        equivocation.previousNote,
        equivocation.newNote,
        size,
        rootHash,
        equivocation.proof === undefined
          ? null
          : equivocation.proof.map(base64Encode).join('\n')
      );
    },
  };

  return {
    transaction: (fn) => db.transaction(() => fn(tx)).immediate(),
    listLogs: () => (q.listLogs.all() as LogRow[]).map(logState),
    listEquivocations: () =>
      (q.listEquivocations.all() as EquivocationRow[]).map(rowToEquivocation),
    close: () => db.close(),
  };
}
