// Crash test (issue: "Ack means durable"): a real server process receiving a
// stream of observations is killed with SIGKILL at random moments, at least
// 20 times. After each restart every acknowledged observation must be in the
// log at the index it was acknowledged with, the new checkpoint must be
// consistent with every checkpoint published before, and `truce verify log`
// must pass.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DsseEnvelope } from '@truce/core';
import {
  base64Decode,
  bytesEqual,
  decodeEntryBundle,
  decodeLogEntry,
  hashLeaf,
  parseCheckpoint,
  parseNote,
  rootFromLeafHashes,
  tileRefPath,
  tilesForSize,
  verifyConsistency,
} from '@truce/core';
import { REPO_ROOT } from '@truce/testing';
import { makeSensor, signPayload } from './helpers.js';

const TRUCE = resolve(REPO_ROOT, 'apps/cli/bin/truce.js');
const KILLS = 20;
const SENSORS = Array.from({ length: 8 }, (_, i) =>
  makeSensor(`crash-${String(i).padStart(2, '0')}`)
);

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [TRUCE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => ok({ code: code ?? -1, output }));
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server exited during start');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become ready');
}

type Acked = { index: number; envelope: DsseEnvelope };

describe('a server killed with SIGKILL while ingesting', () => {
  it(`loses no acknowledged observation and never forks, over ${KILLS} kills`, async () => {
    const seed = Number(process.env.TRUCE_CRASH_SEED ?? Date.now() % 1e9);
    const random = prng(seed);
    const dir = mkdtempSync(join(tmpdir(), 'truce-crash-'));
    const sensorsFile = join(dir, 'sensors.json');
    writeFileSync(sensorsFile, JSON.stringify(SENSORS.map((s) => s.record)));
    const stateFile = join(dir, 'audit-state.json');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const acked: Acked[] = [];
    const checkpoints: { size: number; rootHash: Uint8Array }[] = [];
    const nextSeq = new Map<string, number>();
    let sent = 0;
    const rejections: string[] = [];

    const stream = async (client: number, stop: { now: boolean }) => {
      while (!stop.now) {
        const batch = Array.from({ length: 10 }, (_, i) => {
          // Each client owns half the sensors: a sensor's seqs must arrive
          // in order, and two clients would race each other.
          const sensor = SENSORS[client * 4 + ((i + sent) % 4)]!;
          const id = sensor.record.id;
          // Seqs only grow, even past requests that died with the server.
          const seq = nextSeq.get(id) ?? 0;
          nextSeq.set(id, seq + 1);
          sent++;
          return signPayload(
            {
              sensor: id,
              seq,
              time: new Date().toISOString(),
              kind: 'heartbeat',
              heartbeat: { status: 'ok' },
            },
            sensor.seed
          );
        });
        let body: {
          results: { status: string; index?: number; code?: string }[];
        };
        try {
          const res = await fetch(`${url}/v1/observations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ envelopes: batch }),
          });
          body = (await res.json()) as typeof body;
        } catch {
          return; // the server died mid-request: nothing was acknowledged
        }
        body.results.forEach((r, i) => {
          if (r.status === 'accepted')
            acked.push({ index: r.index!, envelope: batch[i]! });
          else throw new Error(`unexpected rejection ${r.code} (seed ${seed})`);
        });
      }
    };

    const readCheckpoint = async () => {
      const note = await (await fetch(`${url}/log/checkpoint`)).text();
      return parseCheckpoint(parseNote(note).text);
    };

    const checkLog = async (round: number) => {
      // The restarted server integrates what was sequenced before the kill.
      const checkpoint = await readCheckpoint();
      const needed = acked.reduce((max, a) => Math.max(max, a.index + 1), 0);
      expect(
        checkpoint.size,
        `round ${round}, seed ${seed}`
      ).toBeGreaterThanOrEqual(needed);

      const entries: Uint8Array[] = [];
      for (const ref of tilesForSize(checkpoint.size)) {
        if (ref.kind !== 'entries') continue;
        const res = await fetch(`${url}/log/${tileRefPath(ref)}`);
        entries.push(
          ...decodeEntryBundle(
            new Uint8Array(await res.arrayBuffer()),
            ref.width
          )
        );
      }
      const leaves = entries.map(hashLeaf);
      expect(bytesEqual(rootFromLeafHashes(leaves), checkpoint.rootHash)).toBe(
        true
      );

      for (const { index, envelope } of acked) {
        const entry = decodeLogEntry(entries[index]!);
        expect(entry.type, `index ${index}, seed ${seed}`).toBe('observation');
        if (entry.type === 'observation') {
          expect(entry.envelope.payload).toBe(envelope.payload);
          expect(entry.envelope.signatures[0]!.sig).toBe(
            envelope.signatures[0]!.sig
          );
        }
      }
      // Every checkpoint seen before is a prefix of this one.
      for (const old of checkpoints) {
        expect(
          bytesEqual(
            rootFromLeafHashes(leaves.slice(0, old.size)),
            old.rootHash
          ),
          `checkpoint ${old.size} forked (seed ${seed})`
        ).toBe(true);
      }
      const previous = checkpoints.at(-1);
      if (
        previous !== undefined &&
        previous.size > 0 &&
        previous.size < checkpoint.size
      ) {
        const proof = (await (
          await fetch(
            `${url}/v1/proofs/consistency?from=${previous.size}&to=${checkpoint.size}`
          )
        ).json()) as { hashes: string[] };
        verifyConsistency({
          oldSize: previous.size,
          newSize: checkpoint.size,
          oldRoot: previous.rootHash,
          newRoot: checkpoint.rootHash,
          proof: proof.hashes.map(base64Decode),
        });
      }
      checkpoints.push({
        size: checkpoint.size,
        rootHash: checkpoint.rootHash,
      });

      const audit = await run(['verify', 'log', url, '--state', stateFile]);
      expect(
        audit.code,
        `truce verify log (seed ${seed}):\n${audit.output}`
      ).toBe(0);
    };

    const start = async () => {
      const child = spawn(
        process.execPath,
        [
          TRUCE,
          'serve',
          '--data',
          dir,
          '--port',
          String(port),
          '--sensors',
          sensorsFile,
          '--log-level',
          'error',
          // The clients stream as fast as the server acknowledges; this
          // test is about kills, not about a sensor's rate limit.
          '--sensor-rate',
          '1000000',
          '--sensor-burst',
          '1000000',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] }
      );
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      try {
        await waitReady(url, child);
      } catch (error) {
        child.kill('SIGKILL');
        throw new Error(`${String(error)}\n${stderr}`);
      }
      return child;
    };

    for (let round = 0; round < KILLS; round++) {
      const child = await start();
      if (round > 0) await checkLog(round);
      const stop = { now: false };
      const clients = [stream(0, stop), stream(1, stop)];
      await new Promise((r) => setTimeout(r, 150 + random() * 450));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      stop.now = true;
      await Promise.all(clients);
    }
    const child = await start();
    try {
      await checkLog(KILLS);
      expect(rejections, `seed ${seed}`).toEqual([]);
      expect(acked.length).toBeGreaterThan(KILLS * 10);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // Twenty restarts of a real server take over a minute on a quiet
    // 2-core machine and longer beside the browser tests: a hang guard only.
  }, 600_000);
});
