import { describe, expect, it } from 'vitest';
import type { Finding } from '@truce/core';
import { FindingLedger } from './finding-ledger.js';

function finding(id: string, sources: number[], rule = 'no-fire'): Finding {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [37.6, 48] },
    properties: { id, rule, sources },
  } as unknown as Finding;
}

function ledgerOf(...findings: Finding[]): FindingLedger {
  const ledger = new FindingLedger();
  findings.forEach((f, i) => ledger.addFinding(f, 100 + i));
  return ledger;
}

describe('FindingLedger supersession', () => {
  it.each([
    ['a pulse added', [1, 2, 3, 4], [1, 2, 3, 4, 5], true],
    ['an outlier swapped for a late pulse', [1, 2, 3, 4], [1, 2, 3, 5], true],
    ['half the sources shared', [1, 2, 3, 4], [3, 4, 5, 6], false],
    ['two silence gaps sharing the report between them', [1, 2], [2, 3], false],
    ['no source shared', [1, 2, 3], [4, 5, 6], false],
  ])('%s: superseded %s', (_name, first, second, superseded) => {
    const ledger = ledgerOf(finding('a', first), finding('b', second));
    expect(ledger.get('a')!.supersededBy).toBe(superseded ? 'b' : undefined);
    expect(ledger.get('b')!.supersedes).toEqual(superseded ? ['a'] : []);
  });

  it('never links findings of different rules', () => {
    const ledger = ledgerOf(
      finding('a', [1, 2, 3]),
      finding('b', [1, 2, 3], 'withdraw-artillery')
    );
    expect(ledger.get('a')!.supersededBy).toBeUndefined();
  });

  it('follows a chain of versions to the newest', () => {
    const ledger = ledgerOf(
      finding('a', [1, 2, 3]),
      finding('b', [1, 2, 3, 4]),
      finding('c', [1, 2, 3, 4, 5])
    );
    expect(ledger.get('a')!.supersededBy).toBe('b');
    expect(ledger.newest('a')!.finding.properties.id).toBe('c');
    expect(ledger.get('c')!.supersedes).toEqual(['b']);
  });

  it('keeps the first entry of an id logged twice', () => {
    const ledger = ledgerOf(finding('a', [1, 2]), finding('a', [1, 2]));
    expect(ledger.size).toBe(1);
    expect(ledger.get('a')!.index).toBe(100);
  });
});
