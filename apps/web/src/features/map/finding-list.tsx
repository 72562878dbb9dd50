import type { FindingFeature } from '../../api/types.js';
import type { Party } from '../../api/context.js';

export type FindingListProps = {
  findings: readonly FindingFeature[];
  total: number;
  parties: readonly Party[];
};

function partyName(parties: readonly Party[], id: string | null): string {
  if (id === null) return 'unattributed';
  return parties.find((p) => p.id === id)?.name ?? id;
}

/** The newest findings as a table of links, the keyboard's way into them. */
export function FindingList({ findings, total, parties }: FindingListProps) {
  return (
    <section class="finding-list" aria-labelledby="finding-list-title">
      <h2 id="finding-list-title">
        Findings{' '}
        <span class="muted">
          (
          {findings.length === total
            ? total
            : `newest ${findings.length} of ${total}`}
          )
        </span>
      </h2>
      {findings.length === 0 ? (
        <p>No findings match.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Rule</th>
              <th scope="col">Party</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.id} data-finding-id={f.id}>
                <td>
                  <a href={`#/findings/${f.id}`}>
                    {f.properties.time.slice(0, 19).replace('T', ' ')}
                  </a>
                </td>
                <td>{f.properties.rule}</td>
                <td>
                  {partyName(parties, f.properties.attribution.party)}{' '}
                  <span class="muted">
                    {Math.round(f.properties.attribution.probability * 100)} %
                  </span>
                </td>
                <td>
                  <span class={`status status-${f.properties.status}`}>
                    {f.properties.status}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
