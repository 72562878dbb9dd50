// A demo agreement on a real stretch of the contact line, for tests and for
// `truce simulate` without --agreement, until the shared demo agreement
// (data/agreement-minsk2-demo.json) lands.
//
// The line: about 100 km of the boundary of Russian-occupied territory on
// 2026-08-22 around Pokrovsk and Kostiantynivka (ring vertices 1000 to 1100
// of the first polygon, simplified with Douglas–Peucker at 250 m). Source:
// DeepStateMap via cyterat/deepstate-map-data (data/deepstatemap_data_
// 20260822.geojson at e904719a6726); no licence stated upstream, used here
// for tests and demos with this citation. The ring runs clockwise, so the
// occupied side is on the right as drawn: leftParty is A. Withdrawal
// distances follow Minsk II (DESIGN 4.3).

/** A DESIGN 4.3 agreement over the demo stretch (Minsk II distances). */
export const SIM_DEMO_AGREEMENT = {
  id: 'sim-demo-2026',
  version: 1,
  title:
    'Demo ceasefire on the Pokrovsk–Kostiantynivka stretch (contact line of 2026-08-22, DeepStateMap via cyterat/deepstate-map-data)',
  effectiveFrom: '2026-08-23T00:00:00Z',
  parties: [
    { id: 'A', name: 'Ukraine' },
    { id: 'B', name: 'Russian Federation' },
  ],
  contactLine: {
    type: 'LineString',
    coordinates: [
      [37.087871, 48.302445],
      [37.086208, 48.312584],
      [37.062049, 48.317819],
      [37.062816, 48.322016],
      [37.055257, 48.321075],
      [37.051785, 48.329011],
      [37.04744, 48.328674],
      [37.050096, 48.337984],
      [37.037011, 48.348857],
      [37.062854, 48.340023],
      [37.068425, 48.351371],
      [37.085888, 48.357797],
      [37.144056, 48.35768],
      [37.156799, 48.348068],
      [37.161386, 48.351413],
      [37.202187, 48.35379],
      [37.186781, 48.373669],
      [37.186729, 48.393641],
      [37.213193, 48.40149],
      [37.240557, 48.403826],
      [37.23973, 48.411162],
      [37.234612, 48.41115],
      [37.237476, 48.415069],
      [37.232647, 48.416754],
      [37.236724, 48.419407],
      [37.226319, 48.420906],
      [37.224495, 48.424684],
      [37.235843, 48.431049],
      [37.241867, 48.442301],
      [37.239565, 48.454348],
      [37.269334, 48.457055],
      [37.285325, 48.468478],
      [37.307838, 48.474717],
      [37.339346, 48.473726],
      [37.364861, 48.477817],
      [37.367413, 48.482431],
      [37.375556, 48.484284],
      [37.380639, 48.493393],
      [37.395686, 48.485861],
      [37.418974, 48.483295],
      [37.444632, 48.484715],
      [37.446171, 48.490685],
      [37.466037, 48.479216],
      [37.461442, 48.473667],
      [37.474055, 48.459009],
      [37.508878, 48.444832],
      [37.604517, 48.442284],
      [37.63848, 48.450629],
      [37.638519, 48.454821],
      [37.648077, 48.457641],
      [37.646956, 48.483543],
      [37.631878, 48.483841],
      [37.62744, 48.494661],
      [37.637676, 48.495907],
      [37.643481, 48.50088],
      [37.659489, 48.495187],
      [37.664692, 48.503684],
      [37.726487, 48.479453],
      [37.742679, 48.481206],
      [37.748519, 48.477939],
      [37.779967, 48.491747],
      [37.768647, 48.500179],
      [37.773806, 48.511425],
      [37.770879, 48.522359],
      [37.756811, 48.519319],
    ],
  },
  leftParty: 'A',
  rules: [
    { id: 'no-fire', kind: 'no_fire' },
    {
      id: 'withdraw-artillery',
      kind: 'withdrawal',
      weaponClasses: ['artillery'],
      minDistanceKm: 50,
    },
    {
      id: 'withdraw-mlrs',
      kind: 'withdrawal',
      weaponClasses: ['mlrs'],
      minDistanceKm: 70,
    },
    {
      id: 'withdraw-heavy-mlrs',
      kind: 'withdrawal',
      weaponClasses: ['heavy_mlrs', 'missile'],
      minDistanceKm: 140,
    },
    {
      id: 'withdraw-tanks-mortars',
      kind: 'withdrawal',
      weaponClasses: ['tank', 'mortar'],
      minDistanceKm: 15,
    },
  ],
} as const;
