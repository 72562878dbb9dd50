import { SENSOR_MARKS, formatLastSeen, sensorSvg } from './sensor-marks.js';
import type { SensorDot, SensorHealthStatus } from './sensor-marks.js';

/** Most urgent first: interference, then silence, then what is known and settled. */
const URGENCY: readonly SensorHealthStatus[] = [
  'tampered',
  'jammed',
  'silent',
  'degraded',
  'unknown',
  'revoked',
];

/**
 * The sensors not reporting normally, worst first, as a table: the same
 * facts as the map's marks for keyboard and screen-reader users (the marks
 * stay out of the tab order). Collapsed, with the count in its summary.
 */
export function SensorList({ sensors }: { sensors: readonly SensorDot[] }) {
  const rank = (s: SensorDot) => URGENCY.indexOf(s.health);
  const attention = sensors
    .filter((s) => s.health !== 'ok')
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  if (sensors.length === 0) return null;
  return (
    <details class="sensor-list" data-testid="sensor-list">
      <summary>
        Sensors not reporting normally{' '}
        <span class="muted" data-count={attention.length}>
          ({attention.length} of {sensors.length})
        </span>
      </summary>
      {attention.length === 0 ? (
        <p>Every sensor is reporting.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Sensor</th>
              <th scope="col">Health</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {attention.map((s) => (
              <tr key={s.id} data-sensor={s.id} data-health={s.health}>
                <td>{s.id}</td>
                <td>
                  <span
                    class="sensor-swatch"
                    // The SVG is ours (sensor-marks.ts), not data.
                    dangerouslySetInnerHTML={{ __html: sensorSvg(s.health) }}
                  />{' '}
                  {SENSOR_MARKS[s.health].label}
                </td>
                <td>{formatLastSeen(s.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
