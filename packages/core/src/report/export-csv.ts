import type { ReportFinding } from './daily-summary.js';
import { REPORT_SECTORS, sectorOf, type ReportSector } from './sectors.js';

/**
 * The CSV columns: ACLED's names for what ACLED also records (event_date
 * to notes, in ACLED's order), then Truce's own.
 */
export const FINDINGS_CSV_COLUMNS = [
  'event_date',
  'event_type',
  'sub_event_type',
  'actor1',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'location',
  'finding_id',
  'event_time',
  'rule',
  'kind',
  'weapon_class',
  'status',
  'attribution_probability',
  'confidence',
  'evidence_url',
] as const;

export type FindingsCsvOptions = {
  /** Party id to the name written as actor1; default the id itself. */
  partyNames?: Readonly<Record<string, string>>;
  /** Server base URL; evidence_url is empty without it. */
  evidenceBaseUrl?: string;
  sectors?: readonly ReportSector[];
};

/**
 * ACLED geo_precision from the 95 % ellipse's semi-major axis: 1 = the
 * place itself (within 2 km, a village), 2 = near it (within 25 km, a
 * district), 3 = only the wider region.
 */
export const GEO_PRECISION_LIMITS_M = [2_000, 25_000] as const;

export function geoPrecisionOf(semiMajorM: number): 1 | 2 | 3 {
  const [exact, near] = GEO_PRECISION_LIMITS_M;
  return semiMajorM <= exact ? 1 : semiMajorM <= near ? 2 : 3;
}

/** ACLED event type and sub-type for a finding (ACLED Codebook, 2023). */
export function acledEventType(
  kind: string,
  weaponClass: string | undefined
): [string, string] {
  if (kind === 'fire') {
    if (weaponClass === 'small_arms') return ['Battles', 'Armed clash'];
    if (weaponClass === 'drone') {
      return ['Explosions/Remote violence', 'Air/drone strike'];
    }
    // Mortars, tanks, artillery, rockets and missiles fired from afar.
    return ['Explosions/Remote violence', 'Shelling/artillery/missile attack'];
  }
  // Deployments are what ACLED files under "Change to group/activity".
  if (kind === 'weapons_in_zone') {
    return ['Strategic developments', 'Change to group/activity'];
  }
  return ['Strategic developments', 'Other'];
}

// OWASP "CSV Injection": a cell starting with one of these is run as a
// formula by spreadsheets, so text cells get a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell, guarded against formula injection. */
export function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2: quote a field holding a comma, quote, CR or LF; double quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const round = (x: number, digits: number) => String(Number(x.toFixed(digits)));

function notesOf(f: ReportFinding, actor: string, location: string): string {
  const p = f.properties;
  const e = p.errorEllipse;
  const weapon = p.weaponClass === undefined ? '' : ` (${p.weaponClass})`;
  const by =
    p.attribution.party === null
      ? 'not attributed'
      : `attributed to ${actor} with probability ${round(p.attribution.probability, 3)}`;
  return (
    `${p.kind}${weapon} breaking rule ${p.rule} at ${p.time} near ${location}, ${by}; ` +
    `95% error ellipse ${Math.round(e.semiMajorM)} m by ${Math.round(e.semiMinorM)} m; ` +
    `status ${p.status}; ${p.sources.length} logged sources.`
  );
}

/**
 * Findings as CSV (RFC 4180: CRLF line ends, a header row) with ACLED-like
 * columns, one row per finding in the order given.
 */
export function findingsToCsv(
  findings: readonly ReportFinding[],
  options: FindingsCsvOptions = {}
): string {
  const sectors = options.sectors ?? REPORT_SECTORS;
  const base = options.evidenceBaseUrl?.replace(/\/+$/, '');
  const rows = findings.map((f) => {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const party = p.attribution.party;
    const actor =
      party === null ? 'Unattributed' : (options.partyNames?.[party] ?? party);
    const location = sectorOf([lon, lat], sectors);
    const [type, subType] = acledEventType(p.kind, p.weaponClass);
    const text = (s: string) => csvText(s);
    const cells: Record<(typeof FINDINGS_CSV_COLUMNS)[number], string> = {
      event_date: p.time.slice(0, 10),
      event_type: text(type),
      sub_event_type: text(subType),
      actor1: text(actor),
      latitude: round(lat, 6),
      longitude: round(lon, 6),
      geo_precision: String(geoPrecisionOf(p.errorEllipse.semiMajorM)),
      source: text(
        `Truce monitoring (${p.sensorKinds.length === 0 ? 'monitoring gap' : p.sensorKinds.join('; ')})`
      ),
      notes: text(notesOf(f, actor, location)),
      location: text(location),
      finding_id: p.id,
      event_time: p.time,
      rule: text(p.rule),
      kind: p.kind,
      weapon_class: p.weaponClass ?? '',
      status: p.status,
      attribution_probability: round(p.attribution.probability, 4),
      confidence: round(p.confidence, 4),
      evidence_url:
        base === undefined
          ? ''
          : `${base}/v1/findings/${encodeURIComponent(p.id)}/evidence`,
    };
    return FINDINGS_CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
  });
  return [FINDINGS_CSV_COLUMNS.join(','), ...rows]
    .map((line) => `${line}\r\n`)
    .join('');
}
