// The live engine in-process on the sustained scene (issue 4), for
// profiling and for comparing its settings: CPU per detection and shots
// found. `node [--cpu-prof --cpu-prof-dir=.bench/prof]
// --conditions=@truce/source --import tsx scripts/bench/latency-profile.ts
// RATE SECONDS ['{"poolShare":0.5}' ...] [--warm=S] [--shards=N]
// [--cols=C]`; each JSON argument is
// one LiveFusionSettings run (none: the defaults); `--warm=S` counts CPU
// only past the first S stream seconds (the start, when the pool holds every
// pulse until the first events open); `--shards=N` splits the front among N
// engines by region, as the server's `--findings-shards`, and prints each
// one's CPU; `--cols=C` makes the front C km long (default 300). Then
// `profile-summary.ts`.
// Later runs in one process gain from the JIT's warm-up (up to 1.8x seen):
// compare settings in separate processes, or repeat the first setting.
import { buildScene } from './latency-scene.js';
import { measureFusion } from './latency-fusion.js';

const args = process.argv.slice(2);
const flag = (name: string, otherwise: number) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? otherwise : Number(arg.slice(name.length + 3));
};
const warmS = flag('warm', 0);
const shards = flag('shards', 1);
const cols = flag('cols', 300);
const [rateText, secondsText, ...settings] = args.filter(
  (a) => !a.startsWith('--')
);
const rate = Number(rateText ?? 3000);
const seconds = Number(secondsText ?? 5);
const startMs = Date.now();
const scene = buildScene({
  rows: 3,
  cols,
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
    shards,
  });
  const { perSecond, shotsFound, shots, findings, cpuS } = r;
  const past = warmS > 0 ? ` past ${warmS} s` : '';
  process.stdout.write(
    `${text} ${Math.round(perSecond)}/s${past} (${cpuS.toFixed(1)} s CPU), ` +
      `${shotsFound}/${shots} shots, ${findings} findings; clean: ` +
      `${r.clean} findings, ${r.shotsClean}/${r.eligible} shots heard 4+ times, ` +
      `p99 ${r.cleanLagP99S.toFixed(2)} s\n`
  );
  if (shards > 1) {
    const busiest = Math.max(...r.shardCpuS);
    process.stdout.write(
      `  ${shards} engines, CPU s each: ` +
        `${r.shardCpuS.map((c) => c.toFixed(1)).join(' ')}; the busiest ` +
        `${busiest.toFixed(1)} s for ${seconds - warmS} s of stream\n`
    );
  }
}
