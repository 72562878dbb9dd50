import type { Geometry } from 'geojson';
import type { WebConfig } from '../config.js';
import type { FindingsStore } from './findings-store.js';
import type { Loaded } from './http.js';
import { loadJson } from './http.js';
import { toSensorDot } from '../features/map/sensor-marks.js';
import type { SensorDot } from '../features/map/sensor-marks.js';

/** What the pages share: settings, the live findings, and the agreement. */
export type AppContext = {
  config: WebConfig;
  store: FindingsStore;
  navigate: (hash: string) => void;
};

export type Party = { id: string; name: string };
export type AgreementView = {
  index: number;
  id: string;
  version: number;
  title: string;
  parties: Party[];
  contactLine: Geometry | undefined;
};

type AgreementAnswer = {
  index: number;
  agreement: {
    id?: string;
    version?: number;
    title?: string;
    parties?: Party[];
    contactLine?: Geometry;
  };
};

/** GET /v1/agreements/current, reduced to what the pages draw. */
export async function loadAgreement(
  config: WebConfig
): Promise<Loaded<AgreementView>> {
  const got = await loadJson<AgreementAnswer>(
    `${config.apiBase}/v1/agreements/current`
  );
  if (got.state !== 'ok') return got;
  const a = got.value.agreement;
  return {
    state: 'ok',
    value: {
      index: got.value.index,
      id: a.id ?? '?',
      version: a.version ?? 0,
      title: a.title ?? '',
      parties: Array.isArray(a.parties) ? a.parties : [],
      contactLine: a.contactLine,
    },
  };
}

type SensorsAnswer = {
  sensors: Parameters<typeof toSensorDot>[0][];
};

/** GET /v1/sensors: fixed sensors with a position, and their health. */
export async function loadSensors(config: WebConfig): Promise<SensorDot[]> {
  const got = await loadJson<SensorsAnswer>(`${config.apiBase}/v1/sensors`);
  if (got.state !== 'ok') return [];
  return got.value.sensors.flatMap((s) => {
    const dot = toSensorDot(s);
    return dot === undefined ? [] : [dot];
  });
}
