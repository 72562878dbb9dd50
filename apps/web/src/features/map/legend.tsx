import type { Party } from '../../api/context.js';
import {
  LINE_COLORS,
  SENSOR_COLORS,
  UNATTRIBUTED_COLOR,
  partyColor,
} from './colors.js';

/** What each colour and mark on the map means. */
export function Legend({
  partyIds,
  parties,
}: {
  partyIds: readonly string[];
  parties: readonly Party[];
}) {
  const name = (id: string) => parties.find((p) => p.id === id)?.name ?? id;
  return (
    <aside class="legend" aria-label="Map legend">
      <ul>
        {partyIds.map((id) => (
          <li key={id}>
            <span
              class="swatch"
              style={{ background: partyColor(partyIds, id) }}
            />{' '}
            attributed to {name(id)}
          </li>
        ))}
        <li>
          <span class="swatch" style={{ background: UNATTRIBUTED_COLOR }} />{' '}
          unattributed
        </li>
        <li>
          <span class="swatch swatch-ring" /> provisional (ring) · verified,
          confirmed (filled) · rejected (faint)
        </li>
        <li>
          <span
            class="swatch swatch-line"
            style={{ background: LINE_COLORS.contact }}
          />{' '}
          contact line
        </li>
        <li>
          <span
            class="swatch swatch-line swatch-dashed"
            style={{ borderColor: LINE_COLORS.withdrawal }}
          />{' '}
          withdrawal lines 15/50/70/140 km
        </li>
        <li>
          <span
            class="swatch swatch-dot"
            style={{ background: SENSOR_COLORS.ok }}
          />{' '}
          sensor ·{' '}
          <span
            class="swatch swatch-dot"
            style={{ background: SENSOR_COLORS.revoked }}
          />{' '}
          revoked
        </li>
        <li class="muted">Zoom in for 95 % error ellipses.</li>
      </ul>
    </aside>
  );
}
