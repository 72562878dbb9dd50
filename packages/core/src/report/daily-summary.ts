import type { Finding } from '../engine/finding.js';
import type { MonitoringGap } from '../fusion/located-event.js';
import type { GeoPoint } from '../geo/wgs84.js';
import {
  formatRfc3339Micros,
  parseRfc3339Micros,
} from '../observation/time.js';
import {
  parseReportDay,
  previousReportDay,
  type ReportDay,
} from './report-day.js';
import { REPORT_SECTORS, sectorOf, type ReportSector } from './sectors.js';

/** A finding as the report reads it: DESIGN 4.5, with any extra properties. */
export type ReportFinding = Pick<Finding, 'type' | 'geometry' | 'properties'>;

/** A monitor's report of a restriction of movement (patrol `restriction`). */
export type ReportRestriction = {
  time: string;
  sensor: string;
  position: GeoPoint;
  text: string;
};

export type DailySummaryInput = {
  /** The report's UTC day, YYYY-MM-DD. */
  date: string;
  /** Findings; those outside the day are left out. */
  findings: readonly ReportFinding[];
  /** The previous day's findings; default: taken from `findings`. */
  previousFindings?: readonly ReportFinding[];
  /** Monitoring gaps (fusion); those overlapping either day count. */
  gaps: readonly MonitoringGap[];
  /** Default REPORT_SECTORS. */
  sectors?: readonly ReportSector[];
  restrictions?: readonly ReportRestriction[];
};

/** A count on the day against the day before. */
export type CountRow = { key: string; today: number; previous: number };

/** One finding as the report lists it. */
export type FindingRow = {
  id: string;
  time: string;
  kind: string;
  rule: string;
  sector: string;
  party: string | null;
  probability: number;
  confidence: number;
  status: string;
  weaponClass: string | null;
  position: GeoPoint;
  semiMajorM: number;
};

export type GapRow = {
  sensor: string;
  reason: MonitoringGap['reason'];
  from: string;
  to: string;
  /** Minutes of the gap inside the report's day. */
  minutesInDay: number;
  sector: string;
  position: GeoPoint;
};

export type DailySummary = {
  date: string;
  previousDate: string;
  /** Counted findings (not rejected) on the day and the day before. */
  totals: { today: number; previous: number; rejectedToday: number };
  byKind: CountRow[];
  byRule: CountRow[];
  byWeaponClass: CountRow[];
  byParty: CountRow[];
  bySector: CountRow[];
  /** weapons_in_zone findings of the day (withdrawal-line violations). */
  weapons: FindingRow[];
  monitoring: {
    findings: FindingRow[];
    gaps: GapRow[];
    gapsByReason: CountRow[];
    restrictions: (ReportRestriction & { sector: string })[];
  };
  /** Every finding of the day, rejected ones included, by time then id. */
  findings: FindingRow[];
};

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings the engine no longer stands by are listed but not counted. */
const counted = (f: FindingRow) => f.status !== 'rejected';

function rowOf(f: ReportFinding, sectors: readonly ReportSector[]): FindingRow {
  const p = f.properties;
  const position: GeoPoint = [
    f.geometry.coordinates[0],
    f.geometry.coordinates[1],
  ];
  return {
    id: p.id,
    time: p.time,
    kind: p.kind,
    rule: p.rule,
    sector: sectorOf(position, sectors),
    party: p.attribution.party,
    probability: p.attribution.probability,
    confidence: p.confidence,
    status: p.status,
    weaponClass: p.weaponClass ?? null,
    position,
    semiMajorM: p.errorEllipse.semiMajorM,
  };
}

function inDay(time: string, day: ReportDay): boolean {
  const t = parseRfc3339Micros(time);
  return t >= day.fromMicros && t < day.toMicros;
}

