// Summarises a V8 .cpuprofile (from `--cpu-prof`): the functions with the
// most self time, and the most inclusive time, as shares of the profile.
// Usage: node --import tsx scripts/bench/profile-summary.ts FILE [TOP]
import { readFileSync } from 'node:fs';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, topText] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profile-summary.ts FILE [TOP]');
  process.exit(2);
}
const top = Number(topText ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) {
  for (const c of n.children ?? []) parent.set(c, n.id);
}
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (
    let cur: number | undefined = id;
    cur !== undefined;
    cur = parent.get(cur)
  ) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + dt);
  }
});
const print = (title: string, map: Map<string, number>) => {
  console.log(`${title} (of ${(total / 1e6).toFixed(2)} s)`);
  for (const [l, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((t / total) * 100).toFixed(1).padStart(6)}%  ${l}`);
  }
};
print('self', self);
print('inclusive', inclusive);
