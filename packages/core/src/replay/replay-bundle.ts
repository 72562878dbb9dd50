import { base64Decode } from '../bytes.js';
import { evaluateAgreement } from '../engine/engine.js';
import { findingsToGeoJson, type Finding } from '../engine/finding.js';
import {
  ENGINE_VERSION,
  resolveEngineParams,
  type EngineParams,
  type EngineParamsInput,
} from '../engine/params.js';
import { CoreError } from '../errors.js';
import { recomputeFindings } from '../evidence/finding-recompute.js';
import type { FindingEngine } from '../evidence/finding-evidence.js';
import { selectFindingEvidence } from '../evidence/finding-select.js';
import { fuseObservations } from '../fusion/fuse.js';
import type { LocatedEvent, MonitoringGap } from '../fusion/located-event.js';
import {
  FUSION_ALGORITHM_VERSION,
  resolveFusionParams,
  type FusionOptions,
  type FusionParams,
} from '../fusion/params.js';
import { encodeLogEntry, type LogEntry } from '../log/entry.js';
import {
  completeObservation,
  prepareObservation,
  type AdmitRejectCode,
  type PreparedObservation,
  type SensorKey,
} from '../observation/admit.js';
import { ed25519Verify, type Ed25519Verify } from '../observation/ed25519.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import { parseSensorRecord, type SensorRecord } from '../registry/sensor.js';
import { parseAgreement, type Agreement } from '../rules/agreement.js';
import {
  findingInputsFromEntries,
  type IndexedEntry,
} from './finding-inputs.js';

/** Why a bundle cannot be replayed at all (bad sensors or agreement). */
export type ReplayErrorCode = 'REPLAY_BUNDLE_INVALID';

/** The actor of every entry a replay writes. */
export const REPLAY_ACTOR = 'replay';

/** Clock skew allowed past "now", as the server's default (300 s). */
export const REPLAY_MAX_FUTURE_S = 300;

export type ReplayParams = {
  /** Fusion settings; `origin` defaults to the registered sensors' mean. */
  fusion?: FusionOptions;
  engine?: EngineParamsInput;
};

export type ReplayInput = {
  /** agreement.json as parsed JSON (DESIGN 4.3). */
  agreement: unknown;
  /** sensors.json as parsed JSON: registry records (DESIGN 4.2). */
  sensors: readonly unknown[];
  /** observations.jsonl, one parsed line each; give a line that is not JSON as undefined. */
  envelopes: readonly unknown[];
  params?: ReplayParams;
  /** Signature check; default core's pure-JS strict Ed25519. */
  verify?: Ed25519Verify;
  /** Told of progress: `done` of `total` steps (each envelope, fusion, rules). */
  onProgress?: (done: number, total: number) => void;
};

/** An envelope that was not admitted: its 1-based line and the reason. */
export type ReplayRejection = {
  line: number;
  code: AdmitRejectCode;
  message: string;
};

export type ReplayResult = {
  /** The log in order: registrations, the agreement, observations, findings. */
  entries: Uint8Array[];
  rejected: ReplayRejection[];
  findings: Finding[];
  geojson: ReturnType<typeof findingsToGeoJson>;
  events: LocatedEvent[];
  gaps: MonitoringGap[];
  /** The parameters and versions used, resolved in full: what evidence records. */
  engine: {
    rules: { version: string; params: EngineParams };
    fusion: { version: string; params: FusionParams };
  };
  /** Where each part of the log starts; `observations` admitted. */
  layout: {
    agreementIndex: number;
    firstObservation: number;
    observations: number;
    firstFinding: number;
  };
  /** The replay's "now": the latest observation time, µs since the epoch. */
  nowMicros: number;
};

function invalid(message: string, cause?: unknown): never {
  throw new CoreError<ReplayErrorCode>('REPLAY_BUNDLE_INVALID', message, {
    cause,
  });
}

function readSensors(values: readonly unknown[]): SensorRecord[] {
  if (!Array.isArray(values)) invalid('sensors must be an array');
  const seen = new Set<string>();
  return values.map((value, i) => {
    let record: SensorRecord;
    try {
      record = parseSensorRecord(value);
    } catch (err) {
      invalid(`sensors[${i}]: ${(err as CoreError).message}`, err);
    }
    if (seen.has(record.id)) invalid(`sensors[${i}]: ${record.id} is twice`);
    seen.add(record.id);
    return record;
  });
}

