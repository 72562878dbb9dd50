import type { Party } from '../../api/context.js';
import { LINE_COLORS, UNATTRIBUTED_COLOR, partyColor } from './colors.js';
import {
  SENSOR_HEALTH_ORDER,
  SENSOR_MARKS,
  countByHealth,
  sensorSvg,
} from './sensor-marks.js';
import type { SensorDot } from './sensor-marks.js';

/** What each colour and mark on the map means. */
export function Legend({
  partyIds,
  parties,
  sensors,
}: {
  partyIds: readonly string[];
  parties: readonly Party[];
  sensors: readonly SensorDot[];
}) {
  const counts = new Map(countByHealth(sensors));
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
        {sensors.length > 0 && (
          <li>
            Sensors:
            <ul class="sensor-legend" data-testid="sensor-legend">
              {SENSOR_HEALTH_ORDER.filter(
                (s) => s !== 'unknown' || counts.has(s)
              ).map((status) => (
                <li key={status} data-health={status}>
                  <span
                    class="sensor-swatch"
                    // The SVG is ours (sensor-marks.ts), not data.
                    dangerouslySetInnerHTML={{ __html: sensorSvg(status) }}
                  />{' '}
                  {SENSOR_MARKS[status].label}{' '}
                  <span class="muted" data-count={counts.get(status) ?? 0}>
                    ({counts.get(status) ?? 0})
                  </span>
                </li>
              ))}
            </ul>
          </li>
        )}
        <li class="muted">Zoom in for 95 % error ellipses.</li>
      </ul>
    </aside>
  );
}
