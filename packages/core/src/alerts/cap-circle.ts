import { CoreError } from '../errors.js';

/** A CAP <circle>: centre in WGS 84 degrees and radius in kilometres. */
export type CapCircle = { lat: number; lon: number; radiusKm: number };

// CAP 1.2 §3.2.4 <circle>: "a central point given as a coordinate pair
// followed by a space character and a radius value in kilometers", the pair
// in WGS 84 as "latitude,longitude". The XSD types it xs:string, so this
// is the one check of its format.
const CIRCLE = /^(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/** Formats a circle as CAP writes it: "lat,lon radiusKm". */
export function formatCapCircle(circle: CapCircle): string {
  const text = `${circle.lat.toFixed(6)},${circle.lon.toFixed(6)} ${circle.radiusKm.toFixed(3)}`;
  parseCapCircle(text);
  return text;
}

/** Parses a CAP circle, or throws CAP_CIRCLE_INVALID. */
export function parseCapCircle(text: string): CapCircle {
  const m = CIRCLE.exec(text);
  if (m === null) {
    throw new CoreError(
      'CAP_CIRCLE_INVALID',
      'a CAP circle is "lat,lon radiusKm" (CAP 1.2 §3.2.4)'
    );
  }
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  const radiusKm = Number(m[3]);
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new CoreError(
      'CAP_CIRCLE_INVALID',
      `circle centre ${lat},${lon} is not a WGS 84 latitude,longitude`
    );
  }
  return { lat, lon, radiusKm };
}
