import type { SimScenario } from '@truce/core';
import { parseRfc3339Micros } from '@truce/core';

/** A stretch of scenario time, µs since the epoch, both ends included. */
export type TimeSpan = { fromMicros: number; toMicros: number };

/** Maps scenario time to wall-clock time; undefined before the episode. */
export type TimeWarp = {
  /** The first scenario time played; earlier observations are skipped. */
  readonly fromMicros: number;
  toWallMicros(scenarioMicros: number): number | undefined;
  /** Whether the time plays at real speed (inside an engagement's span). */
  isRealTime(scenarioMicros: number): boolean;
};

const SECOND = 1_000_000;

/** Observation kinds whose arrival times fusion locates by. */
const TIMED_KINDS = new Set(['acoustic', 'radar']);

/**
 * The spans of scenario time that must play at real speed: for each
 * engagement, from its first to its last acoustic or radar detection,
 * widened by `marginMicros`, merged where they overlap. Fusion locates by
 * differences of arrival times and pairs launches with impacts by flight
 * time, so those differences must reach the server exactly as simulated.
 */
export function realTimeSpans(
  scenario: SimScenario,
  marginMicros = 5 * SECOND
): TimeSpan[] {
  const { truth, observations } = scenario;
  const engagementOf = new Map<string, string>();
  for (const fire of truth.fires) engagementOf.set(fire.id, fire.engagement);
  for (const impact of truth.impacts) {
    const engagement = engagementOf.get(impact.fire);
    if (engagement !== undefined) engagementOf.set(impact.id, engagement);
  }
  const spans = new Map<string, TimeSpan>();
  for (const o of truth.observations) {
    if (!TIMED_KINDS.has(o.kind)) continue;
    const observation = observations[o.line];
    if (observation === undefined) continue;
    const t = parseRfc3339Micros(observation.payload.time);
    for (const source of o.sources ?? []) {
      const engagement = engagementOf.get(source);
      if (engagement === undefined) continue;
      const span = spans.get(engagement);
      spans.set(engagement, {
        fromMicros: Math.min(span?.fromMicros ?? t, t),
        toMicros: Math.max(span?.toMicros ?? t, t),
      });
    }
  }
  return mergeSpans(
    [...spans.values()].map((s) => ({
      fromMicros: s.fromMicros - marginMicros,
      toMicros: s.toMicros + marginMicros,
    }))
  );
}

/** Sorts spans and joins those that overlap or touch. */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const merged: TimeSpan[] = [];
  for (const s of [...spans].sort((a, b) => a.fromMicros - b.fromMicros)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.fromMicros <= last.toMicros) {
      last.toMicros = Math.max(last.toMicros, s.toMicros);
    } else {
      merged.push({ ...s });
    }
  }
  return merged;
}

/**
 * A clock that plays `spans` at real speed and the time between them
 * `speed` times faster. The episode starts `leadMicros` of wall time
 * before the first span, at `wallStartMicros`; scenario time before that
 * is skipped, so the first engagement is heard a few seconds after start.
 * Inside a span the offset to wall time is one integer, so arrival-time
 * differences stay exact to the µs.
 */
export function createTimeWarp(options: {
  spans: readonly TimeSpan[];
  speed: number;
  scenarioStartMicros: number;
  wallStartMicros: number;
  leadMicros?: number;
}): TimeWarp {
  const { speed, scenarioStartMicros, wallStartMicros } = options;
  const lead = options.leadMicros ?? 3 * SECOND;
  const first = options.spans[0];
  const fromMicros =
    first === undefined
      ? scenarioStartMicros
      : Math.max(scenarioStartMicros, first.fromMicros - lead * speed);
  const spans = mergeSpans(options.spans)
    .filter((s) => s.toMicros >= fromMicros)
    .map((s) => ({ ...s, fromMicros: Math.max(s.fromMicros, fromMicros) }));
  // Where each span starts on the wall clock.
  const wallFrom: number[] = [];
  let wall = wallStartMicros;
  let t = fromMicros;
  for (const s of spans) {
    wall += Math.round((s.fromMicros - t) / speed);
    wallFrom.push(wall);
    wall += s.toMicros - s.fromMicros;
    t = s.toMicros;
  }
  // The last span that starts at or before `t` (binary search), or -1.
  const spanBefore = (t: number): number => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.fromMicros <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  return {
    fromMicros,
    isRealTime(scenarioMicros) {
      const k = spanBefore(scenarioMicros);
      return k >= 0 && scenarioMicros <= spans[k]!.toMicros;
    },
    toWallMicros(scenarioMicros) {
      if (scenarioMicros < fromMicros) return undefined;
      const k = spanBefore(scenarioMicros);
      if (k < 0) {
        return (
          wallStartMicros + Math.round((scenarioMicros - fromMicros) / speed)
        );
      }
      const span = spans[k]!;
      const start = wallFrom[k]!;
      if (scenarioMicros <= span.toMicros) {
        return start + (scenarioMicros - span.fromMicros);
      }
      const end = start + (span.toMicros - span.fromMicros);
      return end + Math.round((scenarioMicros - span.toMicros) / speed);
    },
  };
}
