/** A line at `km` from the contact line, on both sides (a withdrawal rule). */
export type WithdrawalLine = { km: number; label: string };

type RuleLike = {
  kind?: unknown;
  minDistanceKm?: unknown;
  weaponClasses?: unknown;
};

/**
 * The withdrawal lines of an agreement's `withdrawal` rules (DESIGN 4.3),
 * one per distance, naming the weapon classes kept behind it; nearest
 * first.
 */
export function withdrawalLinesOf(agreement: {
  rules: readonly unknown[];
}): WithdrawalLine[] {
  const byKm = new Map<number, string[]>();
  for (const rule of agreement.rules as readonly RuleLike[]) {
    if (rule.kind !== 'withdrawal' || typeof rule.minDistanceKm !== 'number') {
      continue;
    }
    const classes = Array.isArray(rule.weaponClasses)
      ? rule.weaponClasses.map(String)
      : [];
    byKm.set(rule.minDistanceKm, [
      ...(byKm.get(rule.minDistanceKm) ?? []),
      ...classes,
    ]);
  }
  return [...byKm]
    .sort(([a], [b]) => a - b)
    .map(([km, classes]) => ({
      km,
      label: `${km} km: ${classes.join(', ').replace(/_/g, ' ')}`,
    }));
}
