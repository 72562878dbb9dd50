import {
  appendFileSync,
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFindingEvidence,
  decodeEntryBundle,
  decodeLogEntry,
  ed25519PublicKey,
  formatFindingEvidence,
  formatNote,
  formatVerifierKey,
  hashReaderFromTiles,
  inclusionProof,
  NOTE_KEY_TYPE_COSIGNATURE_V1,
  noteVerifierFromKey,
  openCheckpoint,
  parseNote,
  selectFindingEvidence,
  sha256,
  signCosignature,
  utf8Encode,
} from '@truce/core';
import type { FindingEvidence } from '@truce/core';
import { main } from '../src/main.js';
import { Capture, runCli, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
const at = (...parts: string[]) => join(dir.path, ...parts);
const read = (...parts: string[]) => readFileSync(at(...parts));

/** Every file under `root`, by relative path. */
function filesOf(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  dir = tempDir();
  const sim = ['--seed', '2', '--hours', '1', '--difficulty', 'easy'];
  expect((await runCli(['simulate', ...sim, '--out', at('b')])).code).toBe(0);
});
afterAll(() => dir.cleanup());

describe('truce replay', () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    first = await runCli(['replay', at('b'), '--out', at('r1')]);
  });

  it('prints the summary, scored against truth.json', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^replayed .*: (\d+) envelopes, \1 admitted, 0 rejected$/
    );
    expect(lines[1]).toMatch(
      /^log: \d+ entries \(\d+ sensor registrations, 1 agreement, \d+ observations, \d+ findings\), origin truce-replay\/[0-9a-f]{16}, root /
    );
    expect(lines[3]).toMatch(/^findings: [1-9]\d*; by rule: no-fire \d+/);
    expect(lines[5]).toMatch(
      /^truth \(within 500 m and 10 s\): fire events recall 0\.\d{3} \(\d+\/\d+ fires\), precision [01]\.\d{3}/
    );
    expect(lines.at(-1)).toMatch(
      /^wrote .*: findings.geojson, rejected.json, engine.json, log\//
    );
  });

  it('writes the findings as a GeoJSON FeatureCollection and no rejections', () => {
    const geojson = JSON.parse(read('r1', 'findings.geojson').toString());
    expect(geojson.type).toBe('FeatureCollection');
    const count = Number(/findings: (\d+)/.exec(first.stdout)![1]);
    expect(geojson.features).toHaveLength(count);
    expect(geojson.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point' },
    });
    expect(read('r1', 'rejected.json').toString()).toBe('[]\n');
  });

  it('writes a log whose checkpoint its vkey verifies, tiles and all', () => {
    const vkey = read('r1', 'log', 'vkey').toString().trim();
    const { checkpoint } = openCheckpoint(
      read('r1', 'log', 'checkpoint'),
      noteVerifierFromKey(vkey)
    );
    expect(existsSync(at('r1', 'log', 'tile', '0', '000'))).toBe(true);
    expect(existsSync(at('r1', 'log', 'tile', 'entries', '000'))).toBe(true);
    expect(checkpoint.size).toBeGreaterThan(256);
  });

  it('writes the same bytes on a second run', async () => {
    expect((await runCli(['replay', at('b'), '--out', at('r2')])).code).toBe(0);
    const a = filesOf(at('r1'));
    const b = filesOf(at('r2'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, bytes] of a)
      expect(b.get(path)!.equals(bytes), path).toBe(true);
  });

  it('serves as a log that truce verify log checks, from a static file server', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const root = at('r1');
    const code = await main(
      [
        'verify',
        'log',
        'http://static.test',
        '--vkey',
        read('r1', 'log', 'vkey').toString().trim(),
      ],
      {
        stdout,
        stderr,
        env: {},
        shutdownSignal: () => new AbortController().signal,
        now: () => Date.now(),
        fetch: async (url) => {
          const path = join(root, new URL(url).pathname);
          return existsSync(path)
            ? new Response(readFileSync(path))
            : new Response('', { status: 404 });
        },
      }
    );
    expect(stdout.text + stderr.text).toMatch(/OK/);
    expect(code).toBe(0);
  });

  it('rejects bad, forged and replayed lines, and logs none of them', async () => {
    cpSync(at('b'), at('bad'), { recursive: true });
    const lines = read('b', 'observations.jsonl')
      .toString()
      .trimEnd()
      .split('\n');
    const forged = JSON.parse(lines[1]!);
    forged.signatures[0].sig = `${forged.signatures[0].sig[0] === 'A' ? 'B' : 'A'}${forged.signatures[0].sig.slice(1)}`;
    appendFileSync(
      at('bad', 'observations.jsonl'),
      `{not json\n${JSON.stringify(forged)}\n${lines[0]}\n`
    );
    const run = await runCli(['replay', at('bad'), '--out', at('rb')]);
    expect(run.code).toBe(0);
    const n = lines.length;
    const rejected = JSON.parse(read('rb', 'rejected.json').toString());
    expect(
      rejected.map((r: { line: number; code: string }) => [r.line, r.code])
    ).toEqual([
      [n + 1, 'ENVELOPE_MALFORMED'],
      [n + 2, 'SIGNATURE_INVALID'],
      [n + 3, 'SEQ_REPLAYED'],
    ]);
    expect(run.stdout).toMatch(
      /, 3 rejected \(ENVELOPE_MALFORMED 1, SEQ_REPLAYED 1, SIGNATURE_INVALID 1\)/
    );
    expect(
      read('rb', 'findings.geojson').equals(read('r1', 'findings.geojson'))
    ).toBe(true);
  });

  it('refuses to replace outputs without --force', async () => {
    const again = await runCli(['replay', at('b'), '--out', at('r1')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--force/);
    expect(
      (await runCli(['replay', at('b'), '--out', at('r1'), '--force'])).code
    ).toBe(0);
  });

  it.each([
    ['a folder with no bundle', () => at('nothing')],
    [
      'sensors.json that is not JSON',
      () => {
        cpSync(at('b'), at('broken'), { recursive: true });
        writeFileSync(at('broken', 'sensors.json'), '[{');
        return at('broken');
      },
    ],
    [
      'an agreement that does not validate',
      () => {
        cpSync(at('b'), at('noagree'), { recursive: true });
        writeFileSync(at('noagree', 'agreement.json'), '{"id":"x"}');
        return at('noagree');
      },
    ],
  ])('exits 2 for %s', async (_d, bundle) => {
    const run = await runCli(['replay', bundle(), '--out', at('unused')]);
    expect(run.code).toBe(2);
    expect(existsSync(at('unused', 'findings.geojson'))).toBe(false);
  });
});

