import { describe, expect, it } from 'vitest';
import { base64Decode, bytesEqual } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { CoreError } from '../errors.js';
import { ed25519PublicKey } from '../observation/ed25519.js';
import { parseObservationPayload } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { parseSensorRecord } from '../registry/sensor.js';
import { parseSimAgreement } from './agreement-input.js';
import { SIM_DEMO_AGREEMENT } from './demo-agreement.js';
import type { SimParams } from './params.js';
import type { SimInput } from './scenario.js';
import { simulateScenario } from './scenario.js';

const AGREEMENT = parseSimAgreement(SIM_DEMO_AGREEMENT);
const run = (seed: number, params: SimParams = { hours: 2 }) =>
  simulateScenario({ seed, agreement: AGREEMENT, params });
const bytesOf = (s: ReturnType<typeof run>) =>
  canonicalJsonBytes({
    sensors: s.sensors,
    observations: s.observations,
    truth: s.truth,
    seeds: [...s.sensorSeeds].map(([id, seed]) => [id, [...seed]]),
  });

describe('simulateScenario', () => {
  const scenario = run(11);

  describe('determinism', () => {
    it('gives the same bytes for the same seed', () => {
      expect(bytesEqual(bytesOf(run(11)), bytesOf(scenario))).toBe(true);
    });

    it('gives a different scenario and different keys for another seed', () => {
      const other = run(12);
      expect(bytesEqual(bytesOf(other), bytesOf(scenario))).toBe(false);
      expect(other.sensors[0]!.publicKey).not.toBe(
        scenario.sensors[0]!.publicKey
      );
    });
  });

  describe('its sensors', () => {
    it('are valid registry records with the keys of their seeds', () => {
      for (const record of scenario.sensors) {
        expect(parseSensorRecord(record)).toEqual(record);
        const seed = scenario.sensorSeeds.get(record.id)!;
        expect(base64Decode(record.publicKey)).toEqual(ed25519PublicKey(seed));
      }
      const kinds = new Set(scenario.sensors.map((s) => s.kind));
      expect([...kinds].sort()).toEqual([
        'acoustic',
        'imagery',
        'patrol',
        'radar',
        'weather',
      ]);
      expect(
        scenario.sensors.filter((s) => s.kind === 'acoustic')
      ).toHaveLength(24);
    });

    it('stand on both sides with positions that carry altitude', () => {
      const sides = new Set<string>();
      for (const r of scenario.sensors) {
        expect(r.position).toHaveLength(3);
        expect(r.position[2]).toBeGreaterThan(50);
        expect(r.position[2]).toBeLessThan(400);
        sides.add(r.operator);
      }
      expect([...sides].sort()).toEqual(['A', 'B', 'monitor']);
    });
  });

  describe('its observations', () => {
    it('parse as v1 payloads from registered sensors', () => {
      const ids = new Set(scenario.sensors.map((s) => s.id));
      for (const { sensorId, payload } of scenario.observations) {
        expect(parseObservationPayload(canonicalJsonBytes(payload))).toEqual(
          payload
        );
        expect(payload.sensor).toBe(sensorId);
        expect(ids.has(sensorId)).toBe(true);
      }
    });

    it('are in time order within the scenario, with seqs 0, 1, 2, ... per sensor', () => {
      const start = parseRfc3339Micros(scenario.truth.start);
      const end = parseRfc3339Micros(scenario.truth.end);
      const next = new Map<string, number>();
      let last = start;
      for (const { payload } of scenario.observations) {
        const t = parseRfc3339Micros(payload.time);
        expect(t).toBeGreaterThanOrEqual(last);
        expect(t).toBeLessThan(end);
        last = t;
        expect(payload.seq).toBe(next.get(payload.sensor) ?? 0);
        next.set(payload.sensor, payload.seq + 1);
      }
    });

    it('start at the agreement, or at startMicros when given', () => {
      expect(scenario.truth.start).toBe(SIM_DEMO_AGREEMENT.effectiveFrom);
      const later = run(11, {
        hours: 0.5,
        startMicros: Date.UTC(2027, 0, 5) * 1000,
      });
      expect(later.truth.start).toBe('2027-01-05T00:00:00Z');
      expect(
        later.observations[0]!.payload.time.startsWith('2027-01-05T00:')
      ).toBe(true);
    });

    it('include every kind of DESIGN 4.1', () => {
      const kinds = new Set(scenario.observations.map((o) => o.payload.kind));
      expect([...kinds].sort()).toEqual([
        'acoustic',
        'heartbeat',
        'imagery',
        'patrol',
        'radar',
        'weather',
      ]);
    });
  });

  describe('with more difficulty', () => {
    const easy = run(5, { difficulty: 'easy', hours: 3 });
    const hard = run(5, { difficulty: 'hard', hours: 3 });
    const rate = (s: typeof easy, label: string) =>
      s.truth.observations.filter((o) => o.label === label).length;
    it('has more fire, clutter and echoes', () => {
      expect(hard.truth.fires.length).toBeGreaterThan(
        2 * easy.truth.fires.length
      );
      expect(rate(hard, 'false_alarm')).toBeGreaterThan(
        3 * rate(easy, 'false_alarm')
      );
      expect(rate(hard, 'echo')).toBeGreaterThan(3 * rate(easy, 'echo'));
    });

    it('has more of it fired by the second party', () => {
      const share = (s: typeof easy) =>
        s.truth.engagements.filter((e) => e.party === 'B').length /
        s.truth.engagements.length;
      expect(share(hard)).toBeGreaterThan(0.7);
      expect(share(hard)).toBeLessThan(1);
      expect(share(hard)).toBeGreaterThan(share(easy));
    });
  });

  describe('when its input is unusable', () => {
    const cases: [string, Partial<SimInput>, string][] = [
      ['a negative seed', { seed: -1 }, 'SIM_PARAMS_INVALID'],
      ['a fractional seed', { seed: 1.5 }, 'SIM_PARAMS_INVALID'],
      ['zero hours', { params: { hours: 0 } }, 'SIM_PARAMS_INVALID'],
      ['two sensors', { params: { acousticSensors: 2 } }, 'SIM_PARAMS_INVALID'],
      [
        'an unknown difficulty',
        { params: { difficulty: 'x' as never } },
        'SIM_PARAMS_INVALID',
      ],
      ['a bad start', { params: { startMicros: 0.5 } }, 'SIM_PARAMS_INVALID'],
      [
        'a sector longer than the line',
        { params: { sectorLengthKm: 200 } },
        'SIM_AGREEMENT_INVALID',
      ],
    ];
    it.each(cases)('throws for %s', (_, patch, code) => {
      expect(() =>
        simulateScenario({ seed: 1, agreement: AGREEMENT, ...patch })
      ).toThrowWithCode(CoreError, code);
    });
  });
});

