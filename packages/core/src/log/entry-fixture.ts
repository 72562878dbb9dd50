import { base64Encode } from '../bytes.js';
import { OBSERVATION_PAYLOAD_TYPE } from '../observation/dsse.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import type { LogEntryOf, LogEntryType } from './entry.js';

// One valid example of every log entry type, for the entry tests: a new
// type fails to compile here until it has one.

export const KEY = base64Encode(ed25519PublicKey(new Uint8Array(32).fill(1)));
export const KEY2 = base64Encode(ed25519PublicKey(new Uint8Array(32).fill(2)));
export const SIG = base64Encode(new Uint8Array(64).fill(7));
export const TIME = '2026-12-01T00:00:00Z';

export function observation(
  payload = 'e30=',
  keyid = 's1'
): LogEntryOf<'observation'> {
  return {
    v: 1,
    type: 'observation',
    envelope: {
      payloadType: OBSERVATION_PAYLOAD_TYPE,
      payload,
      signatures: [{ keyid, sig: SIG }],
    },
  };
}

export const ENTRIES: { [K in LogEntryType]: LogEntryOf<K> } = {
  observation: observation(),
  sensor_registered: {
    v: 1,
    type: 'sensor_registered',
    time: TIME,
    actor: 'monitor',
    sensor: {
      id: 's1',
      kind: 'radar',
      publicKey: KEY,
      position: [37.6, 48],
      operator: 'A',
    },
  },
  sensor_key_rotated: {
    v: 1,
    type: 'sensor_key_rotated',
    time: TIME,
    actor: 'monitor',
    sensor: 's1',
    publicKey: KEY2,
  },
  sensor_revoked: {
    v: 1,
    type: 'sensor_revoked',
    time: TIME,
    actor: 'monitor',
    sensor: 's1',
    reason: 'captured',
  },
  agreement: {
    v: 1,
    type: 'agreement',
    time: TIME,
    actor: 'monitor',
    agreement: {
      id: 'ceasefire-2026',
      version: 1,
      title: 'Ceasefire',
      effectiveFrom: TIME,
      parties: [
        { id: 'A', name: 'Party A' },
        { id: 'B', name: 'Party B' },
      ],
      contactLine: {
        type: 'LineString',
        coordinates: [
          [37, 47],
          [37, 49],
        ],
      },
      leftParty: 'A',
      rules: [{ id: 'no-fire', kind: 'no_fire' }],
    },
  },
  finding: {
    v: 1,
    type: 'finding',
    time: TIME,
    actor: 'engine',
    finding: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [37.1, 48] },
      properties: {
        id: 'a'.repeat(64),
        rule: 'no-fire',
        kind: 'fire',
        time: TIME,
        errorEllipse: { semiMajorM: 120.5, semiMinorM: 40, azimuthDeg: 30 },
        attribution: { party: 'B', probability: 0.99 },
        confidence: 0.8,
        status: 'provisional',
        sources: [3, 7],
        agreement: { id: 'ceasefire-2026', version: 1 },
        engineVersion: 'truce-rules/1',
        paramsDigest: 'b'.repeat(64),
        sensorKinds: ['acoustic'],
        weaponClass: 'artillery',
      },
    },
  },
  finding_review: {
    v: 1,
    type: 'finding_review',
    time: TIME,
    actor: 'analyst-1',
    findingId: 'a'.repeat(64),
    status: 'rejected',
    reason: 'a controlled demolition announced the day before',
  },
  coalition_member: {
    v: 1,
    type: 'coalition_member',
    time: TIME,
    actor: 'admin',
    member: { iso3: 'FRA', name: 'France', role: 'co_lead' },
  },
  pledge_registered: {
    v: 1,
    type: 'pledge_registered',
    time: TIME,
    actor: 'guarantor-fra',
    pledge: {
      id: 'fra-air-defence',
      member: 'FRA',
      type: 'air_defence',
      quantity: 2,
      unit: 'SAMP/T batteries',
      conditions: 'west of the Dnipro',
      capability: 'air_defence',
      approval: {
        procedure: 'cabinet_decision',
        status: 'pending',
        leadTimeDays: 14,
      },
      illustrative: true,
    },
  },
  pledge_transition: {
    v: 1,
    type: 'pledge_transition',
    time: TIME,
    actor: 'guarantor-fra',
    pledgeId: 'fra-air-defence',
    from: 'pledged',
    to: 'approval_pending',
    reason: 'request sent to the Conseil de défense',
  },
  ladder: {
    v: 1,
    type: 'ladder',
    time: TIME,
    actor: 'admin',
    ladder: {
      id: 'demo',
      version: 1,
      windowing: { kind: 'sliding', defaultWindowHours: 24 },
      tiers: [
        {
          id: 't1',
          level: 1,
          name: 'Any violation',
          conditions: { anyOf: [{ minCount: 1 }] },
          responses: ['diplomatic_demarche'],
          requiresCommission: false,
        },
      ],
    },
  },
  commission_decision: {
    v: 1,
    type: 'commission_decision',
    time: TIME,
    actor: 'commission-1',
    findingId: 'a'.repeat(64),
    attribution: { party: 'B', probability: 0.9 },
    remedy: 'withdraw the battery beyond 50 km',
    reason: 'radar and acoustic tracks agree',
  },
  response_plan: {
    v: 1,
    type: 'response_plan',
    time: TIME,
    actor: 'response',
    plan: {
      at: TIME,
      ladder: { id: 'demo', version: 1 },
      tier: { id: 't1', name: 'Any violation', level: 1 },
      findingIds: ['a'.repeat(64)],
      findingCount: 1,
      awaitingCommission: [],
      responses: [
        { type: 'diplomatic_demarche', pledges: [], effectiveAt: null },
      ],
      uncovered: ['diplomatic_demarche'],
      excluded: [],
      burden: [],
    },
  },
};
