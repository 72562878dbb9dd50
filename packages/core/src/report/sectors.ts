import { distanceM, type GeoPoint } from '../geo/wgs84.js';

/** A named sector of the contact line: the stretch nearest to a town. */
export type ReportSector = {
  name: string;
  /** The town's position, [lon, lat]. */
  position: GeoPoint;
};

/**
 * Towns on or near the 22 August 2026 contact line, south-west to north-east,
 * with their public coordinates rounded to about 1 km. A finding belongs to
 * the sector of the nearest town, as the OSCE SMM's daily reports grouped
 * events by the nearest settlement.
 */
export const REPORT_SECTORS: readonly ReportSector[] = [
  { name: 'Kherson', position: [32.617, 46.636] },
  { name: 'Nikopol', position: [34.396, 47.567] },
  { name: 'Zaporizhzhia', position: [35.139, 47.838] },
  { name: 'Orikhiv', position: [35.785, 47.567] },
  { name: 'Huliaipole', position: [36.257, 47.664] },
  { name: 'Velyka Novosilka', position: [36.826, 47.843] },
  { name: 'Kurakhove', position: [37.283, 47.983] },
  { name: 'Pokrovsk', position: [37.176, 48.282] },
  { name: 'Toretsk', position: [37.847, 48.398] },
  { name: 'Kostiantynivka', position: [37.707, 48.527] },
  { name: 'Chasiv Yar', position: [37.835, 48.586] },
  { name: 'Siversk', position: [38.1, 48.867] },
  { name: 'Lyman', position: [37.802, 48.989] },
  { name: 'Kupiansk', position: [37.616, 49.711] },
  { name: 'Vovchansk', position: [36.941, 50.291] },
  { name: 'Sumy', position: [34.798, 50.907] },
];

/** What a position gets when no sector is given. */
export const NO_SECTOR = 'unassigned';

/** The sector whose town is nearest to `p` (great-circle distance). */
export function sectorOf(
  p: GeoPoint,
  sectors: readonly ReportSector[] = REPORT_SECTORS
): string {
  let best = NO_SECTOR;
  let bestM = Infinity;
  for (const s of sectors) {
    const d = distanceM(p, s.position);
    if (d < bestM) {
      bestM = d;
      best = s.name;
    }
  }
  return best;
}
