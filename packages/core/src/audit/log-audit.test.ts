import { beforeAll, describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { sha256 } from '../hash.js';
import { encodeLogEntry } from '../log/entry.js';
import type { LogEntry } from '../log/entry.js';
import { OBSERVATION_PAYLOAD_TYPE, signEnvelope } from '../observation/dsse.js';
import { ed25519PublicKey, ed25519Sign } from '../observation/ed25519.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import {
  compactRangeAppend,
  compactRangeEmpty,
  compactRangeRoot,
} from '../tlog/compact-range.js';
import { consistencyProof } from '../tlog/consistency-proof.js';
import { encodeEntryBundle } from '../tlog/entry-bundle.js';
import { hashLeaf } from '../tlog/merkle.js';
import { hashReaderFromNodes } from '../tlog/node.js';
import type { HashReader, StoredNode } from '../tlog/node.js';
import {
  ed25519NoteVerifier,
  ed25519SignerFromSeed,
} from '../tlog/note-verifier.js';
import { publicKeyFromSeed } from '../tlog/note-key.js';
import { readHashTile, tileRefPath, tilesForSize } from '../tlog/tile.js';
import type { AuditIssueCode } from './audit-issue.js';
import { auditLog } from './log-audit.js';
import type { LogAuditInput } from './log-audit.js';

const ORIGIN = 'audit.test/log';
const TIME = '2026-06-01T00:00:00Z';
const seedOf = (label: string) => sha256(utf8Encode(label));
const LOG_SEED = seedOf('log');
const signer = ed25519SignerFromSeed(ORIGIN, LOG_SEED);
const verifier = ed25519NoteVerifier(ORIGIN, publicKeyFromSeed(LOG_SEED));

function registered(id: string, seed = seedOf(id)): Uint8Array {
  return encodeLogEntry({
    v: 1,
    type: 'sensor_registered',
    time: TIME,
    actor: 'test',
    sensor: {
      id,
      kind: 'acoustic',
      publicKey: base64Encode(ed25519PublicKey(seed)),
      position: [37.6, 48.0],
      operator: 'monitor',
    },
  });
}

function observed(id: string, seq: number, seed = seedOf(id)): Uint8Array {
  const payload = { sensor: id, seq, time: TIME, kind: 'heartbeat' };
  const envelope = signEnvelope({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: utf8Encode(
      JSON.stringify({ ...payload, heartbeat: { status: 'ok' } })
    ),
    keyid: id,
    sign: (message) => ed25519Sign(seed, message),
  });
  return encodeLogEntry({
    v: 1,
    type: 'observation',
    envelope: envelope as Extract<
      LogEntry,
      { type: 'observation' }
    >['envelope'],
  });
}

type TestLog = {
  note: string;
  size: number;
  rootHash: Uint8Array;
  tiles: Map<string, Uint8Array>;
  reader: HashReader;
};

/** An honest log over `entries`: its tiles and its signed checkpoint. */
function buildLog(entries: readonly Uint8Array[]): TestLog {
  let range = compactRangeEmpty();
  const nodes: StoredNode[] = [];
  for (const entry of entries) {
    const step = compactRangeAppend(range, hashLeaf(entry));
    range = step.range;
    nodes.push(...step.newNodes);
  }
  const reader = hashReaderFromNodes(nodes);
  const tiles = new Map<string, Uint8Array>();
  for (const ref of tilesForSize(entries.length)) {
    const start = ref.index * 256;
    tiles.set(
      tileRefPath(ref),
      ref.kind === 'hash'
        ? readHashTile(ref, reader)
        : encodeEntryBundle(entries.slice(start, start + ref.width))
    );
  }
  const rootHash = compactRangeRoot(range);
  const size = entries.length;
  const note = signCheckpoint(
    { origin: ORIGIN, size, rootHash, extensions: [] },
    signer
  );
  return { note, size, rootHash, tiles, reader };
}

function inputOf(log: TestLog): LogAuditInput {
  return {
    note: log.note,
    verifier,
    fetchTile: async (path) => log.tiles.get(path),
    fetchConsistencyProof: async (from, to) =>
      consistencyProof(from, to, log.reader),
  };
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at]! ^= 0x01;
  return copy;
}

// 1 registry entry and 299 observations: two entry bundles (256 + 44) and
// a level-1 tile of width 1.
let honest: readonly Uint8Array[];
let log: TestLog;

