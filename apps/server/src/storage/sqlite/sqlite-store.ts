import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { NodeId, StoredNode } from '@truce/core';
import { bytesEqual } from '@truce/core';
import { isRole } from '@truce/protocol';
import type {
  LogStore,
  NewEntry,
  StoredCheckpoint,
  StoredToken,
} from '../store.js';
import { StoreError } from '../store.js';
import { createFileSync } from './file-sync.js';
import { MIGRATIONS } from './schema.js';

export type SqliteStoreOptions = {
  /** A file path, or ':memory:' for tests. */
  path: string;
};

type CheckpointRow = { size: number; root: Uint8Array; note: string };
type TokenRow = {
  id: string;
  role: string;
  label: string;
  created_ms: number;
  revoked: number;
  member: string | null;
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

function rowToToken(row: TokenRow): StoredToken {
  if (!isRole(row.role)) {
    throw new Error(`token ${row.id} has an unknown role ${row.role}`);
  }
  return {
    id: row.id,
    role: row.role,
    label: row.label,
    createdAtMs: row.created_ms,
    revoked: row.revoked !== 0,
    ...(row.member === null ? {} : { member: row.member }),
  };
}

/**
 * The embedded store: one SQLite file in WAL mode. Every write method
 * resolves only once its transaction survives a process kill and a power
 * cut. SQLite runs with `synchronous=NORMAL`, so COMMIT only writes the WAL,
 * and the method then fsyncs the WAL on the thread pool before it resolves:
 * as durable as `synchronous=FULL`, without blocking the event loop, and the
 * commits made meanwhile share the next fsync.
 */
export function createSqliteStore(options: SqliteStoreOptions): LogStore {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  db.pragma('synchronous = NORMAL');
  const walSync =
    options.path === ':memory:'
      ? { sync: async () => {}, close: async () => {} }
      : createFileSync(`${options.path}-wal`);
  const syncWal = walSync.sync;

  const q = {
    count: db.prepare('SELECT COUNT(*) AS n FROM entries').pluck(),
    maxIdx: db.prepare('SELECT MAX(idx) AS n FROM entries').pluck(),
    insertEntry: db.prepare(
      'INSERT INTO entries (idx, bytes, type) VALUES (?, ?, ?)'
    ),
    upsertSeq: db.prepare(
      `INSERT INTO sensor_seq (sensor, seq) VALUES (?, ?)
       ON CONFLICT (sensor) DO UPDATE SET seq = MAX(seq, excluded.seq)`
    ),
    readEntries: db.prepare(
      'SELECT idx, bytes FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx'
    ),
    lastSeqs: db.prepare('SELECT sensor, seq FROM sensor_seq'),
    readNode: db
      .prepare('SELECT hash FROM nodes WHERE level = ? AND idx = ?')
      .pluck(),
    insertNode: db.prepare(
      'INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
    ),
    insertCheckpoint: db.prepare(
      'INSERT INTO checkpoints (size, root, note) VALUES (?, ?, ?)'
    ),
    checkpointAt: db.prepare(
      'SELECT size, root, note FROM checkpoints WHERE size = ?'
    ),
    latestCheckpoint: db.prepare(
      'SELECT size, root, note FROM checkpoints ORDER BY size DESC LIMIT 1'
    ),
    addCosignature: db.prepare(
      'INSERT OR IGNORE INTO cosignatures (size, witness, line) VALUES (?, ?, ?)'
    ),
    cosignaturesAt: db.prepare(
      'SELECT witness, line FROM cosignatures WHERE size = ? ORDER BY witness'
    ),
    cosignedSizes: db.prepare(
      'SELECT witness, MAX(size) AS size FROM cosignatures GROUP BY witness'
    ),
    checkpointSizes: db
      .prepare('SELECT size FROM checkpoints ORDER BY size DESC LIMIT ?')
      .pluck(),
    insertToken: db.prepare(
      `INSERT INTO tokens (id, hash, role, label, created_ms, revoked, member)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ),
    tokenByHash: db.prepare(
      'SELECT id, role, label, created_ms, revoked, member FROM tokens WHERE hash = ?'
    ),
    tokenById: db.prepare('SELECT id FROM tokens WHERE id = ?').pluck(),
    listTokens: db.prepare(
      'SELECT id, role, label, created_ms, revoked, member FROM tokens ORDER BY created_ms, id'
    ),
    revokeToken: db.prepare('UPDATE tokens SET revoked = 1 WHERE id = ?'),
  };

  // Entries committed, and those of them known durable (the sequenced size).
  let written = (q.count.get() as number) ?? 0;
  let sequenced = written;
  const maxIdx = q.maxIdx.get() as number | null;
  if ((maxIdx ?? -1) + 1 !== sequenced) {
    throw new StoreError(
      'STORE_ENTRY_MISSING',
      `entries table has ${sequenced} rows but its highest index is ${maxIdx}`
    );
  }

  const append = db.transaction((entries: readonly NewEntry[]) => {
    const first = written;
    let idx = first;
    // One upsert per sensor per commit, not per entry: a commit holds many
    // observations of the same sensors, and only the highest seq is kept.
    const seqs = new Map<string, number>();
    for (const entry of entries) {
      q.insertEntry.run(idx++, entry.bytes, entry.type ?? null);
      if (entry.sensor !== undefined && entry.seq !== undefined) {
        const seq = seqs.get(entry.sensor);
        if (seq === undefined || entry.seq > seq) {
          seqs.set(entry.sensor, entry.seq);
        }
      }
    }
    for (const [sensor, seq] of seqs) q.upsertSeq.run(sensor, seq);
    return first;
  });

  const readCheckpoint = (row: CheckpointRow | undefined) =>
    row === undefined
      ? undefined
      : { size: row.size, rootHash: toBytes(row.root), note: row.note };

  const integrate = db.transaction(
    (nodes: readonly StoredNode[], checkpoint: StoredCheckpoint) => {
      const existing = q.checkpointAt.get(checkpoint.size) as
        CheckpointRow | undefined;
      if (existing !== undefined) {
        if (existing.note !== checkpoint.note) {
          throw new StoreError(
            'STORE_CHECKPOINT_CONFLICT',
            `a different checkpoint for size ${checkpoint.size} is already stored`
          );
        }
        return;
      }
      if (checkpoint.size > sequenced) {
        throw new StoreError(
          'STORE_SIZE_MISMATCH',
          `checkpoint size ${checkpoint.size} exceeds the ${sequenced} sequenced entries`
        );
      }
      for (const node of nodes) {
        // Nodes are new except when re-integrating after a crash; only then
        // is the stored hash read back and compared.
        if (q.insertNode.run(node.level, node.index, node.hash).changes > 0) {
          continue;
        }
        const old = q.readNode.get(node.level, node.index) as Uint8Array;
        if (!bytesEqual(toBytes(old), node.hash)) {
          throw new StoreError(
            'STORE_NODE_CONFLICT',
            `node ${node.level}/${node.index} already holds another hash`
          );
        }
      }
      q.insertCheckpoint.run(
        checkpoint.size,
        checkpoint.rootHash,
        checkpoint.note
      );
    }
  );

  const readNodes = db.transaction((ids: readonly NodeId[]) =>
    ids.map((id) => {
      const hash = q.readNode.get(id.level, id.index) as Uint8Array | undefined;
      if (hash === undefined) {
        throw new StoreError(
          'STORE_NODE_MISSING',
          `no stored hash for node ${id.level}/${id.index}`
        );
      }
      return toBytes(hash);
    })
  );

  return {
    async appendEntries(entries) {
      if (entries.length === 0) return written;
      const first = append(entries);
      written += entries.length;
      await syncWal();
      sequenced = Math.max(sequenced, first + entries.length);
      return first;
    },
    async sequencedSize() {
      return sequenced;
    },
    async readEntries(start, end) {
      const rows = q.readEntries.all(start, end) as {
        idx: number;
        bytes: Uint8Array;
      }[];
      if (rows.length !== Math.max(0, end - start)) {
        throw new StoreError(
          'STORE_ENTRY_MISSING',
          `entries ${start}..${end} are not all stored`
        );
      }
      return rows.map((r) => toBytes(r.bytes));
    },
    async readEntriesByType(types) {
      if (types.length === 0) return [];
      const placeholders = types.map(() => '?').join(', ');
      const rows = db
        .prepare(
          `SELECT idx, bytes FROM entries WHERE type IN (${placeholders}) ORDER BY idx`
        )
        .all(...types) as { idx: number; bytes: Uint8Array }[];
      return rows.map((r) => ({ index: r.idx, bytes: toBytes(r.bytes) }));
    },
    async lastSeqBySensor() {
      const rows = q.lastSeqs.all() as { sensor: string; seq: number }[];
      return new Map(rows.map((r) => [r.sensor, r.seq]));
    },
    async readNodes(ids) {
      return readNodes(ids);
    },
    async commitIntegration(nodes, checkpoint) {
      integrate(nodes, checkpoint);
      await syncWal();
    },
    async latestCheckpoint() {
      return readCheckpoint(q.latestCheckpoint.get() as CheckpointRow);
    },
    async checkpointAt(size) {
      return readCheckpoint(q.checkpointAt.get(size) as CheckpointRow);
    },
    async addCosignature(size, witness, line) {
      q.addCosignature.run(size, witness, line);
      await syncWal();
    },
    async cosignaturesAt(size) {
      const rows = q.cosignaturesAt.all(size) as {
        witness: string;
        line: string;
      }[];
      return new Map(rows.map((r) => [r.witness, r.line]));
    },
    async cosignedSizeByWitness() {
      const rows = q.cosignedSizes.all() as { witness: string; size: number }[];
      return new Map(rows.map((r) => [r.witness, r.size]));
    },
    async checkpointSizes(limit) {
      return q.checkpointSizes.all(limit) as number[];
    },
    async insertToken(token, secretHash) {
      if (q.tokenById.get(token.id) !== undefined) {
        throw new StoreError('STORE_TOKEN_EXISTS', `token ${token.id} exists`);
      }
      q.insertToken.run(
        token.id,
        secretHash,
        token.role,
        token.label,
        token.createdAtMs,
        token.revoked ? 1 : 0,
        token.member ?? null
      );
      await syncWal();
    },
    async findTokenByHash(secretHash) {
      const row = q.tokenByHash.get(secretHash) as TokenRow | undefined;
      return row === undefined ? undefined : rowToToken(row);
    },
    async listTokens() {
      return (q.listTokens.all() as TokenRow[]).map(rowToToken);
    },
    async revokeToken(id) {
      const revoked = q.revokeToken.run(id).changes > 0;
      await syncWal();
      return revoked;
    },
    async diskBytes() {
      if (options.path === ':memory:') return 0;
      let total = 0;
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          total += statSync(options.path + suffix).size;
        } catch {
          // The WAL and shared-memory files come and go with checkpoints.
        }
      }
      return total;
    },
    async close() {
      await walSync.close();
      db.close();
    },
  };
}
