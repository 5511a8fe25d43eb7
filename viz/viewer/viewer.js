// floodevac viewer: the water and the people of one run over time (docs/viewer.md).
// Classic script (no modules: the page opens from file://). Data come from the globals the
// data/*.js scripts set (app/view.cpp writes them): FLOODEVAC_DATA (run, frames, series),
// FLOODEVAC_PLACES (shelters, villages), FLOODEVAC_ROADS (road links), FLOODEVAC_TRIPS
// (sampled trajectories, null without outputs.viewer), FLOODEVAC_IMAGES (PNGs as data: URLs).
// Map: MapLibre GL JS (no tiles: the run's own relief); moving people: deck.gl layers on top.
(function () {
  'use strict';
  const D = window.FLOODEVAC_DATA || {};
  const P = window.FLOODEVAC_PLACES || {};
  const ROADS = window.FLOODEVAC_ROADS;
  const TRIPS = window.FLOODEVAC_TRIPS;
  const IMG = window.FLOODEVAC_IMAGES || {};
  const duration = D.duration_s || 1;
  const api = { ready: false, state: { t: 0, frameIndex: -1, linkIndex: -1, playing: false } };
  window.floodevacViewer = api;
  const S = api.state;

  // ---------- helpers ----------
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const fmt = (v, d) => (v === null || v === undefined || Number.isNaN(v)) ? '–' :
    Number(v).toLocaleString('en', { maximumFractionDigits: d === undefined ? 0 : d });
  function col(table, name) { return table ? table.columns.indexOf(name) : -1; }
  // Index of the last row whose first column (time) is <= t; -1 before the first.
  function rowAt(times, t) {
    let lo = 0, hi = times.length - 1, k = -1;
    while (lo <= hi) { const m = (lo + hi) >> 1; if (times[m] <= t + 1e-6) { k = m; lo = m + 1; } else hi = m - 1; }
    return k;
  }
  function hm(s) {
    const a = Math.abs(s), h = Math.floor(a / 3600), m = Math.round((a - 3600 * h) / 60);
    return (m === 60 ? (h + 1) + 'h' : (h ? h + 'h' : '') + (m ? m + 'min' : (h ? '' : '0')));
  }
  // The clock: local date-time at t and "T−xh" relative to landfall.
  function clockText(t) {
    if (!D.clock) return { local: 't = ' + hm(t), rel: '' };
    const m = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+)(?::(\d+))?/.exec(D.clock.start_local);
    const base = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
    const d = new Date(base + t * 1000);
    const p = (x) => String(x).padStart(2, '0');
    const local = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    const r = t - D.clock.landfall_s;
    const rel = Math.abs(r) < 30 ? 'T (landfall)' : 'T' + (r < 0 ? '\u2212' : '+') + hm(r);
    return { local: local + ' ' + (D.clock.utc_offset || ''), rel };
  }

  // ---------- data prepared once ----------
  const frames = D.frames || [];
  const frameTimes = frames.map((f) => f.t_s);
  const ts = D.timeseries;
  const tsTimes = ts ? ts.rows.map((r) => r[0]) : [];
  const occ = D.occupancy;
  const occTimes = occ ? occ.rows.map((r) => r[0]) : [];
  const shelters = P.shelters || { type: 'FeatureCollection', features: [] };
  shelters.features.forEach((f, i) => { f.id = i; f.properties._col = col(occ, String(f.properties.id)); });
  const villages = P.villages || { type: 'FeatureCollection', features: [] };
  villages.features.forEach((f, i) => { f.id = i; });
  const hasMargin = villages.features.some((f) => f.properties && 'margin_s' in f.properties);
  const roads = ROADS || { type: 'FeatureCollection', features: [] };
  roads.features.forEach((f) => { f.id = f.properties.edge; });
  // Link states: per sample time the links whose state changed (the run writes only
  // changes); carried on here into each link's state and load at every sample.
  const ls = D.link_states;
  const linkTimes = [];
  const edgeIndex = new Map();
  roads.features.forEach((f, i) => edgeIndex.set(f.properties.edge, i));
  const nRoads = roads.features.length;
  const linkSt = [], linkLoad = [], linkSf = [], linkWalk = [];  // per sample, per road feature
  if (ls) {
    let st = new Uint8Array(nRoads), load = new Uint16Array(nRoads), sf = new Float32Array(nRoads).fill(1), wc = new Uint8Array(nRoads);
    let k = 0;
    const rows = ls.rows;
    while (k < rows.length) {
      const t = rows[k][0];
      st = st.slice(); load = load.slice(); sf = sf.slice(); wc = wc.slice();
      for (; k < rows.length && rows[k][0] === t; ++k) {
        const r = rows[k], i = edgeIndex.get(r[1]);
        if (i === undefined) continue;
        sf[i] = r[2]; wc[i] = r[3]; load[i] = Math.min(65535, r[4] + r[5]);
        st[i] = r[2] <= 0 ? 2 : (r[2] < 0.999 || r[3] ? 1 : 0);
      }
      linkTimes.push(t); linkSt.push(st); linkLoad.push(load); linkSf.push(sf); linkWalk.push(wc);
    }
  }
  const islandOf = new Map();
  if (D.islands) {
    const vc = col(D.islands, 'villages');
    D.islands.rows.forEach((r) => String(r[vc] || '').split(';').forEach((v) => islandOf.set(v, r)));
  }
  const trips = (TRIPS && TRIPS.trips) || [];
  const GROUP = {
    home: ['resident', [31, 119, 180]], work: ['worker', [255, 127, 14]], school: ['student', [148, 103, 189]],
    market: ['market', [140, 86, 75]], outdoor: ['outdoor', [44, 160, 44]], tourist: ['tourist', [227, 119, 194]],
    resident: ['resident', [31, 119, 180]],
  };
  const STATE = { moving: [30, 150, 60], stranded: [240, 150, 0], trapped: [215, 25, 28] };
  let colourBy = 'group';
  // The 五停 orders on the time bar (their labels, often Chinese, in the tooltip).
  const ORDER_NAME = { stop_classes: 'no school', stop_work: 'no work', stop_business: 'shops shut',
    stop_outdoor: 'ashore', stop_transport: 'no ferries', transfer: 'transfer' };

  // ---------- map ----------
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#d8e2e8' } }];
  const sources = {};
  if (D.relief && IMG[D.relief.image]) {
    sources.relief = { type: 'image', url: IMG[D.relief.image], coordinates: D.relief.corners };
    layers.push({ id: 'relief', type: 'raster', source: 'relief', paint: { 'raster-fade-duration': 0 } });
  }
  // Water frames: a source and layer each, added the first time the slider reaches them
  // (the page opens without decoding every frame), shown one at a time.
  function waterLayer(i) {
    const id = 'water-' + i;
    if (!map.getLayer(id) && frames[i] && IMG[frames[i].image]) {
      map.addSource(id, { type: 'image', url: IMG[frames[i].image], coordinates: D.water_corners });
      map.addLayer({ id, type: 'raster', source: id, layout: { visibility: 'none' },
                     paint: { 'raster-fade-duration': 0, 'raster-resampling': 'nearest' } }, 'villages');
    }
    return map.getLayer(id) ? id : null;
  }
  if (D.max_depth && IMG[D.max_depth.image]) {
    sources.maxdepth = { type: 'image', url: IMG[D.max_depth.image], coordinates: D.max_depth.corners };
    layers.push({ id: 'maxdepth', type: 'raster', source: 'maxdepth', layout: { visibility: 'none' },
                  paint: { 'raster-fade-duration': 0, 'raster-resampling': 'nearest' } });
  }
  sources.villages = { type: 'geojson', data: villages };
  const marginColour = ['case', ['!', ['has', 'margin_s']], '#9aa',
    ['==', ['get', 'margin_s'], null], '#2e9d4f',
    ['<', ['get', 'margin_s'], 0], '#d7191c', ['<', ['get', 'margin_s'], 3600], '#f07c1e',
    ['<', ['get', 'margin_s'], 3 * 3600], '#f2c12e', '#2e9d4f'];
  const dangerColour = ['match', ['coalesce', ['get', 'danger'], 'none'],
    'seawall_polder', '#6a8fd0', 'flash_flood_valley', '#b0703c', 'waterlogging', '#49a5b5',
    'unsafe_housing', '#b55a9a', 'island', '#d9a531', '#99a39a'];
  layers.push({ id: 'villages', type: 'fill', source: 'villages',
                paint: { 'fill-color': hasMargin ? marginColour : dangerColour, 'fill-opacity': 0.22 } });
  layers.push({ id: 'villages-line', type: 'line', source: 'villages',
                paint: { 'line-color': hasMargin ? marginColour : dangerColour, 'line-width': 1, 'line-opacity': 0.7 } });
  if (D.coastline) {
    sources.coastline = { type: 'geojson', data: D.coastline };
    layers.push({ id: 'coastline', type: 'line', source: 'coastline', paint: { 'line-color': '#1b4f8a', 'line-width': 1.2 } });
  }
  if (D.walls) {
    sources.walls = { type: 'geojson', data: D.walls };
    layers.push({ id: 'walls', type: 'line', source: 'walls', paint: { 'line-color': '#3a3a3a', 'line-width': 3.5 } });
  }
  sources.roads = { type: 'geojson', data: roads };
  const roadState = ['coalesce', ['feature-state', 'st'], 0];
  layers.push({ id: 'roads', type: 'line', source: 'roads', layout: { 'line-cap': 'round' },
    paint: {
      'line-color': ['match', roadState, 2, '#c0171d', 1, '#f09a16', '#5d6670'],
      'line-width': ['+', 1, ['min', 7, ['sqrt', ['coalesce', ['feature-state', 'load'], 0]]]],
      'line-opacity': 0.85,
    } });
  const breaches = { type: 'FeatureCollection', features: (D.breaches || []).map((b, i) => ({
    type: 'Feature', id: i, geometry: { type: 'Point', coordinates: b.lonlat }, properties: { name: b.name, start_s: b.start_s, kind: 'breach' } })) };
  sources.breaches = { type: 'geojson', data: breaches };
  layers.push({ id: 'breaches', type: 'circle', source: 'breaches',
                paint: { 'circle-radius': 7, 'circle-color': '#fff', 'circle-stroke-color': '#c0171d', 'circle-stroke-width': 3 } });
  sources.shelters = { type: 'geojson', data: shelters };
  const fill = ['coalesce', ['feature-state', 'fill'], 0];
  layers.push({ id: 'shelters', type: 'circle', source: 'shelters',
    paint: {
      'circle-radius': ['+', 4, ['*', 0.32, ['sqrt', ['max', 0, ['get', 'capacity']]]]],
      'circle-color': ['interpolate', ['linear'], fill, 0, '#ffffff', 0.01, '#d7f0d0', 0.5, '#74c476', 0.9, '#fdae61', 1, '#d7191c'],
      'circle-stroke-color': '#234', 'circle-stroke-width': 1.5, 'circle-opacity': 0.9,
    } });

  const bounds = new maplibregl.LngLatBounds();
  const extend = (c) => bounds.extend(c);
  if (D.relief) D.relief.corners.forEach(extend);
  else roads.features.forEach((f) => f.geometry.coordinates.forEach(extend));
  if (bounds.isEmpty()) shelters.features.forEach((f) => extend(f.geometry.coordinates));

  const map = new maplibregl.Map({
    container: 'map', style: { version: 8, sources, layers }, bounds: bounds.isEmpty() ? undefined : bounds,
    fitBoundsOptions: { padding: 10 }, attributionControl: false, maxPitch: 0, dragRotate: false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  api.map = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 150 }), 'bottom-left');
  const overlay = new deck.MapboxOverlay({ interleaved: false, layers: [] });
  map.addControl(overlay);
  api.overlay = overlay;

  // ---------- people ----------
  const showPeople = { trails: true, dots: true };
  function tripColour(d) {
    if (colourBy === 'state') return STATE[d._st] || STATE.moving;
    return (GROUP[d.group] || GROUP.home)[1];
  }
  // Where each sampled trip is at t (interpolated along its path), and its state then.
  function positions(t) {
    const out = [];
    for (const d of trips) {
      const tt = d.t, n = tt.length;
      if (t < tt[0]) continue;
      let pos, st;
      if (t >= tt[n - 1]) {
        if (d.end_state !== 'trapped' && d.end_state !== 'stranded' && d.end_state !== 'moving') continue;
        pos = d.path[n - 1]; st = d.end_state === 'moving' ? 'moving' : d.end_state;
      } else {
        const k = Math.max(0, rowAt(tt, t));
        const f = tt[k + 1] > tt[k] ? (t - tt[k]) / (tt[k + 1] - tt[k]) : 0;
        const a = d.path[k], b = d.path[k + 1];
        pos = [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]; st = 'moving';
      }
      d._st = st;
      out.push({ trip: d, position: pos });
    }
    return out;
  }
  function updatePeople() {
    if (!trips.length) return;
    const t = S.t;
    const ls2 = [];
    if (showPeople.trails) {
      ls2.push(new deck.TripsLayer({
        id: 'trails', data: trips, getPath: (d) => d.path, getTimestamps: (d) => d.t,
        getColor: (d) => tripColour(d), currentTime: t, trailLength: 900, fadeTrail: true,
        widthMinPixels: 2, opacity: 0.6, capRounded: true, jointRounded: true,
        updateTriggers: { getColor: colourBy },
      }));
    }
    if (showPeople.dots) {
      ls2.push(new deck.ScatterplotLayer({
        id: 'people', data: positions(t), getPosition: (d) => d.position,
        getFillColor: (d) => tripColour(d.trip), getRadius: 3, radiusUnits: 'pixels',
        stroked: true, getLineColor: [255, 255, 255], lineWidthMinPixels: 0.5,
        updateTriggers: { getFillColor: [colourBy, t] },
      }));
    }
    overlay.setProps({ layers: ls2 });
  }

  // ---------- state at a time ----------
  function shelterOccupancy(i, k) {
    const c = shelters.features[i].properties._col;
    return (occ && c >= 0 && k >= 0) ? occ.rows[k][c] : 0;
  }
  function applyTime(t) {
    S.t = Math.max(0, Math.min(duration, t));
    $('time').value = S.t;
    const c = clockText(S.t);
    $('clock-local').textContent = c.local;
    $('clock-rel').textContent = c.rel;
    // Water: the last snapshot at or before t.
    const fi = rowAt(frameTimes, S.t);
    if (fi !== S.frameIndex && map.isStyleLoaded()) {
      if (S.frameIndex >= 0 && map.getLayer('water-' + S.frameIndex)) map.setLayoutProperty('water-' + S.frameIndex, 'visibility', 'none');
      const id = fi >= 0 ? waterLayer(fi) : null;
      if (id && layerOn.water) map.setLayoutProperty(id, 'visibility', 'visible');
      S.frameIndex = fi;
    }
    // Shelters: occupancy / capacity.
    const k = rowAt(occTimes, S.t);
    shelters.features.forEach((f, i) => {
      const cap = f.properties.capacity || 0;
      map.setFeatureState({ source: 'shelters', id: i }, { fill: cap > 0 ? shelterOccupancy(i, k) / cap : 0 });
    });
    // Roads: their state at the last link sample (or, without them, closed since the first closure).
    if (linkTimes.length) {
      const li = rowAt(linkTimes, S.t);
      if (li !== S.linkIndex) {
        const zero = new Uint8Array(nRoads);
        const st0 = S.linkIndex >= 0 ? linkSt[S.linkIndex] : zero, ld0 = S.linkIndex >= 0 ? linkLoad[S.linkIndex] : zero;
        const st1 = li >= 0 ? linkSt[li] : zero, ld1 = li >= 0 ? linkLoad[li] : zero;
        for (let i = 0; i < nRoads; ++i) {
          if (st0[i] !== st1[i] || ld0[i] !== ld1[i])
            map.setFeatureState({ source: 'roads', id: roads.features[i].id }, { st: st1[i], load: ld1[i] });
        }
        S.linkIndex = li;
      }
    } else {
      for (const f of roads.features) {
        const cs = f.properties.closed_s;
        map.setFeatureState({ source: 'roads', id: f.id }, { st: cs !== null && cs !== undefined && S.t >= cs ? 2 : 0 });
      }
    }
    updatePeople();
    for (const ch of charts) ch.cursor(S.t);
    if (openPopup && openPopup.refresh) openPopup.refresh();
  }
  api.setTime = applyTime;
  api.shelterFill = (i) => (map.getFeatureState({ source: 'shelters', id: i }) || {}).fill;
  api.shelterScreen = (i) => map.project(shelters.features[i].geometry.coordinates);
  api.shelters = shelters.features.map((f) => f.properties);
  api.trips = trips.length;

  // ---------- charts (SVG) ----------
  const charts = [];
  function chart(parent, title, series, height, opts) {
    const W = 300, H = height || 110, L = 38, R = 6, T = 6, B = 16;
    const xs = series[0].xs;
    let ymax = 0;
    series.forEach((s) => s.ys.forEach((y) => { if (y > ymax) ymax = y; }));
    if (opts && opts.ymax) ymax = Math.max(ymax, opts.ymax);
    ymax = ymax || 1;
    const X = (x) => L + (W - L - R) * x / duration, Y = (y) => T + (H - T - B) * (1 - y / ymax);
    const ns = 'http://www.w3.org/2000/svg';
    const div = document.createElement('div'); div.className = 'chart';
    div.innerHTML = `<div class="lbl">${esc(title)}</div>`;
    const svg = document.createElementNS(ns, 'svg'); svg.setAttribute('width', W); svg.setAttribute('height', H);
    let inner = `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="#fafbfc" stroke="#ccd"/>`;
    inner += `<text x="${L - 3}" y="${T + 8}" font-size="9" text-anchor="end">${fmt(ymax)}</text><text x="${L - 3}" y="${H - B}" font-size="9" text-anchor="end">0</text>`;
    for (let h = 0; h <= duration; h += 6 * 3600) inner += `<text x="${X(h)}" y="${H - 4}" font-size="9" text-anchor="middle">${h / 3600}h</text>`;
    if (opts && opts.ymax) inner += `<line x1="${L}" x2="${W - R}" y1="${Y(opts.ymax)}" y2="${Y(opts.ymax)}" stroke="#c0171d" stroke-dasharray="3 2"/>`;
    for (const s of series) {
      let d = '';
      s.xs.forEach((x, i) => { d += (i ? 'L' : 'M') + X(x).toFixed(1) + ' ' + Y(s.ys[i]).toFixed(1); });
      inner += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
    }
    inner += `<line class="cursor" x1="0" x2="0" y1="${T}" y2="${H - B}" stroke="#000" stroke-width="1"/>`;
    svg.innerHTML = inner;
    div.appendChild(svg);
    const keys = document.createElement('div'); keys.className = 'note';
    keys.innerHTML = series.filter((s) => s.name).map((s) => `<span style="color:${s.color}">\u25A0</span> ${esc(s.name)}`).join(' &nbsp;');
    div.appendChild(keys);
    parent.appendChild(div);
    const cur = svg.querySelector('.cursor');
    svg.addEventListener('click', (e) => {
      const r = svg.getBoundingClientRect();
      applyTime((e.clientX - r.left - L) / (W - L - R) * duration);
    });
    const c = { cursor: (t) => { cur.setAttribute('x1', X(t)); cur.setAttribute('x2', X(t)); } };
    if (!(opts && opts.standalone)) charts.push(c);
    return c;
  }
  function buildCharts() {
    const el = $('charts');
    if (ts) {
      const get = (n) => ts.rows.map((r) => r[col(ts, n)] || 0);
      chart(el, 'Evacuation: persons by state', [
        { name: 'sheltered', color: '#2e9d4f', xs: tsTimes, ys: get('sheltered') },
        { name: 'moving', color: '#1f77b4', xs: tsTimes, ys: get('moving') },
        { name: 'home (to leave)', color: '#888', xs: tsTimes, ys: get('home') },
        { name: 'stranded', color: '#f09a16', xs: tsTimes, ys: get('stranded') },
        { name: 'trapped', color: '#c0171d', xs: tsTimes, ys: get('trapped') },
        { name: 'exposed', color: '#9467bd', xs: tsTimes, ys: get('exposed') },
      ], 130);
    }
    if (occ) {
      const total = occ.rows.map((r) => r.slice(1).reduce((a, b) => a + (b || 0), 0));
      const cap = shelters.features.reduce((a, f) => a + (f.properties.capacity || 0), 0);
      chart(el, `Shelter occupancy, all shelters (capacity ${fmt(cap)}: dashed)`, [
        { name: 'in shelters', color: '#2e9d4f', xs: occTimes, ys: total }], 100, { ymax: cap });
    }
  }

  // ---------- popups ----------
  let openPopup = null;
  function table(rows) {
    return '<table>' + rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td><b>${v}</b></td></tr>`).join('') + '</table>';
  }
  function tOrDash(s) { return (s === null || s === undefined) ? 'never' : clockText(s).local.slice(11, 16) + ' (' + clockText(s).rel + ')'; }
  function popupAt(lngLat, html, extra) {
    if (openPopup) openPopup.popup.remove();
    const popup = new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(lngLat).setHTML(html).addTo(map);
    openPopup = { popup, refresh: null };
    popup.on('close', () => { if (openPopup && openPopup.popup === popup) openPopup = null; });
    if (extra) extra(popup.getElement().querySelector('.maplibregl-popup-content'));
    return openPopup;
  }
  function shelterPopup(f, lngLat) {
    const p = f.properties, i = f.id;
    const render = () => {
      const k = rowAt(occTimes, S.t);
      return `<h4>Shelter ${esc(p.id)}${p.name ? ' \u2014 ' + esc(p.name) : ''}</h4>` + table([
        ['capacity', `<span class="capacity">${fmt(p.capacity)}</span> persons`],
        ['now', fmt(shelterOccupancy(i, k)) + ' persons'], ['peak', fmt(p.peak_occupancy)],
        ['full at', tOrDash(p.time_full_s)], ['sent on (overflow)', fmt(p.overflow_persons)], ['level', esc(p.level || '–')]]);
    };
    const po = popupAt(lngLat, `<div class="body">${render()}</div><div class="spark"></div>`, (el) => {
      if (occ && p._col >= 0) chart(el.querySelector('.spark'), 'occupancy over time', [
        { color: '#2e9d4f', xs: occTimes, ys: occ.rows.map((r) => r[p._col]) }], 80, { ymax: p.capacity, standalone: true }).cursor(S.t);
    });
    po.refresh = () => { const b = po.popup.getElement().querySelector('.body'); if (b) b.innerHTML = render(); };
  }
  function roadPopup(f, lngLat) {
    const p = f.properties;
    const ri = edgeIndex.get(p.edge);
    const now = () => {
      const li = rowAt(linkTimes, S.t);
      if (li < 0 || ri === undefined) return linkTimes.length ? 'open, empty' : '–';
      const sf = linkSf[li][ri];
      return (sf <= 0 ? 'closed to cars' : sf < 0.999 ? `slowed to ${fmt(100 * sf)} %` : 'open') +
             (linkWalk[li][ri] ? ', closed to walkers' : '') + `; ${fmt(linkLoad[li][ri])} vehicles and walking groups`;
    };
    const render = () => `<h4>Road link ${esc(p.edge)} (${esc(p.highway || p.road_class || '')})</h4>` + table([
      ['now', now()], ['length', fmt(p.length_m) + ' m'], ['free speed', fmt(p.free_speed_kmh) + ' km/h'],
      ['capacity', fmt(p.capacity_veh_h) + ' veh/h'], ['peak flow', fmt(p.peak_flow_veh_h) + ' veh/h'],
      ['persons passed', fmt(p.persons_passed)], ['closed to cars', tOrDash(p.closed_s)], ['closed to walkers', tOrDash(p.walk_closed_s)]]);
    const po = popupAt(lngLat, `<div class="body">${render()}</div><div class="spark"></div>`, (el) => {
      if (linkTimes.length > 1 && ri !== undefined) chart(el.querySelector('.spark'), 'vehicles + walking groups on the link', [
        { color: '#1f77b4', xs: linkTimes, ys: linkLoad.map((a) => a[ri]) }], 70, { standalone: true }).cursor(S.t);
    });
    po.refresh = () => { const b = po.popup.getElement().querySelector('.body'); if (b) b.innerHTML = render(); };
  }
  function villagePopup(f, lngLat) {
    const p = f.properties;
    const rows = [];
    for (const k of Object.keys(p)) {
      const v = p[k];
      if (v === null || typeof v === 'object') continue;
      rows.push([k, k === 'margin_s' ? (v / 3600).toFixed(1) + ' h' : esc(v)]);
    }
    if (hasMargin && p.margin_s === null) rows.push(['margin', 'never flooded']);
    const isl = islandOf.get(String(p.id));
    let html = `<h4>Village ${esc(p.name || p.id || '')}</h4>` + table(rows);
    if (isl) html += '<h4>Island</h4>' + table(D.islands.columns.map((c, j) => [c, esc(isl[j] === null ? '–' : isl[j])]));
    popupAt(lngLat, html);
  }
  map.on('click', (e) => {
    const order = ['shelters', 'breaches', 'roads', 'villages'].filter((l) => map.getLayer(l) && map.getLayoutProperty(l, 'visibility') !== 'none');
    const hits = map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: order });
    hits.sort((a, b) => order.indexOf(a.layer.id) - order.indexOf(b.layer.id));
    const f = hits[0];
    if (!f) return;
    if (f.layer.id === 'shelters') shelterPopup(shelters.features[f.id], f.geometry.coordinates);
    else if (f.layer.id === 'roads') roadPopup(f, e.lngLat);
    else if (f.layer.id === 'breaches') popupAt(e.lngLat, `<h4>${esc(f.properties.name)}</h4>` + table([['opens', tOrDash(f.properties.start_s)]]));
    else villagePopup(villages.features[f.id], e.lngLat);
  });
  for (const l of ['shelters', 'roads', 'villages', 'breaches']) {
    map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
  }

  // ---------- side panel: title, headline numbers, toggles, legend ----------
  const layerOn = { water: true };
  function buildPanel() {
    $('title').textContent = D.name || 'floodevac';
    document.title = (D.name || 'floodevac') + ' \u2014 floodevac viewer';
    // Headline numbers from summary.json.
    const s = D.summary || {};
    const ev = s.evacuation || {}, fl = s.flood || {};
    const when = (v) => (v === null || v === undefined) ? 'not reached' : clockText(v).local.slice(5, 16) + ' (' + clockText(v).rel + ')';
    const rows = [
      ['people', fmt(ev.population_persons)], ['to evacuate', fmt(ev.evacuating_persons)],
      ['shelter places', fmt(ev.shelter_capacity_persons)], ['sheltered', fmt(ev.sheltered)],
      ['stranded', fmt(ev.stranded)], ['trapped', fmt(ev.trapped)],
      ['most exposed at once', fmt(ev.exposed_peak_persons)], ['half sheltered', when(ev.t50_s)],
      ['90 % sheltered', when(ev.t90_s)], ['max depth', fmt(fl.max_depth_m, 1) + ' m'],
      ['flooded area', fmt(fl.flooded_area_km2, 1) + ' km²'],
    ].filter((r) => !/^–/.test(r[1]) && !/^undefined/.test(r[1]));
    if (!('population_persons' in ev)) rows.splice(0, 7);
    $('headline').innerHTML = `<b>${esc(D.name || '')}</b><table>` + rows.map(([k, v]) =>
      `<tr><td>${esc(k)}</td><td class="v">${esc(v)}</td></tr>`).join('') + '</table>';
    // Layer toggles.
    const toggles = [['water', 'Water depth (snapshots)'], ['maxdepth', 'Maximum depth', false], ['relief', 'Relief (DEM hillshade)'],
      ['villages', 'Villages'], ['roads', 'Roads'], ['shelters', 'Shelters'], ['walls', 'Sea wall / levees'], ['coastline', 'Coastline (0 m)'],
      ['breaches', 'Breaches'], ['trails', 'People: trails'], ['dots', 'People: dots']];
    const box = $('layers');
    for (const [id, label, on] of toggles) {
      if (id === 'maxdepth' && !D.max_depth) continue;
      if ((id === 'walls' && !D.walls) || (id === 'coastline' && !D.coastline) || (id === 'relief' && !D.relief)) continue;
      if ((id === 'trails' || id === 'dots') && !trips.length) continue;
      const checked = on !== false;
      const l = document.createElement('label');
      l.innerHTML = `<input type="checkbox" data-layer="${id}" ${checked ? 'checked' : ''}> ${esc(label)}`;
      box.appendChild(l);
      l.firstChild.addEventListener('change', (e) => setLayer(id, e.target.checked));
    }
    if (trips.length) {
      const l = document.createElement('label');
      l.innerHTML = 'People coloured by <select id="colour-by"><option value="group">group</option><option value="state">state</option></select>';
      box.appendChild(l);
      $('colour-by').addEventListener('change', (e) => { colourBy = e.target.value; buildLegend(); updatePeople(); });
    }
    buildLegend();
  }
  function setLayer(id, on) {
    const vis = on ? 'visible' : 'none';
    if (id === 'water') { layerOn.water = on; if (S.frameIndex >= 0) map.setLayoutProperty('water-' + S.frameIndex, 'visibility', vis); return; }
    if (id === 'trails' || id === 'dots') { showPeople[id] = on; updatePeople(); return; }
    const ids = id === 'villages' ? ['villages', 'villages-line'] : [id];
    for (const l of ids) if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', vis);
  }
  function buildLegend() {
    const row = (sw, text) => `<div class="legend-row">${sw}<span>${text}</span></div>`;
    let h = '<div class="note">Water depth (m)</div>';
    h += (D.ramp || []).map((r, i, a) => row(`<span class="sw" style="background:${r[1]}"></span>`, i + 1 < a.length ? `${r[0]}\u2013${a[i + 1][0]}` : `\u2265 ${r[0]}`)).join('');
    h += '<div class="note">Roads' + (linkTimes.length > 1 ? ' (state every ' + hm(linkTimes[linkTimes.length - 1] - linkTimes[linkTimes.length - 2]) + '; width: vehicles and walking groups on it)' : ' (closed from their first closure; a run with outputs.viewer: true has their state over time)') + '</div>';
    h += row('<span class="sw line" style="background:#5d6670"></span>', 'open') + row('<span class="sw line" style="background:#f09a16"></span>', 'slowed by water / closed to walkers') + row('<span class="sw line" style="background:#c0171d"></span>', 'closed to cars');
    h += '<div class="note">Shelters (size: capacity; colour: occupancy / capacity)</div>';
    h += [['#ffffff', 'empty'], ['#74c476', 'half'], ['#fdae61', '90 %'], ['#d7191c', 'full']].map(([c, t]) => row(`<span class="sw dot" style="background:${c};border-color:#234"></span>`, t)).join('');
    h += '<div class="note">Villages' + (hasMargin ? ' by margin (time between the transfer and the water)' : ' by danger type') + '</div>';
    if (hasMargin) h += [['#d7191c', '< 0 (water first)'], ['#f07c1e', '< 1 h'], ['#f2c12e', '< 3 h'], ['#2e9d4f', '\u2265 3 h or never flooded']].map(([c, t]) => row(`<span class="sw" style="background:${c}"></span>`, t)).join('');
    h += row('<span class="sw line" style="background:#3a3a3a;height:4px"></span>', 'sea wall / levee') + row('<span class="sw line" style="background:#1b4f8a"></span>', 'coastline (0 m)');
    if (D.breaches && D.breaches.length) h += row('<span class="sw dot" style="background:#fff;border:2px solid #c0171d"></span>', 'breach');
    if (trips.length) {
      h += `<div class="note">People: ${fmt(trips.length)} travelling groups (vehicles or walkers) of ${fmt(TRIPS.trips_sampled)} sampled, at most the cap outputs.viewer_persons, evenly over all trips; one dot is one group</div>`;
      if (colourBy === 'group') {
        const seen = new Set(trips.map((d) => d.group));
        for (const g of Object.keys(GROUP)) if (seen.has(g)) h += row(`<span class="sw dot" style="background:rgb(${GROUP[g][1]})"></span>`, GROUP[g][0]);
      } else {
        for (const s of Object.keys(STATE)) h += row(`<span class="sw dot" style="background:rgb(${STATE[s]})"></span>`, s);
      }
    } else {
      h += '<div class="note">People: no trajectories in this run (run it with outputs.viewer: true to see them move)</div>';
    }
    $('legend').innerHTML = h;
  }
  function buildTimebar() {
    const slider = $('time');
    slider.max = duration;
    slider.step = Math.max(1, Math.min(60, duration / 1000));
    slider.addEventListener('input', () => applyTime(+slider.value));
    const marks = $('order-marks');
    if (D.orders) {
      const ci = col(D.orders, 'issue_s'), li = col(D.orders, 'label'), ki = col(D.orders, 'kind');
      D.orders.rows.forEach((r, idx) => {
        const m = document.createElement('div');
        m.className = 'order-mark';
        m.style.top = (idx % 2 ? 11 : 0) + 'px';  // neighbouring orders on two rows
        m.style.height = (idx % 2 ? 11 : 22) + 'px';
        m.style.left = (100 * r[ci] / duration) + '%';
        m.textContent = ORDER_NAME[r[ki]] || r[ki];
        m.title = `${r[li] || r[ki]} (${r[ki]}) at ${clockText(r[ci]).local} (${clockText(r[ci]).rel})`;
        marks.appendChild(m);
      });
    }
    if (D.clock && D.clock.landfall_s >= 0 && D.clock.landfall_s <= duration) {
      const m = document.createElement('div');
      m.className = 'order-mark'; m.style.borderColor = '#1b4f8a'; m.style.color = '#1b4f8a';
      m.style.left = (100 * D.clock.landfall_s / duration) + '%'; m.textContent = 'landfall';
      marks.appendChild(m);
    }
    let last = null;
    const tick = (now) => {
      if (!S.playing) { last = null; return; }
      if (last !== null) {
        const t = S.t + (now - last) / 1000 * +$('speed').value;
        applyTime(t >= duration ? duration : t);
        if (t >= duration) { S.playing = false; $('play').innerHTML = '&#9654;'; }
      }
      last = now;
      if (S.playing) requestAnimationFrame(tick);
    };
    $('play').addEventListener('click', () => {
      S.playing = !S.playing;
      $('play').innerHTML = S.playing ? '&#10074;&#10074;' : '&#9654;';
      if (S.playing) { if (S.t >= duration) applyTime(0); requestAnimationFrame(tick); }
    });
  }

  buildPanel();
  buildCharts();
  buildTimebar();
  map.on('load', () => {
    // Start at the transfer order if there is one, else at the first water frame.
    let t0 = frameTimes.length ? frameTimes[0] : 0;
    if (D.orders) {
      const ki = col(D.orders, 'kind'), ci = col(D.orders, 'issue_s');
      const tr = D.orders.rows.find((r) => r[ki] === 'transfer');
      if (tr) t0 = tr[ci] + 2 * 3600;
    }
    applyTime(t0);
    map.once('idle', () => { api.ready = true; });
  });
})();
