import { describe, expect, it } from 'vitest';
import { acousticSceneBundle } from '../replay/replay-fixture.js';
import { rotated } from './evidence-fixture.js';
import { findingEvidenceFor, findingLogOf } from './finding-fixture.js';
import { selectFindingEvidence } from './finding-select.js';
import { verifyEvidence } from './verify-evidence.js';

// A log in which a source sensor's key was rotated before its observation
// (the radar's registration, which the fire finding does not rest on, is
// overwritten by the rotation): the rotation belongs to the finding's
// registry history, and the observation under the old key fails.
describe('a finding whose source sensor rotated its key first', () => {
  const bundle = acousticSceneBundle();
  const honest = findingLogOf(bundle);
  const radarAt = honest.decoded.findIndex(
    ({ entry }) =>
      entry.type === 'sensor_registered' && entry.sensor.id === 'radar-1'
  );
  const at = honest.replay.layout.firstFinding;
  const first = honest.replay.findings[0]!;
  // The fire finding rests on all eight microphones.
  const sensor = bundle.sensors.find((s) => s.kind === 'acoustic')!.id;
  const log = findingLogOf(bundle, (entries) => {
    entries[radarAt] = rotated(sensor, 'rotated key');
    return entries;
  });

  it('puts the rotation in the registry history', () => {
    const pick = selectFindingEvidence({
      entries: log.decoded,
      findingIndex: at,
      fusion: log.replay.engine.fusion.params,
    });
    expect(first.properties.sensorKinds).toContain('acoustic');
    expect(pick.registry).toContain(radarAt);
  });

  it('fails the observation made under the key it replaced', () => {
    const report = verifyEvidence(findingEvidenceFor(log, at));
    const codes = report.ok ? [] : report.issues.map((i) => i.code);
    expect(codes).toEqual(['SENSOR_KEY_MISMATCH']);
  });
});
