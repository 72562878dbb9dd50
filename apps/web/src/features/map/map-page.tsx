import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgreementView, AppContext, Party } from '../../api/context.js';
import { loadAgreement, loadSensors } from '../../api/context.js';
import type { Loaded } from '../../api/http.js';
import { useStoreVersion } from '../../api/use-store.js';
import { buildHistogram } from '../timeline/histogram.js';
import { Timeline } from '../timeline/timeline.js';
import { FilterBar } from './filter-bar.js';
import { FindingList } from './finding-list.js';
import { NO_FILTER, isEmptyFilter, matchesFilter, timeOf } from './filters.js';
import type { FindingFilter } from './filters.js';
import { Legend } from './legend.js';
import { SensorList } from './sensor-list.js';
import { MapView } from './map-view.js';
import type { SensorDot } from './sensor-marks.js';
import type { MapAt } from '../../router.js';

const NO_PARTIES: Party[] = [];

/** The overview: filters, the map, the timeline and the newest findings. */
export function MapPage({
  ctx,
  at,
}: {
  ctx: AppContext;
  at: MapAt | undefined;
}) {
  const version = useStoreVersion(ctx.store);
  const [filter, setFilter] = useState<FindingFilter>(NO_FILTER);
  const [agreement, setAgreement] = useState<
    Loaded<AgreementView> | undefined
  >();
  const [sensors, setSensors] = useState<SensorDot[]>([]);

  useEffect(() => {
    void loadAgreement(ctx.config).then(setAgreement);
  }, [ctx.config]);
  // Health changes with time (a sensor falls silent with no event), so the
  // sensors are read again every sensorRefreshMs.
  useEffect(() => {
    let live = true;
    const load = () =>
      void loadSensors(ctx.config).then((s) => {
        if (live) setSensors(s);
      });
    load();
    const timer = setInterval(load, ctx.config.sensorRefreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [ctx.config]);

  const all = ctx.store.all;
  const parties =
    agreement?.state === 'ok' ? agreement.value.parties : NO_PARTIES;
  const partyIdsRef = useRef<string[]>([]);
  const partyIds = useMemo(() => {
    const ids = parties.map((p) => p.id);
    for (const f of all) {
      const p = f.properties.attribution.party;
      if (p !== null && !ids.includes(p)) ids.push(p);
    }
    // The same ids keep the same array, so the map is not rebuilt for them.
    const last = partyIdsRef.current;
    if (ids.length === last.length && ids.every((id, i) => id === last[i]))
      return last;
    partyIdsRef.current = ids;
    return ids;
  }, [version, parties]);

  // The timeline shows everything the other filters let through; the map
  // and the list also apply its window.
  const unwindowed = useMemo(
    () =>
      isEmptyFilter(filter, true)
        ? all
        : all.filter((f) => matchesFilter(f, filter, true)),
    [version, filter]
  );
  const shown = useMemo(
    () =>
      filter.window === null
        ? unwindowed
        : unwindowed.filter((f) => matchesFilter(f, filter)),
    [unwindowed, filter.window]
  );
  const histogram = useMemo(() => {
    const times = new Float64Array(unwindowed.length);
    for (let i = 0; i < times.length; i++) times[i] = timeOf(unwindowed[i]!);
    return buildHistogram(times);
  }, [unwindowed]);

  return (
    <div class="map-page">
      <FilterBar
        findings={all}
        version={version}
        parties={parties}
        filter={filter}
        onFilter={setFilter}
        shown={shown.length}
      />
      <div class="map-wrap">
        <MapView
          at={at}
          findings={shown}
          parties={partyIds}
          sensors={sensors}
          contactLine={
            agreement?.state === 'ok' ? agreement.value.contactLine : undefined
          }
          linesReady={agreement !== undefined}
          onPick={(id) => ctx.navigate(`#/findings/${id}`)}
        />
        <Legend partyIds={partyIds} parties={parties} sensors={sensors} />
      </div>
      <Timeline
        histogram={histogram}
        window={filter.window}
        onWindow={(window) => setFilter({ ...filter, window })}
      />
      {ctx.store.loadingOlder && (
        <p class="notice" role="status" data-loading-older={all.length}>
          Loading older findings… {all.length.toLocaleString('en')} so far.
        </p>
      )}
      {ctx.store.truncatedAt !== undefined && (
        <p class="notice" data-truncated={ctx.store.truncatedAt}>
          Showing the newest {ctx.store.truncatedAt.toLocaleString('en')}{' '}
          findings and those since: older ones could not be loaded from this
          server.
        </p>
      )}
      {agreement?.state === 'unavailable' && (
        <p class="notice">
          No agreement is logged yet: the map shows the shipped contact line of
          22 August 2026.
        </p>
      )}
      <SensorList sensors={sensors} />
      <FindingList
        findings={shown.slice(0, ctx.config.listLength)}
        total={shown.length}
        parties={parties}
      />
    </div>
  );
}