beforeAll(() => {
  honest = [
    registered('acoustic-001'),
    ...Array.from({ length: 299 }, (_, seq) => observed('acoustic-001', seq)),
  ];
  log = buildLog(honest);
});

async function codesOf(input: LogAuditInput): Promise<AuditIssueCode[]> {
  const result = await auditLog(input);
  return result.ok ? [] : [...new Set(result.issues.map((i) => i.code))];
}

function withTile(
  path: string,
  change: (b?: Uint8Array) => Uint8Array | undefined
) {
  const tiles = new Map(log.tiles);
  const changed = change(tiles.get(path));
  if (changed === undefined) tiles.delete(path);
  else tiles.set(path, changed);
  return inputOf({ ...log, tiles });
}

function withEntries(change: (entries: Uint8Array[]) => void): LogAuditInput {
  const entries = [...honest];
  change(entries);
  return inputOf(buildLog(entries));
}

describe('auditLog', () => {
  describe('when the log is honest', () => {
    it('passes and counts what it checked', async () => {
      const progress: number[] = [];
      const result = await auditLog(inputOf(log), {
        onProgress: (done, total) => progress.push(total - done),
      });
      expect(result).toMatchObject({
        ok: true,
        value: { entries: 300, registryEntries: 1, observations: 299 },
      });
      // 2 level-0 tiles, 1 level-1 tile, 2 bundles.
      expect(progress).toEqual([4, 3, 2, 1, 0]);
    });

    it('passes when it extends the previous audit', async () => {
      const before = buildLog(honest.slice(0, 100));
      const result = await auditLog({
        ...inputOf(log),
        previous: { size: before.size, rootHash: before.rootHash },
      });
      expect(result.ok).toBe(true);
    });

    it('passes when the log has not grown since the previous audit', async () => {
      const result = await auditLog({
        ...inputOf(log),
        previous: { size: log.size, rootHash: log.rootHash },
      });
      expect(result.ok).toBe(true);
    });

    it('passes for the empty log', async () => {
      const result = await auditLog(inputOf(buildLog([])));
      expect(result).toMatchObject({ ok: true, value: { entries: 0 } });
    });
  });

  // Each row: a log that lies in one way, and the codes the audit must name.
  const lies: [string, () => LogAuditInput, AuditIssueCode[]][] = [
    [
      "a byte of an observation's signature changed in its bundle",
      () =>
        withTile('tile/entries/001.p/44', (b) => {
          const length = (b![0]! << 8) | b![1]!;
          return flip(b!, 2 + length - 40);
        }),
      ['TILE_MISMATCH', 'ROOT_MISMATCH', 'OBSERVATION_SIGNATURE_INVALID'],
    ],
    [
      'a leaf hash changed in a level-0 tile',
      () => withTile('tile/0/000', (b) => flip(b!, 40)),
      ['TILE_MISMATCH'],
    ],
    [
      'a hash changed in a level-1 tile',
      () => withTile('tile/1/000.p/1', (b) => flip(b!, 0)),
      ['TILE_MISMATCH'],
    ],
    [
      'a hash tile of the wrong length',
      () => withTile('tile/0/001.p/44', (b) => b!.slice(1)),
      ['TILE_MISMATCH'],
    ],
    [
      'a missing hash tile',
      () => withTile('tile/1/000.p/1', () => undefined),
      ['TILE_MISSING'],
    ],
    [
      'a missing entry bundle',
      () => withTile('tile/entries/001.p/44', () => undefined),
      ['TILE_MISSING'],
    ],
    [
      'a truncated entry bundle',
      () => withTile('tile/entries/000', (b) => b!.slice(0, -1)),
      ['ENTRY_BUNDLE_INVALID'],
    ],
    [
      'a checkpoint signed by another key',
      () => ({
        ...inputOf(log),
        note: signCheckpoint(
          {
            origin: ORIGIN,
            size: log.size,
            rootHash: log.rootHash,
            extensions: [],
          },
          ed25519SignerFromSeed(ORIGIN, seedOf('impostor'))
        ),
      }),
      ['SIGNATURE_INVALID'],
    ],
    [
      'a malformed checkpoint',
      () => ({ ...inputOf(log), note: 'not a note' }),
      ['CHECKPOINT_INVALID'],
    ],
    [
      'a signed checkpoint whose root is not the root of its entries',
      () => ({
        ...inputOf(log),
        note: signCheckpoint(
          {
            origin: ORIGIN,
            size: log.size,
            rootHash: sha256(new Uint8Array(1)),
            extensions: [],
          },
          signer
        ),
      }),
      ['ROOT_MISMATCH'],
    ],
    [
      'an observation signed with another key (a forgery)',
      () =>
        withEntries(
          (e) => (e[5] = observed('acoustic-001', 4, seedOf('forger')))
        ),
      ['OBSERVATION_SIGNATURE_INVALID'],
    ],
    [
      'an observation by an unregistered sensor',
      () => withEntries((e) => e.push(observed('acoustic-999', 0))),
      ['OBSERVATION_INVALID'],
    ],
    [
      'a replayed observation',
      () => withEntries((e) => e.push(observed('acoustic-001', 3))),
      ['OBSERVATION_SEQ_REPLAYED'],
    ],
    [
      'an entry that is not canonical JSON',
      () =>
        withEntries((e) => e.push(utf8Encode('{"v":1, "type":"observation"}'))),
      ['ENTRY_INVALID'],
    ],
    [
      'a sensor registered twice',
      () => withEntries((e) => e.push(registered('acoustic-001'))),
      ['REGISTRY_ENTRY_INVALID'],
    ],
    [
      'a log smaller than at the previous audit',
      () => ({
        ...inputOf(log),
        previous: { size: 301, rootHash: log.rootHash },
      }),
      ['SIZE_SHRANK'],
    ],
    [
      'a history rewritten since the previous audit',
      () => ({
        ...inputOf(log),
        previous: { size: 100, rootHash: sha256(utf8Encode('another root')) },
      }),
      ['CONSISTENCY_FAILED'],
    ],
    [
      'a consistency proof that does not hold',
      () => {
        const before = buildLog(honest.slice(0, 100));
        return {
          ...inputOf(log),
          previous: { size: 100, rootHash: before.rootHash },
          fetchConsistencyProof: async () => [sha256(new Uint8Array(2))],
        };
      },
      ['CONSISTENCY_FAILED'],
    ],
    [
      'no usable consistency proof',
      () => {
        const before = buildLog(honest.slice(0, 100));
        return {
          ...inputOf(log),
          previous: { size: 100, rootHash: before.rootHash },
          fetchConsistencyProof: async () => undefined,
        };
      },
      ['CONSISTENCY_FAILED'],
    ],
  ];

  describe.each(lies)('when the log has %s', (_desc, make, codes) => {
    it(`fails with ${codes.join(' and ')}`, async () => {
      expect((await codesOf(make())).sort()).toEqual([...codes].sort());
    });
  });

  describe('when the log holds many forgeries and a bad tile', () => {
    it('reports maxIssues forgeries and still checks the tree', async () => {
      const forged = withEntries((e) => {
        for (let i = 1; i < 20; i++)
          e[i] = observed('acoustic-001', i - 1, seedOf('forger'));
      });
      const input = {
        ...forged,
        fetchTile: async (path: string) => {
          const data = await forged.fetchTile(path);
          return path === 'tile/0/001.p/44' ? flip(data!, 0) : data;
        },
      };
      const result = await auditLog(input, { maxIssues: 5 });
      const codes = result.ok ? [] : result.issues.map((i) => i.code);
      expect(codes).toEqual([
        ...Array(5).fill('OBSERVATION_SIGNATURE_INVALID'),
        'TILE_MISMATCH',
      ]);
    });
  });

  describe('when the log cannot be reached', () => {
    it('rejects with the fetcher error', async () => {
      const failure = new Error('connection refused');
      const input = {
        ...inputOf(log),
        fetchTile: () => Promise.reject(failure),
      };
      await expect(auditLog(input)).rejects.toBe(failure);
    });
  });

  describe('when an entry bundle holds another entry than the hash tile says', () => {
    it('names the tile, the root, and the entry', async () => {
      const entries = [...honest];
      entries[3] = canonicalJsonBytes({ v: 1, type: 'nonsense' });
      const lying = buildLog(entries);
      const result = await auditLog(
        withTile('tile/entries/000', () => lying.tiles.get('tile/entries/000'))
      );
      expect(result.ok ? [] : result.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'TILE_MISMATCH',
            path: ['tiles', 'tile/0/000'],
          }),
          expect.objectContaining({
            code: 'ENTRY_INVALID',
            path: ['entries', 3],
          }),
          expect.objectContaining({ code: 'ROOT_MISMATCH' }),
        ])
      );
    });
  });
});
