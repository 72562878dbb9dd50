import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { ed25519NoteVerifier } from '../tlog/note-verifier.js';
import { publicKeyFromSeed } from '../tlog/note-key.js';
import { buildStaticLog } from '../replay/replay-log.js';
import { AuditIssues } from './audit-issue.js';
import { auditLog } from './log-audit.js';
import type { LogAuditInput } from './log-audit.js';

describe('AuditIssues', () => {
  it('keeps at most max issues about entries, and about tiles', () => {
    const issues = new AuditIssues(2);
    for (let i = 0; i < 3; i++) {
      issues.add('TILE_MISSING', ['tiles', `tile/0/00${i}`], 'gone');
      issues.add('ENTRY_INVALID', ['entries', i], 'bad');
    }
    expect(issues.list.map((i) => i.path)).toEqual([
      ['tiles', 'tile/0/000'],
      ['entries', 0],
      ['tiles', 'tile/0/001'],
      ['entries', 1],
    ]);
    expect(issues.entriesFull).toBe(true);
  });

  it('keeps every issue about the checkpoint, root and consistency', () => {
    const issues = new AuditIssues(1);
    issues.add('SIGNATURE_INVALID', ['checkpoint'], 'one');
    issues.add('CHECKPOINT_INVALID', ['checkpoint'], 'two');
    issues.add('ROOT_MISMATCH', ['root'], 'three');
    issues.add('CONSISTENCY_FAILED', ['consistencyProof'], 'four');
    expect(issues.list).toHaveLength(4);
    expect(issues.entriesFull).toBe(false);
  });
});

describe('auditLog', () => {
  const key = { name: 'audit.test/limits', seed: sha256(utf8Encode('k')) };
  const verifier = ed25519NoteVerifier(key.name, publicKeyFromSeed(key.seed));
  // Opaque entries are not valid log entries: each is one ENTRY_INVALID.
  const entries = Array.from({ length: 3 }, (_, i) => utf8Encode(`e${i}`));
  const log = buildStaticLog(entries, key);
  const input = (tiles = log.tiles): LogAuditInput => ({
    note: log.checkpoint,
    verifier,
    fetchTile: async (path) => tiles.find((t) => t.path === path)?.bytes,
  });

  it('stops reporting entries at maxIssues', async () => {
    const result = await auditLog(input(), { maxIssues: 2 });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([
      ['entries', 0],
      ['entries', 1],
    ]);
  });

  it('reports at most maxIssues missing tiles', async () => {
    const result = await auditLog(input([]), { maxIssues: 1 });
    const codes = result.ok ? [] : result.issues.map((i) => i.code);
    expect(codes.filter((c) => c === 'TILE_MISSING')).toEqual(['TILE_MISSING']);
    expect(log.tiles.length).toBeGreaterThan(1);
  });

  it('asks for no consistency proof from an empty previous log', async () => {
    const asked: [number, number][] = [];
    const result = await auditLog({
      ...input(),
      previous: { size: 0, rootHash: sha256(new Uint8Array()) },
      fetchConsistencyProof: async (from, to) => {
        asked.push([from, to]);
        return undefined;
      },
    });
    expect(asked).toEqual([]);
    expect(
      result.ok ? [] : [...new Set(result.issues.map((i) => i.code))]
    ).toEqual(['ENTRY_INVALID']);
  });
});