function rowsOn(
  findings: readonly ReportFinding[],
  day: ReportDay,
  sectors: readonly ReportSector[]
): FindingRow[] {
  return findings
    .filter((f) => inDay(f.properties.time, day))
    .map((f) => rowOf(f, sectors))
    .sort(
      (a, b) =>
        parseRfc3339Micros(a.time) - parseRfc3339Micros(b.time) ||
        compareText(a.id, b.id)
    );
}

/** Rows for every key seen on either day, most today first, then by key. */
function compare<T>(
  today: readonly T[],
  previous: readonly T[],
  keyOf: (x: T) => string | null
): CountRow[] {
  const rows = new Map<string, CountRow>();
  const add = (x: T, field: 'today' | 'previous') => {
    const key = keyOf(x);
    if (key === null) return;
    const row = rows.get(key) ?? { key, today: 0, previous: 0 };
    row[field]++;
    rows.set(key, row);
  };
  today.forEach((x) => add(x, 'today'));
  previous.forEach((x) => add(x, 'previous'));
  return [...rows.values()].sort(
    (a, b) =>
      b.today - a.today || b.previous - a.previous || compareText(a.key, b.key)
  );
}

function overlapMicros(g: MonitoringGap, day: ReportDay): number {
  return Math.max(
    0,
    Math.min(g.toMicros, day.toMicros) - Math.max(g.fromMicros, day.fromMicros)
  );
}

function gapRow(
  g: MonitoringGap,
  day: ReportDay,
  sectors: readonly ReportSector[]
): GapRow {
  const position: GeoPoint = [g.position[0], g.position[1]];
  return {
    sensor: g.sensor,
    reason: g.reason,
    from: formatRfc3339Micros(g.fromMicros),
    to: formatRfc3339Micros(g.toMicros),
    minutesInDay: Math.round(overlapMicros(g, day) / 60e6),
    sector: sectorOf(position, sectors),
    position,
  };
}

/**
 * The daily report's content, after the OSCE SMM daily reports: findings
 * by kind, rule, weapon class, party and sector against the day before,
 * weapons in violation of withdrawal lines, restrictions and denial of
 * monitoring, and the day's findings. Rejected findings are listed, not
 * counted. Throws REPORT_DATE_INVALID for a date not YYYY-MM-DD.
 */
export function summarizeDay(input: DailySummaryInput): DailySummary {
  const day = parseReportDay(input.date);
  const before = previousReportDay(day);
  const sectors = input.sectors ?? REPORT_SECTORS;
  const all = rowsOn(input.findings, day, sectors);
  const today = all.filter(counted);
  const previous = rowsOn(
    input.previousFindings ?? input.findings,
    before,
    sectors
  ).filter(counted);
  const gapsOf = (d: ReportDay) =>
    input.gaps.filter((g) => overlapMicros(g, d) > 0);
  const todayGaps = gapsOf(day);
  return {
    date: day.date,
    previousDate: before.date,
    totals: {
      today: today.length,
      previous: previous.length,
      rejectedToday: all.length - today.length,
    },
    byKind: compare(today, previous, (f) => f.kind),
    byRule: compare(today, previous, (f) => f.rule),
    byWeaponClass: compare(today, previous, (f) => f.weaponClass),
    byParty: compare(today, previous, (f) => f.party ?? 'unattributed'),
    bySector: compare(today, previous, (f) => f.sector),
    weapons: today.filter((f) => f.kind === 'weapons_in_zone'),
    monitoring: {
      findings: today.filter((f) => f.kind === 'denial_of_monitoring'),
      gaps: [...todayGaps]
        .sort(
          (a, b) =>
            a.fromMicros - b.fromMicros ||
            compareText(a.sensor, b.sensor) ||
            compareText(a.reason, b.reason)
        )
        .map((g) => gapRow(g, day, sectors)),
      gapsByReason: compare(todayGaps, gapsOf(before), (g) => g.reason),
      restrictions: (input.restrictions ?? [])
        .filter((r) => inDay(r.time, day))
        .map((r) => ({ ...r, sector: sectorOf(r.position, sectors) })),
    },
    findings: all,
  };
}
