import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@truce/testing';
import {
  bytesEqual,
  cosignatureVerifier,
  hexEncode,
  noteVerifierFromKey,
  openCheckpoint,
  parseNote,
  utf8Encode,
} from '@truce/core';
import { LOG_VKEY, WITNESS_SKEY, buildTree } from './helpers.js';
import type { Tree } from './helpers.js';

// The witness as a real process, killed with SIGKILL while requests are in
// flight, then restarted on the same state file. Whatever it answered
// before a kill must hold after it: never two roots for one size, never
// both sides of a fork, never a state below a size it cosigned.

const ROUNDS = 24;
const CLIENTS = 6;
const SHARED = 40;
const MAX = 1500;
const A = buildTree({ branch: 'a', size: MAX, shared: SHARED });
const B = buildTree({ branch: 'b', size: MAX, shared: SHARED });

type Running = { child: ChildProcess; url: string; exited: Promise<void> };
type Cosigned = { size: number; branch: 'a' | 'b'; line: string };

let dir: string;
let keyFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'truce-witness-crash-'));
  keyFile = join(dir, 'witness.key');
  writeFileSync(keyFile, `${WITNESS_SKEY}\n`, { mode: 0o600 });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function startProcess(data = 'data'): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@truce/source',
      '--import',
      'tsx',
      'apps/witness/src/cli-entry.ts',
      ...['--data', join(dir, data), '--key', keyFile],
      ...['--log', LOG_VKEY, '--port', '0', '--log-level', 'info'],
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve())
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`witness did not start: ${err}`)),
      20_000
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('truce witness listening')) continue;
        clearTimeout(timer);
        resolve({
          child,
          url: (JSON.parse(line) as { url: string }).url,
          exited,
        });
        return;
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`witness exited before listening: ${err}`));
    });
  });
}

async function knownSize(url: string): Promise<number> {
  const logs = (await (await fetch(`${url}/logs`)).json()) as {
    size: number;
  }[];
  return logs[0]!.size;
}

// A log client pushing one branch forward from what the witness reports;
// it stops when the connection dies.
async function runClient(
  url: string,
  branch: 'a' | 'b',
  start: number,
  random: () => number,
  cosigned: Cosigned[]
): Promise<void> {
  const tree: Tree = branch === 'a' ? A : B;
  let known = start;
  for (let i = 0; i < 10_000; i++) {
    const to = Math.min(MAX, known + Math.floor(random() * 3));
    // Sometimes replay a checkpoint from scratch, as a confused or
    // malicious client would.
    const from = random() < 0.1 ? 0 : known;
    let res: Response;
    try {
      res = await fetch(`${url}/add-checkpoint`, {
        method: 'POST',
        body: tree.body(Math.min(from, to), to),
      });
    } catch {
      return;
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      return;
    }
    if (res.status === 200) {
      cosigned.push({ size: to, branch, line: text });
      known = to;
    } else if (res.status === 409) {
      known = Number(text.trim());
    } else if (res.status !== 422) {
      throw new Error(`unexpected ${res.status}: ${text}`);
    }
  }
}

// A small deterministic generator, so a failure can be replayed.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the witness process under SIGKILL', () => {
  it('refuses, after a kill, another root for a size it cosigned, and keeps both notes', async () => {
    const first = await startProcess('same-size');
    const ok = await fetch(`${first.url}/add-checkpoint`, {
      method: 'POST',
      body: A.body(0, SHARED + 10),
    });
    expect(ok.status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startProcess('same-size');
    try {
      const res = await fetch(`${second.url}/add-checkpoint`, {
        method: 'POST',
        body: B.body(SHARED + 10, SHARED + 10),
      });
      expect(res.status).toBe(409);
      expect(await res.text()).toBe(`${SHARED + 10}\n`);
      const evidence = (await (
        await fetch(`${second.url}/equivocations`)
      ).json()) as { kind: string; notes: string[] }[];
      expect(evidence).toEqual([
        expect.objectContaining({
          kind: 'same-size-different-root',
          notes: [A.note(SHARED + 10), B.note(SHARED + 10)],
        }),
      ]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 30_000);

  it(`keeps every answer it gave across ${ROUNDS} kills`, async () => {
    const random = mulberry32(20260101);
    const cosigned: Cosigned[] = [];
    let largest = 0;
    let vkey = '';
    for (let round = 0; round < ROUNDS; round++) {
      const witness = await startProcess();
      const start = await knownSize(witness.url);
      // Everything answered before the last kill is still the state.
      expect(start).toBeGreaterThanOrEqual(largest);
      if (round === 0) {
        vkey = (
          (await (await fetch(`${witness.url}/healthz`)).json()) as {
            vkey: string;
          }
        ).vkey;
      }
      const clients = Array.from({ length: CLIENTS }, (_, i) =>
        runClient(witness.url, i % 2 === 0 ? 'a' : 'b', start, random, cosigned)
      );
      await new Promise((r) => setTimeout(r, Math.floor(random() * 250)));
      witness.child.kill('SIGKILL');
      await witness.exited;
      await Promise.all(clients);
      for (const c of cosigned) largest = Math.max(largest, c.size);
    }

    const last = await startProcess();
    try {
      expect(await knownSize(last.url)).toBeGreaterThanOrEqual(largest);
      const evidence = (await (
        await fetch(`${last.url}/equivocations`)
      ).json()) as {
        notes: [string, string];
      }[];
      const logVerifier = noteVerifierFromKey(LOG_VKEY);
      for (const { notes } of evidence) {
        for (const note of notes) openCheckpoint(note, logVerifier);
      }
    } finally {
      last.child.kill('SIGTERM');
      await last.exited;
    }

    expect(cosigned.length).toBeGreaterThan(ROUNDS);
    const verifier = cosignatureVerifier(vkey);
    const rootAt = new Map<number, string>();
    const pastFork = new Set<string>();
    for (const { size, branch, line } of cosigned) {
      const tree = branch === 'a' ? A : B;
      const { text } = parseNote(tree.note(size));
      const [signature] = parseNote(`${text}\n${line}`).signatures;
      expect(verifier.verify(utf8Encode(text), signature!.signature)).toBe(
        true
      );
      const root = hexEncode(tree.root(size));
      expect(rootAt.get(size) ?? root).toBe(root);
      rootAt.set(size, root);
      if (size > SHARED) pastFork.add(branch);
    }
    expect(pastFork.size).toBeLessThanOrEqual(1);
    expect(bytesEqual(A.root(SHARED), B.root(SHARED))).toBe(true);
  }, 90_000);
});
