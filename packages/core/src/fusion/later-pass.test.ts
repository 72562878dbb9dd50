// A later seeding pass tries only the sites for a seed whose triples an
// earlier pass tried, unless a pulse groups took since lies in its reach
// (runGreedy, buildGroup's `taken`, gatherCandidates' `touched`).
import { describe, expect, it } from 'vitest';
import { buildContext } from './associate.js';
import {
  stillAir,
  type AssociationParams,
  type PulseDetection,
  type PulseSensor,
} from './association-types.js';
import { buildGroup } from './hypothesis.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';
import { gatherCandidates } from './seed-search.js';

const C = 340;
// A 4 × 4 grid of sensors 1 km apart, and one far to the east (70 km:
// beyond twice the hearing range, 30 km, of any other).
const sensors: PulseSensor[] = [
  ...Array.from({ length: 16 }, (_, i) => ({
    east: 1000 * (i % 4),
    north: 1000 * Math.floor(i / 4),
    up: 0,
    surfaceHeight: 0,
    sigmaS: 0.002,
  })),
  { east: 70_000, north: 0, up: 0, surfaceHeight: 0, sigmaS: 0.002 },
];
const FAR = 16;
const source = { east: 1400, north: 1700, time: 100 };
const params: AssociationParams = {
  ...DEFAULT_FUSION_PARAMS.acoustic,
  turbulenceMsPerSqrtKm: 0,
  curvature: 0,
};
const arrival = (s: PulseSensor) =>
  source.time + Math.hypot(s.east - source.east, s.north - source.north) / C;
// The source's arrivals at the grid, and three stray pulses at sensor 0:
// `before` 120 s before the first arrival, more than maxRangeM/c (88 s),
// so out of any group's reach; `early` 20 s before it, within; `late`
// 300 s after it, past every candidate; and one at the far sensor.
const STRAYS = { before: -120, early: -20, late: 300 } as const;
const first = Math.min(...sensors.slice(0, FAR).map(arrival));
const detections: PulseDetection[] = [
  ...sensors.slice(0, FAR).map((s, i) => ({
    sensor: i,
    time: arrival(s),
    snrDb: 20,
  })),
  ...Object.values(STRAYS).map((dt) => ({
    sensor: 0,
    time: first + dt,
    snrDb: 10,
  })),
  { sensor: FAR, time: first + 5, snrDb: 10 },
]
  .sort((a, b) => a.time - b.time)
  .map((d, index) => ({ ...d, index }));

function context() {
  return buildContext(
    {
      sensors,
      detections,
      propagationAt: () => stillAir({ mode: 'fixed', speed: C }),
    },
    params,
    true
  );
}

const ctx0 = context();
// The earliest arrival of the source: the seed.
const seed = ctx0.dets.findIndex((d) => d.time === first && d.sensor < FAR);
const strayId = (dt: number) =>
  ctx0.dets.findIndex((d) => d.sensor === 0 && d.time === first + dt);
const farId = ctx0.dets.findIndex((d) => d.sensor === FAR);
const memberId = ctx0.dets.findIndex(
  (d) => d.sensor < FAR && d.time > first && d.snrDb === 20
);

describe('gatherCandidates: whether a taken pulse touches a seed', () => {
  it('has the pulses the cases name', () => {
    const ids = [seed, memberId, farId, ...Object.values(STRAYS).map(strayId)];
    expect(ids.every((id) => id >= 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  const cases: { desc: string; taken: number[]; touched: boolean }[] = [
    { desc: 'none taken', taken: [], touched: false },
    { desc: 'another arrival of its source', taken: [memberId], touched: true },
    {
      desc: 'a pulse 20 s before it (a source in range emits that early)',
      taken: [strayId(STRAYS.early)],
      touched: true,
    },
    {
      desc: 'a pulse 120 s before it',
      taken: [strayId(STRAYS.before)],
      touched: false,
    },
    {
      desc: 'a pulse 300 s after it',
      taken: [strayId(STRAYS.late)],
      touched: false,
    },
    {
      desc: 'a pulse at a sensor beyond twice the range',
      taken: [farId],
      touched: false,
    },
  ];
  it.each(cases)('$desc: touched $touched', ({ taken, touched }) => {
    const marks = new Uint8Array(ctx0.dets.length);
    for (const id of taken) marks[id] = 1;
    const ctx = context();
    for (const id of taken) ctx.used[id] = 1;
    expect(gatherCandidates(ctx, seed, C, 0.02, marks).touched).toBe(touched);
  });

  it('is touched whenever no marks are given', () => {
    expect(gatherCandidates(context(), seed, C, 0.02).touched).toBe(true);
  });
});

describe('buildGroup in a later pass', () => {
  const untouched = () => new Uint8Array(ctx0.dets.length);

  it('finds the group from its triples when not told what was taken', () => {
    const g = buildGroup(context(), seed);
    expect(g?.members.length).toBe(FAR);
  });

  it('tries no triple for a seed nothing touched: no site, no group', () => {
    expect(buildGroup(context(), seed, undefined, [], untouched())).toBe(
      undefined
    );
  });

  it('still tries the sites of accepted groups for it', () => {
    const ctx = context();
    const g = buildGroup(ctx, seed)!;
    ctx.accepted.push(g);
    const again = buildGroup(ctx, seed, undefined, [], untouched());
    expect(again?.members).toEqual(g.members);
  });

  it('tries its triples again once a pulse in its reach was taken', () => {
    const ctx = context();
    const marks = untouched();
    marks[strayId(STRAYS.early)] = 1;
    ctx.used[strayId(STRAYS.early)] = 1;
    expect(buildGroup(ctx, seed, undefined, [], marks)?.members.length).toBe(
      FAR
    );
  });
});
