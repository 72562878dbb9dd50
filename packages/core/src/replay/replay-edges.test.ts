import { describe, expect, it } from 'vitest';
import { hexEncode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import type { Finding } from '../engine/finding.js';
import { keptOnRerun, replayBundle } from './replay-bundle.js';
import { acousticSceneBundle } from './replay-fixture.js';
import { bundleDigest } from './replay-log.js';

describe('replayBundle', () => {
  const bundle = acousticSceneBundle();

  it('takes a sensor with no height as at height 0 for the frame origin', () => {
    const flat = bundle.sensors.map((s) => ({
      ...s,
      position: [s.position[0], s.position[1]] as [number, number],
    }));
    const origin = (sensors: typeof bundle.sensors) =>
      replayBundle({ ...bundle, sensors }).engine.fusion.params.origin!;
    const [lon, lat] = origin(bundle.sensors);
    expect(origin(bundle.sensors)[2]).toBeGreaterThan(0);
    expect(origin(flat)).toEqual([lon, lat, 0]);
  });

  it('tells its progress at each 1,000th envelope', () => {
    // Copies of one scene: the repeats are refused as replays, but each
    // is still a step.
    const copies = Math.ceil(1000 / bundle.envelopes.length);
    const envelopes = Array.from(
      { length: copies },
      () => bundle.envelopes
    ).flat();
    const calls: [number, number][] = [];
    replayBundle({
      ...bundle,
      envelopes,
      onProgress: (d, t) => calls.push([d, t]),
    });
    const total = envelopes.length + 2;
    expect(calls[0]).toEqual([1000, total]);
    const done = calls.map(([d]) => d);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(calls.at(-1)).toEqual([total, total]);
  });
});

describe('bundleDigest', () => {
  const line = (bytes: Uint8Array, name: string) =>
    `${hexEncode(sha256(bytes))}  ${name}\n`;

  it('hashes the sha256sum lines sorted by name', () => {
    const a = { name: 'a.json', bytes: utf8Encode('A') };
    const b = { name: 'b.jsonl', bytes: utf8Encode('B') };
    const want = sha256(
      utf8Encode(line(a.bytes, a.name) + line(b.bytes, b.name))
    );
    expect(bundleDigest([b, a])).toEqual(want);
    expect(bundleDigest([a, b])).toEqual(want);
  });

  it('keeps files of one name in the order given', () => {
    const first = { name: 'x', bytes: utf8Encode('1') };
    const second = { name: 'x', bytes: utf8Encode('2') };
    expect(bundleDigest([first, second])).toEqual(
      sha256(utf8Encode(line(first.bytes, 'x') + line(second.bytes, 'x')))
    );
    expect(bundleDigest([second, first])).not.toEqual(
      bundleDigest([first, second])
    );
  });
});

describe('keptOnRerun', () => {
  const f = (id: string, rule: string, sources: number[]) =>
    ({ properties: { id, rule, sources } }) as unknown as Finding;
  const proposal = f('no-fire:1,2,3,4', 'no-fire', [1, 2, 3, 4]);
  const subset = f('no-fire:1,2,3', 'no-fire', [1, 2, 3]);
  const pair = f('no-fire:1,2', 'no-fire', [1, 2]);
  // What each finding's own file reruns to, by the finding's id.
  it.each([
    [
      'itself, when the rerun gives it',
      { [proposal.properties.id]: [proposal, subset] },
      ['no-fire:1,2,3,4'],
    ],
    [
      'the same rule on a subset of its sources that its own file gives',
      {
        [proposal.properties.id]: [subset],
        [subset.properties.id]: [subset],
      },
      ['no-fire:1,2,3'],
    ],
    [
      'nothing of a subset its own file does not give',
      {
        [proposal.properties.id]: [subset],
        [subset.properties.id]: [f('no-fire:2,3,4', 'no-fire', [2, 3, 4])],
      },
      [],
    ],
    [
      'the subset of a subset that its own file gives',
      {
        [proposal.properties.id]: [subset],
        [subset.properties.id]: [pair],
        [pair.properties.id]: [pair],
      },
      ['no-fire:1,2'],
    ],
    [
      'nothing of another rule',
      { [proposal.properties.id]: [f('buffer:1,2,3', 'buffer', [1, 2, 3])] },
      [],
    ],
    [
      'nothing resting on a source it lacks',
      { [proposal.properties.id]: [f('no-fire:1,2,5', 'no-fire', [1, 2, 5])] },
      [],
    ],
    ['nothing when the rerun finds nothing', {}, []],
  ])('keeps %s', (_, reruns: Record<string, Finding[]>, want) => {
    const rerun = (x: Finding) => reruns[x.properties.id] ?? [];
    expect(keptOnRerun(proposal, rerun).map((x) => x.properties.id)).toEqual(
      want
    );
  });
});