// A finding's evidence file built from the replayed log: its tiles, its
// checkpoint cosigned by one witness, and engine.json.
describe('truce verify evidence on a finding of the replayed log', () => {
  const witnessSeed = sha256(utf8Encode('replay test witness'));
  const witnessName = 'witness.replay.example';
  let evidence: FindingEvidence;
  let policyFile: string;
  let vkey: string;

  beforeAll(() => {
    const root = at('r1', 'log');
    vkey = readFileSync(join(root, 'vkey'), 'utf8').trim();
    const tiles = new Map(
      [...filesOf(join(root, 'tile'))].map(([p, b]) => [
        `tile/${p}`,
        new Uint8Array(b),
      ])
    );
    const note = parseNote(readFileSync(join(root, 'checkpoint')));
    const size = Number(note.text.split('\n')[1]);
    const entries = [...tiles.keys()]
      .filter((p) => p.startsWith('tile/entries/'))
      .sort()
      .flatMap((p) => decodeEntryBundle(tiles.get(p)!));
    const reader = hashReaderFromTiles(tiles, size);
    const logged = (index: number) => ({
      index,
      bytes: entries[index]!,
      proof: inclusionProof(index, size, reader),
    });
    const engine = JSON.parse(readFileSync(at('r1', 'engine.json'), 'utf8'));
    const decoded = entries.map((bytes, index) => ({
      index,
      entry: decodeLogEntry(bytes),
    }));
    const findingIndex = decoded.findIndex((e) => e.entry.type === 'finding');
    const pick = selectFindingEvidence({
      entries: decoded,
      findingIndex,
      fusion: engine.fusion.params,
    });
    const cosigned = formatNote({
      text: note.text,
      signatures: [
        ...note.signatures,
        signCosignature({
          body: note.text,
          name: witnessName,
          seed: witnessSeed,
          timestamp: 1_800_000_000,
        }),
      ],
    });
    const witnessVkey = formatVerifierKey(
      witnessName,
      ed25519PublicKey(witnessSeed),
      NOTE_KEY_TYPE_COSIGNATURE_V1
    );
    const policy = `log ${vkey}\nwitness w ${witnessVkey}\nquorum w\n`;
    policyFile = at('policy.txt');
    writeFileSync(policyFile, policy);
    evidence = buildFindingEvidence({
      logVkey: vkey,
      checkpoint: cosigned,
      policy,
      finding: logged(pick.finding),
      agreement: logged(pick.agreement),
      sources: pick.sources.map(logged),
      context: pick.context.map(logged),
      registry: pick.registry.map(logged),
      engine,
    });
  });

  const verify = (e: FindingEvidence, name: string) => {
    writeFileSync(at(name), formatFindingEvidence(e));
    return runCli([
      'verify',
      'evidence',
      at(name),
      '--trust',
      vkey,
      '--policy',
      policyFile,
    ]);
  };

  it('exits 0 and says what was recomputed', async () => {
    const run = await verify(evidence, 'finding.json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^OK evidence for finding \d+ of log truce-replay\//
    );
    expect(run.stdout).toMatch(
      /recomputed +same rule and sources, 0\.0 m away \(0\.00 of its 95 % ellipse\)/
    );
  });

  it('exits 1 when a source entry was changed', async () => {
    const bad = structuredClone(evidence);
    const bytes = Buffer.from(bad.sources[0]!.bytes, 'base64');
    bytes[30]! ^= 1;
    bad.sources[0]!.bytes = bytes.toString('base64');
    const run = await verify(bad, 'bad.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/INCLUSION_PROOF_INVALID sources\/0/);
  });

  it('exits 2 for a fusion version it cannot rerun', async () => {
    const other = structuredClone(evidence);
    other.engine.fusion.version = 'truce-fusion/99';
    const run = await verify(other, 'other.json');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/ENGINE_VERSION_UNSUPPORTED/);
  });
});
