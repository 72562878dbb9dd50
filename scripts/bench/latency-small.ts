// The small mode of finding-latency.ts (`--small N`): a real server
// (startServer, SQLite file, default engine settings but the short-range
// network's fusion parameters) on loopback, six
// acoustic sensors around a gun south of a contact line, and shots whose
// pulses are submitted over HTTP one shot at a time. For each shot, the
// time from the acknowledgement of its last pulse to the finding being
// served by GET /v1/findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OBSERVATION_PAYLOAD_TYPE,
  base64Encode,
  celsius,
  chordDistance,
  ed25519PublicKey,
  ed25519Sign,
  enuFrameAt,
  enuPoint,
  formatRfc3339Micros,
  sha256,
  signEnvelope,
  soundSpeedFromTemperature,
  utf8Encode,
  wgs84FromEnu,
  wgs84Point,
  SHORT_RANGE_ACOUSTIC,
} from '@truce/core';
import { parseServerConfig, startServer } from '@truce/server';

/** Runs the small mode and prints its line. */
export async function runSmallLatency(shots: number): Promise<void> {
  const centre = wgs84Point(37.6, 48.03, 180);
  const frame = enuFrameAt(centre);
  const speed = soundSpeedFromTemperature(celsius(15));
  const ring = [
    [1200, 0],
    [700, 1000],
    [-600, 1100],
    [-1300, 100],
    [-500, -1200],
    [800, -900],
  ];
  const sensors = ring.map(([e, n], i) => {
    const seed = sha256(utf8Encode(`latency sensor ${i}`));
    const p = wgs84FromEnu(frame, enuPoint(e!, n!, 0));
    return {
      seed,
      record: {
        id: `acoustic-${100 + i}`,
        kind: 'acoustic',
        publicKey: base64Encode(ed25519PublicKey(seed)),
        position: [p.lon, p.lat, p.height] as [number, number, number],
        operator: 'monitor',
        timingSigmaS: 0.001,
      },
    };
  });
  const agreement = {
    id: 'latency-ceasefire',
    version: 1,
    title: 'Latency test',
    effectiveFrom: formatRfc3339Micros((Date.now() - 86_400_000) * 1000),
    parties: [
      { id: 'A', name: 'North' },
      { id: 'B', name: 'South' },
    ],
    contactLine: {
      type: 'LineString',
      coordinates: [
        [37.5, 48.05],
        [37.7, 48.05],
      ],
    },
    leftParty: 'A',
    rules: [{ id: 'no-fire', kind: 'no_fire' }],
  };

  const dir = mkdtempSync(join(tmpdir(), 'truce-latency-'));
  writeFileSync(
    join(dir, 'sensors.json'),
    JSON.stringify(sensors.map((s) => s.record))
  );
  writeFileSync(join(dir, 'agreement.json'), JSON.stringify(agreement));
  writeFileSync(
    join(dir, 'fusion.json'),
    JSON.stringify({ acoustic: SHORT_RANGE_ACOUSTIC })
  );
  const server = await startServer(
    parseServerConfig({
      dataDir: join(dir, 'data'),
      port: 0,
      logLevel: 'warn',
      verifyWorkers: 0,
      sensorsFile: join(dir, 'sensors.json'),
      agreementFile: join(dir, 'agreement.json'),
      fusionParamsFile: join(dir, 'fusion.json'),
    })
  );

  async function findingCount(): Promise<number> {
    const res = await fetch(`${server.url}/v1/findings?limit=10000`);
    return ((await res.json()) as { features: unknown[] }).features.length;
  }

  const latencies: number[] = [];
  try {
    for (let k = 0; k < shots; k++) {
      // Each shot from another spot, so each is a new finding.
      const gun = wgs84FromEnu(frame, enuPoint(40 * k - 400, 30 * (k % 7), 0));
      const fired = (Date.now() - 1000) * 1000;
      const envelopes = sensors.map((s) => {
        const [lon, lat, h] = s.record.position;
        const range = chordDistance(gun, wgs84Point(lon, lat, h));
        const payload = {
          sensor: s.record.id,
          seq: k,
          time: formatRfc3339Micros(fired + Math.round((range / speed) * 1e6)),
          kind: 'acoustic',
          acoustic: { class: 'launch', snrDb: 25 },
        };
        return signEnvelope({
          payloadType: OBSERVATION_PAYLOAD_TYPE,
          payload: utf8Encode(JSON.stringify(payload)),
          keyid: s.record.id,
          sign: (m) => ed25519Sign(s.seed, m),
        });
      });
      const before = await findingCount();
      const res = await fetch(`${server.url}/v1/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ envelopes }),
      });
      const acked = performance.now();
      const { results } = (await res.json()) as {
        results: { status: string }[];
      };
      if (results.some((r) => r.status !== 'accepted')) {
        throw new Error(`rejected: ${JSON.stringify(results)}`);
      }
      while ((await findingCount()) === before) {
        if (performance.now() - acked > 10_000)
          throw new Error('no finding in 10 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - acked);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `finding latency over ${sorted.length} shots (ack of the last pulse → GET /v1/findings shows it): ` +
      `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`
  );
}
