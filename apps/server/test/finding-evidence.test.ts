import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  formatNoteSignature,
  parseNote,
  parseWitnessPolicy,
  readFindingEvidence,
  signCosignature,
  verifyEvidence,
} from '@truce/core';
import { createTruceClient } from '@truce/protocol';
import { keyPairFromSeed } from '../src/signing/key-file.js';
import type { TestLog, createTestLog } from './helpers.js';
import { seedFrom } from './helpers.js';
import {
  GUN,
  SENSORS,
  engineLog,
  loggedFindings,
  runEngine,
  shotEnvelopes,
  submit,
} from './findings-scene.js';

const TRUCE_BIN = fileURLToPath(
  new URL('../../cli/bin/truce.js', import.meta.url)
);

/** A live server fed the signed pulses of one shot; the engine has run. */
async function shotLog(options: Parameters<typeof createTestLog>[0] = {}) {
  // Each test closes its own log, so none is kept for an afterEach.
  const { log, timer } = await engineLog([], options);
  const accepted = await submit(log, shotEnvelopes(-30_000, 0));
  await runEngine(log, timer);
  const [finding] = await loggedFindings(log);
  return { log, timer, accepted, id: finding!.entry.finding.properties.id };
}

async function evidenceOf(log: TestLog, id: string) {
  return log.app.inject({ url: `/v1/findings/${id}/evidence` });
}

