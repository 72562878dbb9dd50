/** [lon, lat] in degrees. */
export type LonLat = readonly [number, number];

export type MapFrame = {
  width: number;
  height: number;
  /** SVG x, y of a position. */
  project(p: LonLat): [number, number];
  /** Kilometres a pixel spans, at the frame's middle latitude. */
  kmPerPx: number;
};

const KM_PER_DEG_LAT = 111.195;

/**
 * An equirectangular frame around `points`, with longitudes shrunk by the
 * cosine of the middle latitude: at the scale of a front line (a few
 * hundred km) distances are off by under 1 % across the map.
 */
export function fitFrame(
  points: readonly LonLat[],
  width: number,
  maxHeight: number,
  padPx = 24
): MapFrame {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  let [lon0, lon1] = [Math.min(...lons), Math.max(...lons)];
  let [lat0, lat1] = [Math.min(...lats), Math.max(...lats)];
  if (points.length === 0) [lon0, lon1, lat0, lat1] = [-1, 1, -1, 1];
  // A single point or a straight meridian still gets a frame 10 km wide.
  const minSpan = 0.1;
  if (lon1 - lon0 < minSpan)
    [lon0, lon1] = [lon0 - minSpan / 2, lon1 + minSpan / 2];
  if (lat1 - lat0 < minSpan)
    [lat0, lat1] = [lat0 - minSpan / 2, lat1 + minSpan / 2];
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const spanX = (lon1 - lon0) * k;
  const spanY = lat1 - lat0;
  const inner = width - 2 * padPx;
  const scale = Math.min(inner / spanX, (maxHeight - 2 * padPx) / spanY);
  const height = Math.round(spanY * scale + 2 * padPx);
  const offsetX = padPx + (inner - spanX * scale) / 2;
  return {
    width,
    height,
    project: ([lon, lat]) => [
      offsetX + (lon - lon0) * k * scale,
      padPx + (lat1 - lat) * scale,
    ],
    kmPerPx: KM_PER_DEG_LAT / scale,
  };
}

const NICE_KM = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/** The longest round length in km whose bar fits in `maxPx`. */
export function scaleBarKm(kmPerPx: number, maxPx: number): number {
  let best = NICE_KM[0]!;
  for (const km of NICE_KM) if (km / kmPerPx <= maxPx) best = km;
  return best;
}
