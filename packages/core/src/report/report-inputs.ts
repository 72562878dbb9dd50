import { applyReviews } from '../engine/status.js';
import type { Finding } from '../engine/finding.js';
import type { FindingReview } from '../engine/finding-entry.js';
import { findMonitoringGaps } from '../fusion/gaps.js';
import type { MonitoringGap } from '../fusion/located-event.js';
import { DEFAULT_FUSION_PARAMS } from '../fusion/params.js';
import type { Agreement } from '../rules/agreement.js';
import {
  findingInputsFromEntries,
  type IndexedEntry,
} from '../replay/finding-inputs.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { ReportRestriction } from './daily-summary.js';
import { parseReportDay, previousReportDay } from './report-day.js';
import type { ObservationSpan } from './report-entries.js';

export type ReportInputs = {
  /** The newest logged agreement, if any. */
  agreement: Agreement | undefined;
  /** Every logged finding, its latest review applied, in log order. */
  findings: Finding[];
  /** Monitoring gaps overlapping the report's day or the day before. */
  gaps: MonitoringGap[];
  /** Monitors' `restriction` reports of the two days. */
  restrictions: ReportRestriction[];
};

/**
 * The two days, cut to the span the log has observations for: before the
 * first and after the last one nothing was monitored yet (or still), and
 * that is no sensor's silence.
 */
function reportWindow(
  times: readonly number[],
  fromMicros: number,
  toMicros: number
): { fromMicros: number; toMicros: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const t of times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return {
    fromMicros: Math.max(fromMicros, first),
    toMicros: Math.max(Math.max(fromMicros, first), Math.min(toMicros, last)),
  };
}

/**
 * What `summarizeDay` needs, rebuilt from decoded log entries: findings
 * with their reviews, and gaps and restriction reports found again from
 * the observations of the day and the day before (gaps by fusion's own
 * `findMonitoringGaps` and default parameters, so a report finds the gaps
 * the engine found). Entries may come in any order; others are ignored.
 * `span` is the whole log's observation span when `entries` hold only
 * part of it (see selectReportEntries).
 */
export function reportInputsFromEntries(
  entries: Iterable<IndexedEntry>,
  date: string,
  span?: ObservationSpan
): ReportInputs {
  const day = parseReportDay(date);
  const all = [...entries];
  const inputs = findingInputsFromEntries(all);
  const window = reportWindow(
    span === undefined
      ? inputs.observations.map((o) => parseRfc3339Micros(o.observation.time))
      : [span.firstMicros, span.lastMicros],
    previousReportDay(day).fromMicros,
    day.toMicros
  );
  const reviews: FindingReview[] = [];
  for (const { entry } of all.sort((a, b) => a.index - b.index)) {
    if (entry.type !== 'finding_review') continue;
    const { findingId, status, reason, actor, time } = entry;
    reviews.push({ findingId, status, reason, actor, time });
  }
  const { findings } = applyReviews(
    inputs.findings.map((f) => f.entry.finding),
    reviews
  );
  const observed = inputs.observations.filter((o) => {
    const t = parseRfc3339Micros(o.observation.time);
    return t >= window.fromMicros && t <= window.toMicros;
  });
  const gaps = findMonitoringGaps(
    observed.map((o) => ({
      index: o.index,
      observation: o.observation,
      position: [o.sensor.position[0], o.sensor.position[1]],
    })),
    DEFAULT_FUSION_PARAMS.gaps,
    window
  );
  const restrictions = observed.flatMap((o): ReportRestriction[] => {
    const obs = o.observation;
    if (obs.kind !== 'patrol' || obs.patrol.category !== 'restriction') {
      return [];
    }
    const [lon, lat] = obs.position ?? o.sensor.position;
    return [
      {
        time: obs.time,
        sensor: obs.sensor,
        position: [lon, lat],
        text: obs.patrol.text,
      },
    ];
  });
  return {
    agreement: inputs.agreements.at(-1)?.entry.agreement,
    findings,
    gaps,
    restrictions,
  };
}
