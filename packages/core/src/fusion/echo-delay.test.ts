import { describe, expect, it } from 'vitest';
import { associatePulses } from './associate.js';
import {
  stillAir,
  type AssociationContext,
  type AssociationParams,
  type PulseDetection,
  type PulseSensor,
} from './association-types.js';
import { echoDelay, isRepeatEmission } from './echo-delay.js';
import { DEFAULT_FUSION_PARAMS } from './params.js';

const params: AssociationParams = {
  ...DEFAULT_FUSION_PARAMS.acoustic,
  echoWindowS: 0.5,
  curvature: 0,
};

/** A context over `dets` (one sensor per distinct `sensor`, σ 2 ms). */
function contextOf(dets: PulseDetection[]): AssociationContext {
  const n = Math.max(...dets.map((d) => d.sensor)) + 1;
  const ids = Array.from({ length: n }, () => [] as number[]);
  dets.forEach((d, id) => ids[d.sensor]!.push(id));
  return {
    dets,
    bySensorIds: ids.map((x) => Int32Array.from(x)),
    bySensorTimes: ids.map((x) => Float64Array.from(x, (id) => dets[id]!.time)),
    sSigma: new Float64Array(n).fill(0.002),
    used: new Uint8Array(dets.length),
    params,
  } as unknown as AssociationContext;
}

describe('echoDelay', () => {
  // Sensor 0: 1.0 s (20 dB), 1.1 s (12 dB), 1.2 s (25 dB), 2.0 s (10 dB).
  const ctx = contextOf([
    { index: 0, sensor: 0, time: 1.0, snrDb: 20 },
    { index: 1, sensor: 0, time: 1.1, snrDb: 12 },
    { index: 2, sensor: 0, time: 1.2, snrDb: 25 },
    { index: 3, sensor: 0, time: 2.0, snrDb: 10 },
  ]);

  it('is the lag behind the last pulse at least as strong in the window', () => {
    expect(echoDelay(ctx, 1)).toBeCloseTo(0.1, 12);
  });

  it('is undefined after only weaker pulses, or none within the window', () => {
    expect(echoDelay(ctx, 2)).toBeUndefined();
    expect(echoDelay(ctx, 3)).toBeUndefined();
    expect(echoDelay(ctx, 0)).toBeUndefined();
  });
});

describe('isRepeatEmission', () => {
  // Per sensor k: a strong pulse at k/10 s, then a weaker one `lags[k]` later.
  const pairs = (lags: number[]) =>
    contextOf(
      lags.flatMap((lag, k) => [
        { index: 2 * k, sensor: k, time: k / 10, snrDb: 30 },
        { index: 2 * k + 1, sensor: k, time: k / 10 + lag, snrDb: 20 },
      ])
    );
  const later = (n: number) => Array.from({ length: n }, (_, k) => 2 * k + 1);

  it('holds when every lag is one delay within timing noise', () => {
    expect(isRepeatEmission(pairs([0.38, 0.383, 0.377, 0.381]), later(4))).toBe(
      true
    );
  });

  it('fails when the lags differ as a reflector would make them', () => {
    expect(isRepeatEmission(pairs([0.05, 0.12, 0.19, 0.08]), later(4))).toBe(
      false
    );
  });

  it('needs three members that lag a stronger pulse', () => {
    expect(isRepeatEmission(pairs([0.38, 0.38]), later(2))).toBe(false);
  });

  it('fails when the lags spread beyond timing noise around their median', () => {
    // Each within 2 × 8.5 ms of the first, but not within 8.5 ms of 0.38.
    expect(isRepeatEmission(pairs([0.38, 0.395, 0.365]), later(3))).toBe(false);
  });

  // Per sensor k: a first shot at k/10 s (20 dB), its louder echo
  // `echoLags[k]` later (30 dB), and a second shot `shotLags[k]` after the
  // first (25 dB): the second shot's pulses look like echoes of the louder
  // echo, by lags that differ, yet lag the first shot by one delay.
  const between = (echoLags: number[], shotLags: number[]) =>
    contextOf(
      echoLags.flatMap((lag, k) => [
        { index: 3 * k, sensor: k, time: k / 10, snrDb: 20 },
        { index: 3 * k + 1, sensor: k, time: k / 10 + lag, snrDb: 30 },
        {
          index: 3 * k + 2,
          sensor: k,
          time: k / 10 + shotLags[k]!,
          snrDb: 25,
        },
      ])
    );
  const second = (n: number) => Array.from({ length: n }, (_, k) => 3 * k + 2);

  it('holds when a louder echo of the first shot comes between', () => {
    const ctx = between([0.05, 0.12, 0.19, 0.08], [0.38, 0.382, 0.379, 0.381]);
    expect(isRepeatEmission(ctx, second(4))).toBe(true);
  });

  it('fails when no one delay links the members to earlier pulses', () => {
    const ctx = between([0.05, 0.12, 0.19, 0.08], [0.3, 0.36, 0.42, 0.33]);
    expect(isRepeatEmission(ctx, second(4))).toBe(false);
  });
});

describe('a repeat shot from the same place', () => {
  // Six sensors, two shots from one spot 0.38 s apart, the second a little
  // weaker everywhere: every pulse of the second follows a stronger one
  // within the echo window, as an echo would, but by one common delay.
  const c = 340;
  const sensors: PulseSensor[] = [
    [0, 0],
    [400, 0],
    [800, 100],
    [0, 500],
    [450, 600],
    [850, 450],
  ].map(([e, n]) => ({
    east: e!,
    north: n!,
    up: 0,
    surfaceHeight: 0,
    sigmaS: 0.002,
  }));
  const source = { east: 300, north: 250 };
  const shots = [10, 10.38];
  const detections: PulseDetection[] = shots
    .flatMap((t0, shot) =>
      sensors.map((s, i) => ({
        sensor: i,
        time: t0 + Math.hypot(s.east - source.east, s.north - source.north) / c,
        snrDb: shot === 0 ? 30 : 24,
      }))
    )
    .sort((a, b) => a.time - b.time)
    .map((d, index) => ({ ...d, index }));

  it('makes an event of each shot', () => {
    const r = associatePulses(
      {
        sensors,
        detections,
        propagationAt: () => stillAir({ mode: 'fixed', speed: c }),
      },
      {
        ...params,
        maxRangeM: 1500,
        detection: {
          pDetectMax: 0.85,
          range50M: 800,
          rangeWidthM: 150,
          falseAlarmRatePerS: 0.2,
        },
      }
    );
    const times = r.groups.map((g) => g.solution.time).sort((a, b) => a - b);
    expect(times).toHaveLength(2);
    expect(times[0]).toBeCloseTo(shots[0]!, 3);
    expect(times[1]).toBeCloseTo(shots[1]!, 3);
    for (const g of r.groups) expect(g.members).toHaveLength(sensors.length);
  });
});