describe('parseSimAgreement', () => {
  const base = structuredClone(SIM_DEMO_AGREEMENT) as unknown as Record<
    string,
    unknown
  >;
  const cases: [string, Record<string, unknown>][] = [
    ['no contact line', { contactLine: undefined }],
    [
      'a one-point line',
      { contactLine: { type: 'LineString', coordinates: [[37, 48]] } },
    ],
    ['an unknown left party', { leftParty: 'C' }],
    ['one party', { parties: [{ id: 'A', name: 'A' }] }],
    ['a bad effectiveFrom', { effectiveFrom: '2026-12-01' }],
    [
      'a withdrawal without distance',
      { rules: [{ id: 'w', kind: 'withdrawal', weaponClasses: ['tank'] }] },
    ],
    ['not an object', { __replace: 42 }],
  ];
  it.each(cases)('throws AGREEMENT_INVALID for %s', (_, patch) => {
    const json = '__replace' in patch ? patch.__replace : { ...base, ...patch };
    expect(() => parseSimAgreement(json)).toThrowWithCode(
      CoreError,
      'AGREEMENT_INVALID'
    );
  });

  it('reads the sides, the aggressor and the withdrawal rules', () => {
    const a = parseSimAgreement({
      ...base,
      rules: [
        ...(base.rules as object[]),
        { id: 'buffer', kind: 'buffer_zone', zone: { withinKm: 5 } },
      ],
    });
    expect(a.sides).toEqual(['A', 'B']);
    expect(a.aggressor).toBe('B');
    expect(a.withdrawals.map((w) => [w.id, w.minDistanceKm])).toEqual([
      ['withdraw-artillery', 50],
      ['withdraw-mlrs', 70],
      ['withdraw-heavy-mlrs', 140],
      ['withdraw-tanks-mortars', 15],
    ]);
  });
});
