import { describe, expect, it } from 'vitest';
import type { ObservationOf } from '../observation/payload.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { parseSimAgreement } from './agreement-input.js';
import { SIM_DEMO_AGREEMENT } from './demo-agreement.js';
import { chordDistance } from '../fusion/geodesy.js';
import { wgs84Point } from '../fusion/units.js';
import type { SimDifficulty } from './params.js';
import { simulateScenario } from './scenario.js';

// The truth file against the observations it explains.

const SCENARIOS: [SimDifficulty, number, number][] = [
  ['medium', 31, 6],
  ['hard', 32, 4],
];
const agreement = parseSimAgreement(SIM_DEMO_AGREEMENT);
const at = (p: readonly number[]) => wgs84Point(p[0]!, p[1]!, 0);
const micros = parseRfc3339Micros;

describe.each(SCENARIOS)(
  'the truth of a %s scenario (seed %i, %i h)',
  (difficulty, seed, hours) => {
    const { observations, truth } = simulateScenario({
      seed,
      agreement,
      params: { difficulty, hours },
    });
    const labelled = (label: string, kind?: string) =>
      truth.observations.filter(
        (o) => o.label === label && (kind === undefined || o.kind === kind)
      );
    const ids = new Set([
      ...truth.fires.map((f) => f.id),
      ...truth.impacts.map((i) => i.id),
      ...truth.weapons.map((w) => w.id),
    ]);

    it('names real observations and real sources', () => {
      for (const o of truth.observations) {
        const { payload } = observations[o.line]!;
        expect([payload.sensor, payload.seq, payload.kind]).toEqual([
          o.sensor,
          o.seq,
          o.kind,
        ]);
        for (const id of o.sources ?? []) expect(ids.has(id)).toBe(true);
      }
      expect(truth.counts.observations).toBe(observations.length);
    });

    it('has echoes 30–300 ms after their detection, at the same sensor, weaker', () => {
      const echoes = labelled('echo');
      expect(echoes.length).toBeGreaterThan(10);
      for (const e of echoes.filter((x) => x.echoOf !== undefined)) {
        const echo = observations[e.line]!.payload as ObservationOf<'acoustic'>;
        const first = observations[e.echoOf!]!
          .payload as ObservationOf<'acoustic'>;
        expect(first.sensor).toBe(echo.sensor);
        const delay = micros(echo.time) - micros(first.time);
        expect(delay).toBeGreaterThanOrEqual(30_000);
        expect(delay).toBeLessThanOrEqual(300_000);
        expect(echo.acoustic.snrDb).toBeLessThan(first.acoustic.snrDb);
      }
    });

    it('has false alarms at every kind of sensor that can raise them', () => {
      const kinds = new Set(labelled('false_alarm').map((o) => o.kind));
      expect(kinds.has('acoustic')).toBe(true);
      expect(
        kinds.has('patrol') || kinds.has('imagery') || kinds.has('radar')
      ).toBe(true);
    });

    it('sends nothing while silent and only heartbeats that say why while jammed or tampered with', () => {
      expect(truth.outages.length).toBeGreaterThan(0);
      for (const o of truth.outages) {
        const [from, to] = [micros(o.from), micros(o.to)];
        for (const { payload } of observations) {
          const t = micros(payload.time);
          if (payload.sensor !== o.sensor || t < from || t >= to) continue;
          expect(o.kind).not.toBe('silence');
          expect(payload.kind).toBe('heartbeat');
          expect(['jamming', 'tamper']).toContain(
            (payload as ObservationOf<'heartbeat'>).heartbeat.status
          );
        }
      }
    });

    it('lands rounds on the other side of the line', () => {
      const fires = new Map(truth.fires.map((f) => [f.id, f]));
      const crossed = truth.impacts.filter(
        (i) => i.territory !== fires.get(i.fire)!.territory
      );
      // A few land past an end of the 100 km demo line, where "side" is
      // the end segment's and bends back.
      expect(crossed.length / truth.impacts.length).toBeGreaterThan(0.98);
      for (const f of truth.fires) expect(f.territory).toBe(f.party);
    });

    it('fires salvos as many launches within seconds from nearby points', () => {
      const salvos = truth.engagements.filter((e) => e.weaponClass === 'mlrs');
      expect(salvos.length).toBeGreaterThan(0);
      const fires = new Map(truth.fires.map((f) => [f.id, f]));
      for (const s of salvos) {
        const rounds = s.fires.map((id) => fires.get(id)!);
        expect(rounds.length).toBeGreaterThanOrEqual(
          truth.params.profile.salvoRockets[0]
        );
        expect(micros(s.end) - micros(s.start)).toBeLessThan(30e6);
        for (const r of rounds) {
          expect(
            chordDistance(at(r.position), at(rounds[0]!.position))
          ).toBeLessThan(2500);
        }
      }
    });

    it('has radar tracks whose origins lie within 5 σ of the launch', () => {
      const fires = new Map(truth.fires.map((f) => [f.id, f]));
      const tracks = labelled('detection', 'radar');
      expect(tracks.length).toBeGreaterThan(5);
      for (const o of tracks) {
        const { radar } = observations[o.line]!
          .payload as ObservationOf<'radar'>;
        const fire = fires.get(o.sources![0]!)!;
        expect(chordDistance(at(radar.origin), at(fire.position))).toBeLessThan(
          5 * radar.originErrorM
        );
        expect(micros(observations[o.line]!.payload.time)).toBeGreaterThan(
          micros(fire.time)
        );
      }
    });

    it('puts weapons inside withdrawal zones on their own side, closer than the rule allows', () => {
      const inside = truth.weapons.filter((w) => w.insideZone);
      expect(inside.length).toBe(truth.params.profile.weaponsInZones);
      for (const w of truth.weapons) {
        expect(w.territory).toBe(w.party);
        expect(w.distanceFromLineKm < w.minDistanceKm).toBe(w.insideZone);
      }
    });

    it('has imagery detections of weapons within 5 σ of where they stand', () => {
      const weapons = new Map(truth.weapons.map((w) => [w.id, w]));
      for (const o of labelled('detection', 'imagery')) {
        const { imagery } = observations[o.line]!
          .payload as ObservationOf<'imagery'>;
        const truthful = imagery.detections.filter(
          (_, i) => !(o.falseDetections ?? []).includes(i)
        );
        expect(truthful).toHaveLength(o.sources!.length);
        truthful.forEach((d, i) => {
          const w = weapons.get(o.sources![i]!)!;
          expect(chordDistance(at(d.position), at(w.position))).toBeLessThan(
            5 * d.positionErrorM
          );
        });
      }
    });

    it('has patrols stamp what they heard with the minute they first heard it', () => {
      const times = new Map(
        [...truth.fires, ...truth.impacts, ...truth.weapons].map((s) => [
          s.id,
          micros('time' in s ? s.time : s.from),
        ])
      );
      const reports = labelled('report', 'patrol');
      expect(reports.length).toBeGreaterThan(hours);
      const sounds = new Set(
        [...truth.fires, ...truth.impacts].map((s) => s.id)
      );
      let heard = 0;
      for (const o of reports) {
        const t = micros(observations[o.line]!.payload.time);
        if (!(o.sources ?? []).some((id) => sounds.has(id))) {
          // Weapons seen: after they were placed there.
          for (const id of o.sources ?? [])
            expect(t).toBeGreaterThan(times.get(id)!);
          continue;
        }
        heard++;
        expect(t % 60e6).toBe(0);
        // Heard 0-30 s after the first (10 km of sound), noted to the minute.
        const first = Math.min(
          ...(o.sources ?? []).map((id) => times.get(id)!)
        );
        expect(t).toBeGreaterThanOrEqual(first - 30e6);
        expect(t).toBeLessThanOrEqual(first + 30e6 + 30e6);
      }
      expect(heard).toBeGreaterThan(0);
    });
  }
);
