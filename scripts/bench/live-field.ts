// `npm run bench:field`: the live findings engine (FindingsEngine, as the
// server runs it, fusion's field defaults) on the simulator's field
// network (issue 4), fed each scene's observations in runs of 0.25 s of
// observation time, against core's batch fusion of the whole scene scored
// the same way in the same run. A fire counts as found when a finding (an
// event, for batch) rests on at least four of its pulses and on three in
// four from it; a mixed one is an acoustic finding on four or more pulses
// that is not, near when it lies within 1 km of the launch point of a fire
// it rests on. See README.md.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SimDifficulty, SimScenario } from '@truce/core';
import {
  SIM_DEMO_AGREEMENT,
  distanceM,
  fuseObservations,
  parseAgreement,
  parseRfc3339Micros,
  parseSimAgreement,
  simulateScenario,
} from '@truce/core';
import { FindingsEngine } from '@truce/server';
import { shotOfClean } from './latency-quality.js';
import { fmtInt, ownCpuSeconds } from './report.js';

const { values: flags } = parseArgs({
  options: {
    difficulty: { type: 'string', default: 'medium' },
    seeds: { type: 'string', default: '7001,7002,7003' },
    hours: { type: 'string', default: '1' },
    arrays: { type: 'string' },
    agreement: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`usage: npm run bench:field -- [flags]
  --difficulty D     easy, medium (default) or hard
  --seeds A,B,...    simulator seeds (default 7001,7002,7003)
  --hours H          length of each scene (default 1)
  --arrays N         acoustic arrays (default: the simulator's; the demo uses 60)
  --agreement FILE   the agreement to play on (default: the simulator's demo one)`);
  process.exit(0);
}

const DIFFICULTIES: readonly string[] = ['easy', 'medium', 'hard'];
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!DIFFICULTIES.includes(flags.difficulty)) {
  fail(`--difficulty must be easy, medium or hard, got ${flags.difficulty}`);
}
const difficulty = flags.difficulty as SimDifficulty;
const seeds = flags.seeds.split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) {
  fail(`--seeds must be non-negative integers, got ${flags.seeds}`);
}
const hours = Number(flags.hours);
if (!(hours > 0 && hours <= 24)) fail(`--hours must be in (0, 24]`);
const arrays = flags.arrays === undefined ? undefined : Number(flags.arrays);
if (arrays !== undefined && !(Number.isInteger(arrays) && arrays > 0)) {
  fail(`--arrays must be a positive integer, got ${flags.arrays}`);
}
const agreementJson: unknown =
  flags.agreement === undefined
    ? SIM_DEMO_AGREEMENT
    : JSON.parse(readFileSync(flags.agreement, 'utf8'));

const RUN_MICROS = 250_000;

/** Which fire each acoustic detection's line comes from, and who heard each fire. */
function truthOf(scenario: SimScenario) {
  const fireOf = new Map<number, string>();
  const heard = new Map<string, Set<string>>();
  for (const o of scenario.truth.observations) {
    if (o.kind !== 'acoustic' || o.label !== 'detection') continue;
    for (const s of o.sources ?? []) {
      heard.set(s, (heard.get(s) ?? new Set()).add(o.sensor));
    }
    if (o.sources?.length === 1) fireOf.set(o.line, o.sources[0]!);
  }
  const audible = scenario.truth.fires
    .map((f) => f.id)
    .filter((id) => (heard.get(id)?.size ?? 0) >= 4);
  return { fireOf, audible };
}

/** The fire `sources` rest on, if clean; undefined for a mixed one; null under four pulses. */
function judge(
  scenario: SimScenario,
  fireOf: ReadonlyMap<number, string>,
  sources: readonly number[]
): string | undefined | null {
  const pulses = sources.filter(
    (s) => scenario.observations[s]?.payload.kind === 'acoustic'
  );
  if (pulses.length < 4) return null;
  return shotOfClean(pulses.map((s) => fireOf.get(s)));
}

/** A mixed finding or event: its point and its pulses. */
type Mixed = { point: readonly [number, number]; sources: readonly number[] };

type Score = { found: number; mixed: number; mixedNear: number; cpuS: number };

/** Metres within which a mixed one counts as at one of its fires. */
const NEAR_M = 1000;

/**
 * Whether a mixed finding lies within NEAR_M of the launch point of a fire
 * it rests on (`launch`, by fire id): rounds of one salvo mixed, its side
 * of the line right.
 */
function nearItsFire(
  launch: ReadonlyMap<string, readonly number[]>,
  fireOf: ReadonlyMap<number, string>,
  m: Mixed
): boolean {
  return m.sources.some((s) => {
    const p = launch.get(fireOf.get(s) ?? '');
    return p !== undefined && distanceM(m.point, [p[0]!, p[1]!]) <= NEAR_M;
  });
}

function scoreOf(
  scenario: SimScenario,
  fireOf: ReadonlyMap<number, string>,
  run: { found: ReadonlySet<string>; mixed: readonly Mixed[]; cpuS: number },
  audible: readonly string[]
): Score {
  const launch = new Map(scenario.truth.fires.map((f) => [f.id, f.position]));
  return {
    found: audible.filter((id) => run.found.has(id)).length,
    mixed: run.mixed.length,
    mixedNear: run.mixed.filter((m) => nearItsFire(launch, fireOf, m)).length,
    cpuS: run.cpuS,
  };
}

