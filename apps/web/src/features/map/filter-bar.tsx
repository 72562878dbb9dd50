import { useMemo } from 'preact/hooks';
import type { Party } from '../../api/context.js';
import type { FindingFeature } from '../../api/types.js';
import { UNATTRIBUTED, findingFacets } from './filters.js';
import type { FindingFilter } from './filters.js';

export type FilterBarProps = {
  findings: readonly FindingFeature[];
  version: number;
  parties: readonly Party[];
  filter: FindingFilter;
  shown: number;
  onFilter: (filter: FindingFilter) => void;
};

const STATUSES = ['provisional', 'verified', 'confirmed', 'rejected'] as const;

/** Party, status, kind and rule filters, each a labelled form control. */
export function FilterBar({
  findings,
  version,
  parties,
  filter,
  shown,
  onFilter,
}: FilterBarProps) {
  const facets = useMemo(() => findingFacets(findings), [version]);
  const { kinds, rules } = facets;
  const partyOptions = useMemo(() => {
    const ids = [...facets.parties];
    for (const p of parties) if (!ids.includes(p.id)) ids.push(p.id);
    return ids;
  }, [facets, parties]);
  const nameOf = (id: string) =>
    id === UNATTRIBUTED
      ? 'unattributed'
      : (parties.find((p) => p.id === id)?.name ?? id);
  const toggleStatus = (s: string, on: boolean) =>
    onFilter({
      ...filter,
      status: on ? [...filter.status, s] : filter.status.filter((x) => x !== s),
    });

  return (
    <form
      class="filters"
      aria-label="Filter findings"
      onSubmit={(e) => e.preventDefault()}
    >
      <label>
        Party
        <select
          value={filter.party}
          onChange={(e) =>
            onFilter({ ...filter, party: e.currentTarget.value })
          }
        >
          <option value="">all</option>
          {partyOptions.map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select
          value={filter.kind}
          onChange={(e) => onFilter({ ...filter, kind: e.currentTarget.value })}
        >
          <option value="">all</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rule
        <select
          value={filter.rule}
          onChange={(e) => onFilter({ ...filter, rule: e.currentTarget.value })}
        >
          <option value="">all</option>
          {rules.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Status</legend>
        {STATUSES.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              checked={filter.status.includes(s)}
              onChange={(e) => toggleStatus(s, e.currentTarget.checked)}
            />
            {s}
          </label>
        ))}
      </fieldset>
      <output class="filter-count" aria-live="polite" data-testid="shown-count">
        {shown} shown
      </output>
    </form>
  );
}
