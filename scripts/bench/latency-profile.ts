// The live engine in-process on the sustained scene (issue 4), for
// profiling and for comparing its settings: CPU per detection and shots
// found. `node [--cpu-prof --cpu-prof-dir=.bench/prof]
// --conditions=@truce/source --import tsx scripts/bench/latency-profile.ts
// RATE SECONDS ['{"poolShare":0.5}' ...]`; each JSON argument is one
// LiveFusionSettings run (none: the defaults). Then `profile-summary.ts`.
// Later runs in one process gain from the JIT's warm-up (up to 1.8x seen):
// compare settings in separate processes, or repeat the first setting.
import { buildScene } from './latency-scene.js';
import { measureFusion } from './latency-fusion.js';

const [rateText, secondsText, ...settings] = process.argv.slice(2);
const rate = Number(rateText ?? 3000);
const seconds = Number(secondsText ?? 5);
const startMs = Date.now();
const scene = buildScene({
  rows: 3,
  cols: 300,
  spacingM: 1000,
  rate,
  seconds,
  startMs,
  seed: 4,
});
for (const text of settings.length === 0 ? ['{}'] : settings) {
  const r = measureFusion(scene, {
    mode: 'incremental',
    seconds,
    sliceS: 0.25,
    startMs,
    live: JSON.parse(text) as object,
  });
  const { perSecond, shotsFound, shots, findings, cpuS } = r;
  process.stdout.write(
    `${text} ${Math.round(perSecond)}/s (${cpuS.toFixed(1)} s CPU), ` +
      `${shotsFound}/${shots} shots, ${findings} findings\n`
  );
}
