import type { Observation } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { MonitoringGap } from './located-event.js';
import type { GapParams } from './params.js';

/** One observation as the gap finder sees it. */
export type GapInput = {
  index: number;
  observation: Observation;
  /** The sensor's position, [lon, lat]. */
  position: readonly [number, number];
};

/** The span a run looks at; silences at its edges count too. */
export type GapWindow = { fromMicros: number; toMicros: number };

type Report = {
  time: number;
  index: number;
  status: 'ok' | 'jamming' | 'tamper';
};

function statusOf(o: Observation): Report['status'] {
  if (o.kind !== 'heartbeat') return 'ok';
  const s = o.heartbeat.status;
  return s === 'jamming' || s === 'tamper' ? s : 'ok';
}

/**
 * Monitoring gaps per sensor: a silence longer than `silenceFactor`
 * heartbeat intervals (from one interval after the last report to the next
 * report), and a stretch that starts with a `jamming` or `tamper` heartbeat
 * and lasts until the sensor reports anything else. `low_power` counts as
 * reporting. Sorted by start, sensor and reason.
 */
export function findMonitoringGaps(
  inputs: readonly GapInput[],
  p: GapParams,
  window?: GapWindow
): MonitoringGap[] {
  const bySensor = new Map<
    string,
    { position: readonly [number, number]; reports: Report[] }
  >();
  for (const x of inputs) {
    const id = x.observation.sensor;
    let s = bySensor.get(id);
    if (s === undefined)
      bySensor.set(id, (s = { position: x.position, reports: [] }));
    s.reports.push({
      time: parseRfc3339Micros(x.observation.time),
      index: x.index,
      status: statusOf(x.observation),
    });
  }
  const interval = p.heartbeatIntervalS * 1e6;
  const limit = p.silenceFactor * interval;
  const gaps: MonitoringGap[] = [];
  for (const [sensor, { position, reports }] of [...bySensor].sort(
    ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)
  )) {
    reports.sort((a, b) => a.time - b.time || a.index - b.index);
    const at: [number, number] = [position[0], position[1]];
    const silence = (from: number, to: number, sources: number[]): void => {
      if (to - from > limit)
        gaps.push({
          sensor,
          reason: 'silence',
          fromMicros: from + interval,
          toMicros: to,
          position: at,
          sources,
        });
    };
    if (window !== undefined && reports.length > 0) {
      silence(window.fromMicros - interval, reports[0]!.time, [
        reports[0]!.index,
      ]);
    }
    let open: MonitoringGap | undefined;
    reports.forEach((r, i) => {
      const next = reports[i + 1];
      if (r.status !== 'ok') {
        if (open !== undefined && open.reason === r.status) {
          (open.sources as number[]).push(r.index);
        } else {
          if (open !== undefined) open.toMicros = r.time;
          open = {
            sensor,
            reason: r.status,
            fromMicros: r.time,
            toMicros: r.time,
            position: at,
            sources: [r.index],
          };
          gaps.push(open);
        }
      } else if (open !== undefined) {
        open.toMicros = r.time;
        (open.sources as number[]).push(r.index);
        open = undefined;
      }
      if (next !== undefined) silence(r.time, next.time, [r.index, next.index]);
    });
    const last = reports[reports.length - 1];
    if (open !== undefined && last !== undefined) {
      open.toMicros =
        window === undefined
          ? last.time + interval
          : Math.max(window.toMicros, last.time);
    }
    if (window !== undefined && last !== undefined)
      silence(last.time, window.toMicros, [last.index]);
  }
  return gaps.sort(
    (a, b) =>
      a.fromMicros - b.fromMicros ||
      (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0) ||
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)
  );
}
