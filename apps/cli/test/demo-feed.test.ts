import { describe, expect, it } from 'vitest';
import {
  SIM_DEMO_AGREEMENT,
  decodeEnvelope,
  ed25519Sign,
  formatRfc3339Micros,
  parseRfc3339Micros,
  parseSimAgreement,
  publicKeyFromSeed,
  utf8Decode,
  verifyEnvelope,
} from '@truce/core';
import { nodeSensorSigner } from '../src/demo/demo-setup.js';
import { CliError } from '../src/errors.js';
import {
  EpisodeFeed,
  episodeSensorId,
  scheduleEpisode,
  simulateEpisode,
} from '../src/demo/episode-feed.js';
import { realTimeSpans } from '../src/demo/time-warp.js';
import { createNodeEd25519Verify } from '../src/node-ed25519.js';

const S = 1_000_000;
const WALL = 1_900_000_000 * S;

// Half an hour of the busiest profile: several engagements, clutter, echoes.
const simulated = simulateEpisode({
  seed: 11,
  agreement: parseSimAgreement(SIM_DEMO_AGREEMENT),
  params: { difficulty: 'hard', hours: 0.5, acousticSensors: 12 },
});
const { scenario } = simulated;
// Fixed test seeds, one per sensor, so the test needs no randomness.
const seeds = new Map(
  simulated.sensors.map((s, i) => [s.id, new Uint8Array(32).fill(i + 1)])
);

type Payload = { sensor: string; seq: number; time: string; kind: string };

function payloadOf(envelope: unknown): Payload {
  return JSON.parse(utf8Decode(decodeEnvelope(envelope).payload)) as Payload;
}

describe('nodeSensorSigner', () => {
  it("signs byte for byte as core's Ed25519 (RFC 8032 is deterministic)", () => {
    const [id, seed] = [...seeds][0]!;
    const message = new TextEncoder().encode('PAE bytes');
    expect(nodeSensorSigner(seeds)(id, message)).toEqual(
      ed25519Sign(seed, message)
    );
  });

  it('refuses with FAILED a sensor it holds no key for', () => {
    expect(() =>
      nodeSensorSigner(seeds)('unknown-sensor', new Uint8Array(1))
    ).toThrowWithCode(CliError, 'FAILED');
  });
});

describe('realTimeSpans', () => {
  it("covers every acoustic and radar detection of an engagement's fire", () => {
    const spans = realTimeSpans(scenario);
    expect(spans.length).toBeGreaterThan(0);
    const detections = scenario.truth.observations.filter(
      (o) =>
        (o.kind === 'acoustic' || o.kind === 'radar') &&
        (o.sources ?? []).length > 0
    );
    expect(detections.length).toBeGreaterThan(0);
    for (const o of detections) {
      const t = parseRfc3339Micros(scenario.observations[o.line]!.payload.time);
      expect(spans.some((s) => s.fromMicros <= t && t <= s.toMicros)).toBe(
        true
      );
    }
  });
});

describe('EpisodeFeed', () => {
  it('re-times, renumbers and re-signs each observation as it falls due', () => {
    const episode = scheduleEpisode(simulated, 1, WALL);
    const feed = new EpisodeFeed(episode, nodeSensorSigner(seeds), 1);
    expect(feed.take(WALL - 1)).toEqual([]);
    const envelopes = feed.take(episode.endWallMicros, 1_000_000);
    expect(feed.done).toBe(true);
    expect(envelopes.length).toBeGreaterThan(100);

    const verify = createNodeEd25519Verify();
    const lastSeq = new Map<string, number>();
    let lastTime = -Infinity;
    for (const envelope of envelopes) {
      const p = payloadOf(envelope);
      expect(p.sensor.startsWith(episodeSensorId(11, ''))).toBe(true);
      const publicKey = publicKeyFromSeed(seeds.get(p.sensor)!);
      expect(verifyEnvelope(envelope, { keys: [{ publicKey }], verify })).toBe(
        true
      );
      expect(p.seq).toBeGreaterThan(lastSeq.get(p.sensor) ?? -1);
      lastSeq.set(p.sensor, p.seq);
      const t = parseRfc3339Micros(p.time);
      expect(t).toBeGreaterThanOrEqual(lastTime);
      expect(t).toBeLessThanOrEqual(episode.endWallMicros);
      lastTime = t;
    }
  });

  it('keeps arrival-time differences of one engagement exact at any speed', () => {
    const episode = scheduleEpisode(simulated, 500, WALL);
    const feed = new EpisodeFeed(episode, nodeSensorSigner(seeds), 500);
    const sent = feed.take(episode.endWallMicros, 1_000_000).map(payloadOf);
    const span = realTimeSpans(scenario)[0]!;
    const original = scenario.observations.filter((o) => {
      const t = parseRfc3339Micros(o.payload.time);
      return (
        o.payload.kind === 'acoustic' &&
        t >= span.fromMicros &&
        t <= span.toMicros
      );
    });
    expect(original.length).toBeGreaterThan(2);
    const first = original[0]!;
    const last = original[original.length - 1]!;
    const wall = (t: string) =>
      episode.warp.toWallMicros(parseRfc3339Micros(t))!;
    expect(wall(last.payload.time) - wall(first.payload.time)).toBe(
      parseRfc3339Micros(last.payload.time) -
        parseRfc3339Micros(first.payload.time)
    );
    const sentTimes = new Set(sent.map((p) => p.time));
    expect(sentTimes.has(formatRfc3339Micros(wall(first.payload.time)))).toBe(
      true
    );
    expect(sentTimes.has(formatRfc3339Micros(wall(last.payload.time)))).toBe(
      true
    );
  });

  it('thins acoustic clutter between engagements to 1 in speed', () => {
    const speed = 4;
    const episode = scheduleEpisode(simulated, speed, WALL);
    const feed = new EpisodeFeed(episode, nodeSensorSigner(seeds), speed);
    const sent = feed.take(episode.endWallMicros, 1_000_000).map(payloadOf);
    const quiet = scenario.observations.filter(
      (o) =>
        o.payload.kind === 'acoustic' &&
        parseRfc3339Micros(o.payload.time) >= episode.warp.fromMicros &&
        !episode.warp.isRealTime(parseRfc3339Micros(o.payload.time))
    ).length;
    expect(quiet).toBeGreaterThan(speed);
    const loud = scenario.observations.filter(
      (o) =>
        o.payload.kind === 'acoustic' &&
        episode.warp.isRealTime(parseRfc3339Micros(o.payload.time))
    ).length;
    const acousticSent = sent.filter((p) => p.kind === 'acoustic').length;
    expect(acousticSent).toBe(loud + Math.ceil(quiet / speed));
    // Everything else is sent whole.
    const others = scenario.observations.filter(
      (o) =>
        o.payload.kind !== 'acoustic' &&
        parseRfc3339Micros(o.payload.time) >= episode.warp.fromMicros
    ).length;
    expect(sent.length - acousticSent).toBe(others);
  });
});
