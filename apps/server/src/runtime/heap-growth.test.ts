import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './heap-growth.js';

describe('limitHeapGrowth', () => {
  it('sets the V8 heap growing percent', () => {
    const flags: string[] = [];
    limitHeapGrowth(100, (f) => flags.push(f));
    expect(flags).toEqual(['--heap-growing-percent=100']);
  });

  describe('when the percent is 0', () => {
    it("leaves V8's own factor", () => {
      const flags: string[] = [];
      limitHeapGrowth(0, (f) => flags.push(f));
      expect(flags).toEqual([]);
    });
  });
});