/** The live engine over the scene; mixed counts the current ones at the end. */
function runLive(scenario: SimScenario, fireOf: ReadonlyMap<number, string>) {
  const agreement = parseAgreement(agreementJson);
  const sensors = new Map(scenario.sensors.map((s) => [s.id, s]));
  const engine = new FindingsEngine({ maxObservations: 10_000_000 });
  const timed = scenario.observations.map((o, index) => ({
    index,
    o,
    micros: parseRfc3339Micros(o.payload.time),
  }));
  const logged = new Set<string>();
  const found = new Set<string>();
  // Current no-fire findings: a later one sharing more than half of an
  // earlier one's sources supersedes it (the server's rule).
  const current: (Mixed & { clean: boolean; live: boolean })[] = [];
  const c0 = ownCpuSeconds();
  let k = 0;
  const first = timed[0]?.micros ?? 0;
  for (let end = first + RUN_MICROS; k < timed.length; end += RUN_MICROS) {
    for (; k < timed.length && timed[k]!.micros < end; k++) {
      const { index, o } = timed[k]!;
      engine.add(index, o.payload, sensors.get(o.sensorId)!, 0);
    }
    for (const f of engine.run(
      end - 1_800e6,
      agreement,
      logged.has.bind(logged),
      end
    )) {
      logged.add(f.properties.id);
      const fire = judge(scenario, fireOf, f.properties.sources);
      if (fire !== null && fire !== undefined) found.add(fire);
      if (fire === null || f.properties.rule !== 'no-fire') continue;
      const mine = new Set(f.properties.sources);
      for (const c of current) {
        const shared = c.sources.filter((s) => mine.has(s)).length;
        if (c.live && 2 * shared > c.sources.length) c.live = false;
      }
      current.push({
        point: f.geometry.coordinates,
        sources: f.properties.sources,
        clean: fire !== undefined,
        live: true,
      });
    }
  }
  const cpuS = ownCpuSeconds() - c0;
  const mixed = current.filter((c) => c.live && !c.clean);
  return { found, mixed, cpuS };
}

function runBatch(scenario: SimScenario, fireOf: ReadonlyMap<number, string>) {
  const sensors = new Map(scenario.sensors.map((s) => [s.id, s]));
  const c0 = ownCpuSeconds();
  const { events } = fuseObservations({
    observations: scenario.observations.map((o, index) => ({
      index,
      observation: o.payload,
      sensor: sensors.get(o.sensorId)!,
    })),
  });
  const cpuS = ownCpuSeconds() - c0;
  const found = new Set<string>();
  const mixed: Mixed[] = [];
  for (const e of events) {
    const fire = judge(scenario, fireOf, e.sources);
    // As for the live engine's no-fire findings: fire events alone.
    if (fire === undefined) {
      if (e.kind === 'fire')
        mixed.push({ point: e.position, sources: e.sources });
    } else if (fire !== null) found.add(fire);
  }
  return { found, mixed, cpuS };
}

/** Progress on stderr, one line rewritten in place. */
const progress = (text: string) => process.stderr.write(`\r\x1b[K${text}`);

const line = (name: string, s: Score, audible: number) =>
  `${name} ${fmtInt(s.found)} of ${fmtInt(audible)} fires heard 4+ found ` +
  `(${((100 * s.found) / Math.max(1, audible)).toFixed(1)} %), ${s.mixed} mixed ` +
  `(${s.mixedNear} within ${NEAR_M / 1000} km of a fire they rest on), ` +
  `${s.cpuS.toFixed(1)} s CPU`;

const add = (a: Score, b: Score): Score => ({
  found: a.found + b.found,
  mixed: a.mixed + b.mixed,
  mixedNear: a.mixedNear + b.mixedNear,
  cpuS: a.cpuS + b.cpuS,
});
const none: Score = { found: 0, mixed: 0, mixedNear: 0, cpuS: 0 };
const total = { audible: 0, live: none, batch: none };
console.log(
  `truce live engine on the field network: ${difficulty}, seeds ${seeds.join(', ')}, ${hours} h each` +
    (arrays === undefined ? '' : `, ${arrays} arrays`)
);
for (const seed of seeds) {
  progress(`seed ${seed}: simulating...`);
  const scenario = simulateScenario({
    seed,
    agreement: parseSimAgreement(agreementJson),
    params: {
      hours,
      difficulty,
      ...(arrays === undefined ? {} : { acousticSensors: arrays }),
    },
  });
  const { fireOf, audible } = truthOf(scenario);
  progress(`seed ${seed}: live engine...`);
  const live = runLive(scenario, fireOf);
  progress(`seed ${seed}: batch fusion...`);
  const batch = runBatch(scenario, fireOf);
  const l = scoreOf(scenario, fireOf, live, audible);
  const b = scoreOf(scenario, fireOf, batch, audible);
  progress('');
  console.log(
    `seed ${seed}: ${fmtInt(scenario.observations.length)} observations`
  );
  console.log(`  ${line('live ', l, audible.length)}`);
  console.log(`  ${line('batch', b, audible.length)}`);
  total.audible += audible.length;
  total.live = add(total.live, l);
  total.batch = add(total.batch, b);
}
const { live, batch } = total;
console.log(`all: ${line('live ', live, total.audible)}`);
console.log(`all: ${line('batch', batch, total.audible)}`);
console.log(
  `live / batch: found ${(live.found / Math.max(1, batch.found)).toFixed(2)}, ` +
    `CPU ${(live.cpuS / Math.max(1e-9, batch.cpuS)).toFixed(2)}`
);
