/**
 * How a sensor's health is drawn. Each status has its own shape as well as
 * its own colour, so it reads without colour vision (WCAG 2.2 SC 1.4.1);
 * fills are Okabe–Ito colours, every shape has a dark outline for 3:1
 * against the light basemap (SC 1.4.11).
 */
export const SENSOR_HEALTH_ORDER = [
  'ok',
  'degraded',
  'jammed',
  'tampered',
  'silent',
  'revoked',
  'unknown',
] as const;

/** The server's statuses, plus `unknown` for a server that sends no health. */
export type SensorHealthStatus = (typeof SENSOR_HEALTH_ORDER)[number];

export type SensorDot = {
  id: string;
  /** [lon, lat] */
  position: [number, number];
  health: SensorHealthStatus;
  /** RFC 3339 time of its latest observation; null: none since the server started. */
  lastSeen: string | null;
};

type Mark = { label: string; shape: string };

const OUTLINE = 'stroke="#1a1a1a" stroke-width="1.5"';

export const SENSOR_MARKS: Record<SensorHealthStatus, Mark> = {
  ok: {
    label: 'reporting',
    shape: `<circle cx="7" cy="7" r="5" fill="#009e73" ${OUTLINE}/>`,
  },
  degraded: {
    label: 'degraded (low power)',
    shape: `<rect x="2" y="2" width="10" height="10" fill="#f0e442" ${OUTLINE}/>`,
  },
  jammed: {
    label: 'jammed',
    shape: `<path d="M7 1 13 7 7 13 1 7Z" fill="#e69f00" ${OUTLINE}/>`,
  },
  tampered: {
    label: 'tampered',
    shape: `<path d="M7 1 13 12.5H1Z" fill="#d55e00" ${OUTLINE}/>`,
  },
  silent: {
    label: 'silent',
    shape:
      '<circle cx="7" cy="7" r="4.5" fill="#fff" stroke="#1a1a1a" stroke-width="2.5"/>',
  },
  revoked: {
    label: 'revoked',
    shape:
      '<path d="M2 2 12 12M12 2 2 12" stroke="#fff" stroke-width="4.5"/><path d="M2 2 12 12M12 2 2 12" stroke="#1a1a1a" stroke-width="2.5"/>',
  },
  unknown: {
    label: 'health not reported',
    shape:
      '<circle cx="7" cy="7" r="4.5" fill="#fff" stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="2 1.5"/>',
  },
};

/** The mark as a 14 × 14 inline SVG. */
export function sensorSvg(status: SensorHealthStatus): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${SENSOR_MARKS[status].shape}</svg>`;
}

/** `2026-11-26 11:40 UTC`, or `never since the server started`. */
export function formatLastSeen(lastSeen: string | null): string {
  if (lastSeen === null) return 'never since the server started';
  const ms = Date.parse(lastSeen);
  if (Number.isNaN(ms)) return lastSeen;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a screen reader and the tooltip say about one sensor. */
export function describeSensor(s: SensorDot): string {
  return `Sensor ${s.id}: ${SENSOR_MARKS[s.health].label}; last seen ${formatLastSeen(s.lastSeen)}`;
}

/** How many sensors have each status, in SENSOR_HEALTH_ORDER, zeros left out. */
export function countByHealth(
  sensors: readonly SensorDot[]
): [SensorHealthStatus, number][] {
  const counts = new Map<SensorHealthStatus, number>();
  for (const s of sensors)
    counts.set(s.health, (counts.get(s.health) ?? 0) + 1);
  return SENSOR_HEALTH_ORDER.flatMap((status) => {
    const n = counts.get(status);
    return n === undefined ? [] : [[status, n] as [SensorHealthStatus, number]];
  });
}

const SERVER_STATUSES = new Set<string>(SENSOR_HEALTH_ORDER);

/** One entry of GET /v1/sensors as the map draws it; undefined without a position. */
export function toSensorDot(s: {
  id: string;
  revoked: boolean;
  record: { position?: number[] };
  health?: { status?: string; lastSeen?: string | null };
}): SensorDot | undefined {
  const p = s.record.position;
  if (!Array.isArray(p) || p.length < 2) return undefined;
  const status = s.health?.status;
  const health: SensorHealthStatus = s.revoked
    ? 'revoked'
    : status !== undefined && SERVER_STATUSES.has(status)
      ? (status as SensorHealthStatus)
      : 'unknown';
  return {
    id: s.id,
    position: [p[0]!, p[1]!],
    health,
    lastSeen: s.health?.lastSeen ?? null,
  };
}
