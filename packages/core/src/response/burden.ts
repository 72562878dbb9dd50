import type { PlannedPledge } from './plan.js';

export type BurdenRow = {
  member: string;
  share: number;
  gdpEurBn?: number;
  gdpShare?: number;
  burdenToGdp?: number;
};

/**
 * Each member's share of the plan. Quantities of different response types
 * are not comparable (troops, EUR bn, sanctions packages), so each covered
 * type weighs the same: a member's share of a type is its pledged quantity
 * over the type's total when all its pledges use one unit and the total is
 * positive, else its number of pledges over their count; its burden is the
 * mean of those shares over the covered types. Against GDP, `gdpShare` is
 * the member's part of the GDP of every member listed (pledging or in
 * `gdp`), and burdenToGdp = share / gdpShare.
 */
export function burdenShares(
  covered: readonly (readonly PlannedPledge[])[],
  gdp: Readonly<Record<string, number>>
): BurdenRow[] {
  const totals = new Map<string, number>();
  for (const pledges of covered) {
    const units = new Set(pledges.map((p) => p.unit));
    const sum = pledges.reduce((s, p) => s + p.quantity, 0);
    const byQuantity = units.size === 1 && sum > 0;
    for (const p of pledges) {
      const part = byQuantity ? p.quantity / sum : 1 / pledges.length;
      totals.set(p.member, (totals.get(p.member) ?? 0) + part / covered.length);
    }
  }
  const members = new Set([...totals.keys(), ...Object.keys(gdp)]);
  const gdpSum = [...members].reduce((s, m) => s + (gdp[m] ?? 0), 0);
  return [...members].sort().map((member) => {
    const share = Math.min(1, totals.get(member) ?? 0);
    const g = gdp[member];
    if (g === undefined || !(g > 0) || !(gdpSum > 0)) return { member, share };
    const gdpShare = g / gdpSum;
    return {
      member,
      share,
      gdpEurBn: g,
      gdpShare,
      burdenToGdp: share / gdpShare,
    };
  });
}
