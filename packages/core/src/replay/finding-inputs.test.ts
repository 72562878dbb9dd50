import { describe, expect, it } from 'vitest';
import { base64Decode } from '../bytes.js';
import {
  observed,
  registered,
  revoked,
  rotated,
  SENSOR,
  OTHER_SENSOR,
  sensorKey,
} from '../evidence/evidence-fixture.js';
import { decodeLogEntry } from '../log/entry.js';
import { findingInputsFromEntries } from './finding-inputs.js';

// The fixture's standard history, plus an observation by an unknown
// sensor and one after a revocation.
const log = [
  registered(SENSOR, 'acoustic-017 key 1'),
  registered(OTHER_SENSOR, 'acoustic-018 key 1'),
  observed(SENSOR, 0, 'acoustic-017 key 1'),
  rotated(SENSOR, 'acoustic-017 key 2'),
  observed(OTHER_SENSOR, 0, 'acoustic-018 key 1'),
  observed(SENSOR, 1, 'acoustic-017 key 2'),
  revoked(SENSOR),
  observed(SENSOR, 2, 'acoustic-017 key 2'),
  observed('acoustic-099', 0, 'nobody'),
  registered(OTHER_SENSOR, 'acoustic-018 key 2'),
].map((bytes, index) => ({ index, entry: decodeLogEntry(bytes) }));

describe('findingInputsFromEntries', () => {
  const inputs = findingInputsFromEntries([...log].reverse());

  it('gives each observation its sensor record and the key in effect', () => {
    expect(
      inputs.observations.map((o) => [
        o.index,
        o.sensor.id,
        o.keyPeriod.fromIndex,
      ])
    ).toEqual([
      [2, SENSOR, 0],
      [4, OTHER_SENSOR, 1],
      [5, SENSOR, 3],
    ]);
    const late = inputs.observations[2]!;
    expect(late.keyPeriod.publicKey).toEqual(sensorKey('acoustic-017 key 2'));
    expect(base64Decode(late.sensor.publicKey)).toEqual(
      sensorKey('acoustic-017 key 2')
    );
    expect(late.sensor.position).toEqual([37.61, 48.02, 180]);
    expect(late.observation).toMatchObject({ sensor: SENSOR, seq: 1 });
  });

  it('skips what a registry would refuse, with a reason', () => {
    expect(inputs.skipped.map((s) => [s.index, s.code])).toEqual([
      [7, 'SENSOR_REVOKED'],
      [8, 'SENSOR_UNKNOWN'],
      [9, 'REGISTRY_ENTRY_INVALID'],
    ]);
  });

  it('reports an observation whose payload does not parse', () => {
    const [entry] = log.slice(2, 3);
    const bad = structuredClone(entry!.entry) as {
      envelope: { payload: string };
    };
    bad.envelope.payload = 'e30=';
    const out = findingInputsFromEntries([
      log[0]!,
      { index: 2, entry: bad as never },
    ]);
    expect(out.skipped).toEqual([
      expect.objectContaining({ index: 2, code: 'PAYLOAD_INVALID' }),
    ]);
  });
});