describe('GET /v1/findings/{id}/evidence', () => {
  let log: TestLog;
  let id: string;
  let sources: number[];
  let file: Record<string, unknown>;
  let dir: string;

  beforeAll(async () => {
    const shot = await shotLog();
    log = shot.log;
    id = shot.id;
    sources = shot.accepted.map((r) => r.index);
    await log.services.sequencer.integrate();
    const res = await evidenceOf(log, id);
    expect(res.statusCode).toBe(200);
    file = res.json();
    dir = mkdtempSync(join(tmpdir(), 'truce-finding-evidence-'));
  });
  afterAll(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a file that verifyEvidence accepts, the recomputed finding matching', () => {
    const report = verifyEvidence(file, { trust: [log.services.verifierKey] });
    expect(report.ok).toBe(true);
    if (!report.ok || report.summary.kind !== 'finding') throw new Error();
    const { finding } = report.summary;
    if (finding === undefined) throw new Error('no finding summary');
    expect(finding.id).toBe(id);
    expect(finding.rule).toBe('no-fire');
    expect(finding.party).toBe('B');
    expect(finding.sources).toEqual(sources);
    // Logged as fused from the file's own entries: the rerun lands on it.
    expect(finding.recomputed.id).toBe(id);
    expect(finding.recomputed.distanceM).toBe(0);
    expect(finding.recomputed.position).toEqual(finding.position);
    // And near the gun that fired (timing σ 1 ms, six sensors).
    const [lon, lat] = finding.position;
    expect(Math.abs(lon! - GUN.lon) * 74_000).toBeLessThan(20);
    expect(Math.abs(lat! - GUN.lat) * 111_000).toBeLessThan(20);
  });

  it('carries every source, the sensors registry entries, the agreement and the engine', () => {
    const read = readFindingEvidence(file);
    if (!read.ok) throw new Error('unreadable');
    const evidence = read.value;
    expect(evidence.sources.map((s) => s.proof.index)).toEqual(sources);
    // Six sensors, each registered once before its pulse.
    expect(evidence.registry).toHaveLength(SENSORS.length);
    expect(evidence.registry.every((r) => r.proof.index < sources[0]!)).toBe(
      true
    );
    const engine = log.services.findings.engineInfo();
    expect(canonicalJson(evidence.engine)).toBe(canonicalJson(engine));
    const size = Number(evidence.log.checkpoint.split('\n')[1]);
    expect(size).toBeGreaterThan(evidence.finding.proof.index);
    expect(evidence.policy).toBe(
      `log ${log.services.verifierKey}\nquorum none\n`
    );
  });

  it('fails with INCLUSION_PROOF_INVALID once a byte of a source entry is flipped', () => {
    const tampered = structuredClone(file) as {
      sources: { bytes: string }[];
    };
    const bytes = Buffer.from(tampered.sources[2]!.bytes, 'base64');
    bytes[40]! ^= 1;
    tampered.sources[2]!.bytes = bytes.toString('base64');
    const report = verifyEvidence(tampered, {
      trust: [log.services.verifierKey],
    });
    expect(report.ok).toBe(false);
    if (report.ok) return;
    expect(report.issues.map((i) => i.code)).toContain(
      'INCLUSION_PROOF_INVALID'
    );
    expect(
      report.issues.find((i) => i.code === 'INCLUSION_PROOF_INVALID')!.path
    ).toEqual(['sources', 2]);
  });

  it('passes `truce verify evidence` on the saved file, and fails it when tampered', async () => {
    const run = promisify(execFile);
    const saved = join(dir, 'finding.evidence.json');
    writeFileSync(saved, JSON.stringify(file));
    const ok = await run(process.execPath, [
      TRUCE_BIN,
      'verify',
      'evidence',
      saved,
      '--trust',
      log.services.verifierKey,
    ]);
    expect(ok.stdout).toContain('OK evidence for finding');
    expect(ok.stdout).toContain('recomputed    same rule and sources');

    const tampered = structuredClone(file) as {
      sources: { bytes: string }[];
    };
    const bytes = Buffer.from(tampered.sources[0]!.bytes, 'base64');
    bytes[40]! ^= 1;
    tampered.sources[0]!.bytes = bytes.toString('base64');
    const bad = join(dir, 'tampered.evidence.json');
    writeFileSync(bad, JSON.stringify(tampered));
    const failed = await run(process.execPath, [
      TRUCE_BIN,
      'verify',
      'evidence',
      bad,
      '--trust',
      log.services.verifierKey,
    ]).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('INCLUSION_PROOF_INVALID');
  });

  it('is what `truce evidence get URL FINDING_ID` downloads', async () => {
    const url = await log.app.listen({ host: '127.0.0.1', port: 0 });
    const saved = join(dir, 'fetched.evidence.json');
    const got = await promisify(execFile)(process.execPath, [
      TRUCE_BIN,
      'evidence',
      'get',
      url,
      id,
      '--out',
      saved,
    ]);
    expect(got.stdout).toMatch(/wrote the evidence for finding entry \d+/);
    const checked = await promisify(execFile)(process.execPath, [
      TRUCE_BIN,
      'verify',
      'evidence',
      saved,
      '--trust',
      log.services.verifierKey,
    ]);
    expect(checked.stdout).toContain('OK evidence for finding');
  });

  it('is what the protocol client reads', async () => {
    const client = createTruceClient({
      baseUrl: 'http://truce.test',
      fetch: async (url) => {
        const res = await log.app.inject({ url: new URL(url).pathname });
        return new Response(res.body, {
          status: res.statusCode,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const evidence = await client.findingEvidence(id);
    expect(evidence.finding.proof.index).toBe(
      log.services.findings.ledger.get(id)!.index
    );
  });

  it.each([
    ['an unknown finding id', `/v1/findings/${'0'.repeat(64)}/evidence`],
    ['a malformed id', '/v1/findings/not-an-id/evidence'],
  ])('answers %s with 404 NOT_FOUND', async (_name, url) => {
    const res = await log.app.inject({ url });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('before a checkpoint covers the finding', () => {
  it('answers 503 UNAVAILABLE with a Retry-After, with no policy', async () => {
    const { log, id } = await shotLog();
    try {
      const res = await evidenceOf(log, id);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('2');
    } finally {
      await log.close();
    }
  });

  it('waits for the witness quorum of the policy, then proves against that checkpoint', async () => {
    const witness = keyPairFromSeed('witness.example', seedFrom('witness'));
    const policyText = `witness w ${witness.verifierKey}\nquorum w\n`;
    const { log, id } = await shotLog({
      policy: parseWitnessPolicy(policyText),
    });
    try {
      const checkpoint = (await log.services.sequencer.integrate())!;
      expect((await evidenceOf(log, id)).statusCode).toBe(503);
      const line = formatNoteSignature(
        signCosignature({
          body: parseNote(checkpoint.note).text,
          name: witness.name,
          seed: witness.seed,
          timestamp: 1_800_000_000,
        })
      ).trimEnd();
      await log.services.store.addCosignature(checkpoint.size, 'w', line);
      const res = await evidenceOf(log, id);
      expect(res.statusCode).toBe(200);
      const report = verifyEvidence(res.json(), {
        trust: [log.services.verifierKey],
        policy: `log ${log.services.verifierKey}\n${policyText}`,
      });
      expect(report.ok ? [] : report.issues).toEqual([]);
    } finally {
      await log.close();
    }
  });
});
