// The live engine in-process on the sustained scene (issue 4), for
// profiling and for comparing its settings: CPU per detection and shots
// found. `node [--cpu-prof --cpu-prof-dir=.bench/prof]
// --conditions=@truce/source --import tsx scripts/bench/latency-profile.ts
// RATE SECONDS ['{"poolShare":0.5}' ...] [--warm=S]`; each JSON argument is
// one LiveFusionSettings run (none: the defaults); `--warm=S` counts CPU
// only past the first S stream seconds (the start, when the pool holds every
// pulse until the first events open). Then `profile-summary.ts`.
// Later runs in one process gain from the JIT's warm-up (up to 1.8x seen):
// compare settings in separate processes, or repeat the first setting.
import { buildScene } from './latency-scene.js';
import { measureFusion } from './latency-fusion.js';

const args = process.argv.slice(2);
const warmArg = args.find((a) => a.startsWith('--warm='));
const warmS = warmArg === undefined ? 0 : Number(warmArg.slice(7));
const [rateText, secondsText, ...settings] = args.filter((a) => a !== warmArg);
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
    warmS,
  });
  const { perSecond, shotsFound, shots, findings, cpuS } = r;
  const past = warmS > 0 ? ` past ${warmS} s` : '';
  process.stdout.write(
    `${text} ${Math.round(perSecond)}/s${past} (${cpuS.toFixed(1)} s CPU), ` +
      `${shotsFound}/${shots} shots, ${findings} findings; clean: ` +
      `${r.clean} findings, ${r.shotsClean}/${r.eligible} shots heard 4+ times, ` +
      `p99 ${r.cleanLagP99S.toFixed(2)} s\n`
  );
}
