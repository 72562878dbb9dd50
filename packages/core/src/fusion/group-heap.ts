import type { PulseGroup } from './association-types.js';

const own = (g: PulseGroup): number =>
  g.ownLogLikelihoodRatio ?? g.logLikelihoodRatio;

/** Total order of groups: stronger on their own pulses first, then lower seed id. */
function groupOrder(x: PulseGroup, y: PulseGroup): number {
  return own(y) - own(x) || x.seed - y.seed;
}

/** A binary max-heap under `groupOrder`, so the greedy loop is deterministic. */
export class GroupHeap {
  private readonly items: PulseGroup[] = [];
  get size(): number {
    return this.items.length;
  }
  push(g: PulseGroup): void {
    const a = this.items;
    a.push(g);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (groupOrder(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): PulseGroup | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && groupOrder(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && groupOrder(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