function readAgreement(value: unknown): Agreement {
  try {
    return parseAgreement(value);
  } catch (err) {
    return invalid(`agreement: ${(err as CoreError).message}`, err);
  }
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7 + 0;

/** The mean of the sensors' positions, to 1e-7°: the fusion frame's origin. */
function meanPosition(sensors: readonly SensorRecord[]) {
  const n = Math.max(1, sensors.length);
  const sum = [0, 0, 0];
  for (const { position } of sensors) {
    sum[0]! += position[0];
    sum[1]! += position[1];
    sum[2]! += position[2] ?? 0;
  }
  return [round7(sum[0]! / n), round7(sum[1]! / n), round7(sum[2]! / n)] as [
    number,
    number,
    number,
  ];
}

/**
 * What of a proposed finding is logged, given `rerun`, which recomputes
 * findings from exactly what a finding's own evidence file carries: the
 * finding itself when its rerun gives it again (same id: rule and
 * sources); else, for each finding of the same rule that the rerun rests
 * on a subset of its sources (an outlier the wider input kept), what of
 * that one is logged in turn; none else. Every finding returned is the one
 * its own file recomputes (DESIGN 4.7): a subset's file carries fewer
 * sources than the proposal's, and fusion over it can differ. Each turn
 * rests on fewer sources, so it ends.
 */
export function keptOnRerun(
  proposal: Finding,
  rerun: (finding: Finding) => readonly Finding[]
): Finding[] {
  const { id, rule, sources } = proposal.properties;
  const found = rerun(proposal);
  const same = found.find((f) => f.properties.id === id);
  if (same !== undefined) return [same];
  const held = new Set(sources);
  return found
    .filter(
      (f) =>
        f.properties.rule === rule &&
        f.properties.sources.length < sources.length &&
        f.properties.sources.every((s) => held.has(s))
    )
    .flatMap((subset) => keptOnRerun(subset, rerun));
}

/**
 * What replay logs of the findings that fusion over the whole bundle
 * proposes: each one rerun from exactly what its evidence file will carry
 * (its sources, their weather context, registrations and agreement;
 * `selectFindingEvidence`), as the server's engine does (DESIGN 3, 4.7).
 * Fusion over the whole bundle sees more than a file holds (other pulses
 * at a sensor, competing groups), so a proposal is kept when its rerun
 * gives it again, else the rerun's findings of the same rule on a subset
 * of its sources, each taken the same way on its own file (keptOnRerun);
 * one its own file cannot reproduce is not logged. Each
 * finding once, in the order proposed.
 */
function reproducible(
  proposed: readonly Finding[],
  o: {
    log: readonly IndexedEntry[];
    /** The log index the first finding will have. */
    at: number;
    entryOf: (f: Finding) => LogEntry;
    agreement: unknown;
    engine: FindingEngine;
  }
): Finding[] {
  const out: Finding[] = [];
  const byIndex = new Map(o.log.map((item) => [item.index, item]));
  // What a selection reads besides a finding's sources (it ignores the
  // rest): registrations, agreements, weather; filtered once, not per finding.
  const shared = o.log.filter(
    ({ entry, observation }) =>
      entry.type !== 'observation' || observation?.kind === 'weather'
  );
  const rerun = (finding: Finding) => {
    const selection = selectFindingEvidence({
      entries: [
        ...shared,
        ...finding.properties.sources.map((index) => byIndex.get(index)!),
        { index: o.at, entry: o.entryOf(finding) },
      ],
      findingIndex: o.at,
      fusion: o.engine.fusion.params,
    });
    const carried = [
      ...selection.registry,
      selection.agreement,
      ...selection.sources,
      ...selection.context,
    ]
      .sort((a, b) => a - b)
      .map((index) => byIndex.get(index)!);
    return recomputeFindings({
      entries: carried,
      agreement: o.agreement,
      engine: o.engine,
    });
  };
  for (const candidate of proposed) out.push(...keptOnRerun(candidate, rerun));
  // A finding's id names its rule and sources, and what its file carries
  // follows from those: two proposals that rerun to one id rerun to the
  // same finding, logged once where it first came.
  return [...new Map(out.map((f) => [f.properties.id, f])).values()];
}

/**
 * Replays a scenario bundle (DESIGN 4.4) offline, as the server would have
 * run it: logs the sensors and the agreement, admits each envelope through
 * the server's own checks (`prepareObservation`, `completeObservation`),
 * fuses the admitted observations, judges them against the agreement and
 * logs each finding. Pure and deterministic; "now" is the latest
 * observation time, so TIME_IN_FUTURE never fires. Throws
 * REPLAY_BUNDLE_INVALID for bad sensors or agreement, ENTRY_* for entries
 * over 64 KiB, FUSION_PARAMS_INVALID and ENGINE_PARAMS_INVALID.
 */
export function replayBundle(input: ReplayInput): ReplayResult {
  const sensors = readSensors(input.sensors);
  const agreement = readAgreement(input.agreement);
  const engineParams = resolveEngineParams(input.params?.engine);
  const fusionParams = resolveFusionParams({
    origin: meanPosition(sensors),
    ...input.params?.fusion,
  });
  const verify = input.verify ?? ed25519Verify;
  const keys = new Map<string, SensorKey>(
    sensors.map((s) => [
      s.id,
      { publicKey: base64Decode(s.publicKey), revoked: false },
    ])
  );
  const total = input.envelopes.length + 2;
  const rejected: ReplayRejection[] = [];
  const prepared: (PreparedObservation | undefined)[] = input.envelopes.map(
    (envelope, i) => {
      const p = prepareObservation({ envelope, sensors: (id) => keys.get(id) });
      if (p.ok) return p;
      rejected.push({ line: i + 1, code: p.code, message: p.message });
      return undefined;
    }
  );
  const times = prepared.flatMap((p) => (p === undefined ? [] : p.timeMicros));
  const nowMicros = times.reduce(
    (m, t) => Math.max(m, t),
    parseRfc3339Micros(agreement.effectiveFrom)
  );
  const setupTime = formatRfc3339Micros(
    times.reduce(
      (m, t) => Math.min(m, t),
      parseRfc3339Micros(agreement.effectiveFrom)
    )
  );
  const header = { v: 1, time: setupTime, actor: REPLAY_ACTOR } as const;
  const log: IndexedEntry[] = [
    ...sensors.map((sensor) => ({
      type: 'sensor_registered' as const,
      ...header,
      sensor,
    })),
    { type: 'agreement', ...header, agreement: input.agreement as Agreement },
  ].map((entry, index) => ({ index, entry: entry as LogEntry }));
  const entries = log.map(({ entry }) => encodeLogEntry(entry));
  const agreementIndex = entries.length - 1;
  const lastSeq = new Map<string, number>();
  prepared.forEach((p, i) => {
    if ((i + 1) % 1000 === 0) input.onProgress?.(i + 1, total);
    if (p === undefined) return;
    const signatureValid = verify(p.publicKey, p.message, p.signature);
    const done = completeObservation(p, {
      signatureValid,
      lastSeq: (id) => lastSeq.get(id),
      nowMicros,
      maxFutureMicros: REPLAY_MAX_FUTURE_S * 1_000_000,
    });
    if (!done.ok) {
      rejected.push({ line: i + 1, code: done.code, message: done.message });
      return;
    }
    lastSeq.set(done.observation.sensor, done.observation.seq);
    const entry = { v: 1, type: 'observation', envelope: done.envelope };
    log.push({
      index: entries.length,
      entry: entry as LogEntry,
      observation: done.observation,
    });
    entries.push(done.entry);
  });
  rejected.sort((a, b) => a.line - b.line);
  input.onProgress?.(input.envelopes.length, total);
  const inputs = findingInputsFromEntries(log);
  const fused = fuseObservations({
    observations: inputs.observations,
    params: fusionParams,
  });
  input.onProgress?.(input.envelopes.length + 1, total);
  const proposed = evaluateAgreement({
    agreement,
    events: fused.events,
    gaps: fused.gaps,
    params: engineParams,
  });
  const firstFinding = entries.length;
  const time = formatRfc3339Micros(nowMicros);
  const findingEntry = (finding: Finding): LogEntry => ({
    v: 1,
    type: 'finding',
    time,
    actor: REPLAY_ACTOR,
    finding,
  });
  const findings = reproducible(proposed, {
    log,
    at: firstFinding,
    entryOf: findingEntry,
    agreement: input.agreement,
    engine: {
      rules: { version: ENGINE_VERSION, params: engineParams },
      fusion: { version: FUSION_ALGORITHM_VERSION, params: fusionParams },
    },
  });
  for (const finding of findings) {
    entries.push(encodeLogEntry(findingEntry(finding)));
  }
  input.onProgress?.(total, total);
  return {
    entries,
    rejected,
    findings,
    geojson: findingsToGeoJson(findings),
    events: fused.events,
    gaps: fused.gaps,
    engine: {
      rules: { version: ENGINE_VERSION, params: engineParams },
      fusion: { version: fused.algorithm.version, params: fusionParams },
    },
    layout: {
      agreementIndex,
      firstObservation: agreementIndex + 1,
      observations: firstFinding - agreementIndex - 1,
      firstFinding,
    },
    nowMicros,
  };
}
