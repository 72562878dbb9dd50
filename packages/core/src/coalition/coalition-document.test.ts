/// <reference types="node" />
// Node types for reading data/coalition-demo.json (tests only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { PLEDGE_TYPES, RESPONSE_TYPES } from './coalition.js';
import { validateCoalition } from './coalition-document.js';

const demo: unknown = JSON.parse(
  readFileSync(join(REPO_ROOT, 'data/coalition-demo.json'), 'utf8')
);

const member = (iso3: string) => ({ iso3, name: iso3, role: 'contributor' });
const pledge = (id: string, iso3: string) => ({
  id,
  member: iso3,
  type: 'finance',
  quantity: 1,
  unit: 'EUR bn',
  conditions: '',
  capability: 'financial_support',
  approval: { procedure: 'none', status: 'pending', leadTimeDays: 0 },
});

describe('validateCoalition', () => {
  describe('on data/coalition-demo.json', () => {
    const result = validateCoalition(demo);
    const doc = result.ok ? result.value : undefined;

    it('accepts the demo coalition', () => {
      expect(result.ok ? [] : result.issues).toEqual([]);
    });

    it('marks every pledge illustrative', () => {
      expect(doc!.pledges.every((p) => p.illustrative === true)).toBe(true);
    });

    it('has the UK and France as co-leads and 1 to 3 pledges per member', () => {
      expect(
        doc!.members.filter((m) => m.role === 'co_lead').map((m) => m.iso3)
      ).toEqual(['GBR', 'FRA']);
      for (const m of doc!.members) {
        const n = doc!.pledges.filter((p) => p.member === m.iso3).length;
        expect(n, m.iso3).toBeGreaterThanOrEqual(1);
        expect(n, m.iso3).toBeLessThanOrEqual(3);
      }
    });

    it('covers every pledge type and every response type', () => {
      expect(new Set(doc!.pledges.map((p) => p.type))).toEqual(
        new Set(PLEDGE_TYPES)
      );
      expect(new Set(doc!.pledges.map((p) => p.capability))).toEqual(
        new Set(RESPONSE_TYPES)
      );
    });

    it('asks the Bundestag before German troops or air defence deploy', () => {
      const german = doc!.pledges.filter(
        (p) => p.member === 'DEU' && p.type === 'air_defence'
      );
      expect(german.map((p) => p.approval.procedure)).toEqual([
        'parliament_vote',
      ]);
    });
  });

  describe('when the document breaks its schema', () => {
    it('names every issue with its path', () => {
      const result = validateCoalition({
        version: '1',
        members: [{ iso3: 'fr', name: 'France', role: 'co_lead' }],
        pledges: [],
      });
      expect(result.ok ? [] : result.issues).toMatchObject([
        { code: 'COALITION_DOCUMENT_INVALID', path: ['members', 0, 'iso3'] },
      ]);
    });
  });

  describe('when members and pledges do not fit together', () => {
    it('reports a duplicate member, an unknown member and a duplicate id', () => {
      const result = validateCoalition({
        version: '1',
        members: [member('FRA'), member('FRA')],
        pledges: [pledge('p1', 'FRA'), pledge('p1', 'HUN')],
      });
      expect(
        result.ok ? [] : result.issues.map((i) => [i.code, i.path.join('.')])
      ).toEqual([
        ['COALITION_DOCUMENT_INVALID', 'members.1.iso3'],
        ['COALITION_MEMBER_UNKNOWN', 'pledges.1.member'],
        ['COALITION_PLEDGE_EXISTS', 'pledges.1.id'],
      ]);
    });
  });
});
