import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cosignatureVerifier,
  formatAddCheckpointRequest,
  hexEncode,
  parseNote,
  utf8Encode,
} from '@truce/core';
import { addCheckpoint, buildTree, createTestWitness } from './helpers.js';
import type { Tree } from './helpers.js';

const MAX = 24;
const trees = new Map<number, { a: Tree; b: Tree }>();
function forkedAt(shared: number) {
  let pair = trees.get(shared);
  if (pair === undefined) {
    pair = {
      a: buildTree({ branch: 'a', size: MAX, shared }),
      b: buildTree({ branch: 'b', size: MAX, shared }),
    };
    trees.set(shared, pair);
  }
  return pair;
}

const request = fc.record({
  branch: fc.constantFrom('a', 'b'),
  to: fc.integer({ min: 0, max: MAX }),
  // Mostly well-behaved clients that start from the witness's size, plus
  // stale, lying and confused ones.
  old: fc.oneof(
    { weight: 4, arbitrary: fc.constant('known' as const) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX }) }
  ),
});

describe('the witness', () => {
  it('never cosigns two roots for one size, nor both sides of a fork, whatever arrives and in whatever order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.array(request, { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 10,
        }),
        async (shared, batches) => {
          const pair = forkedAt(shared);
          const { app, service } = await createTestWitness();
          const verifier = cosignatureVerifier(service.identity.vkey);
          const rootAt = new Map<number, string>();
          const branches = new Set<string>();
          let largest = 0;
          for (const batch of batches) {
            const known = service.listLogs()[0]!.size;
            // A batch is sent at once: the requests race for the log.
            const results = await Promise.all(
              batch.map(async ({ branch, to, old }) => {
                const mine = to > shared ? branch : 'shared';
                const tree = branch === 'a' ? pair.a : pair.b;
                const oldSize = old === 'known' ? Math.min(known, to) : old;
                const proof = oldSize <= to ? tree.proof(oldSize, to) : [];
                const body = formatAddCheckpointRequest({
                  oldSize,
                  proof,
                  note: tree.note(to),
                });
                return { tree, to, mine, res: await addCheckpoint(app, body) };
              })
            );
            for (const { tree, to, mine, res } of results) {
              expect([200, 400, 409, 422]).toContain(res.statusCode);
              if (res.statusCode !== 200) continue;
              // The line is a valid cosignature over this very checkpoint.
              const { text } = parseNote(tree.note(to));
              const [line] = parseNote(`${text}\n${res.body}`).signatures;
              expect(verifier.verify(utf8Encode(text), line!.signature)).toBe(
                true
              );
              const root = hexEncode(tree.root(to));
              expect(rootAt.get(to) ?? root).toBe(root);
              rootAt.set(to, root);
              largest = Math.max(largest, to);
              if (mine !== 'shared') branches.add(mine);
            }
          }
          // Everything cosigned lies on one history: never both branches
          // past the fork, which would be a split view with its blessing.
          expect(branches.size).toBeLessThanOrEqual(1);
          // Never rolled back below anything it cosigned.
          expect(service.listLogs()[0]!.size).toBe(largest);
        }
      ),
      { numRuns: 60 }
    );
  });

  it('lets exactly one of two racing extensions from the same size through', async () => {
    const { a } = forkedAt(MAX);
    const { app } = await createTestWitness();
    await addCheckpoint(app, a.body(0, 5));
    const [first, second] = await Promise.all([
      addCheckpoint(app, a.body(5, 9)),
      addCheckpoint(app, a.body(5, 12)),
    ]);
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([200, 409]);
  });
});
