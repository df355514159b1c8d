// 全景图 Panorama: the interactive chain map; clicking a link opens its local enterprises,
// the reasons for its status and the candidate enterprises to attract for it.
import { getJSON, postJSON } from "../api.js";
import * as data from "../data.js";
import { getLang, nameOf, placeName, t, tagName } from "../i18n.js";
import { NARROW, VISION, panoramaOption } from "../panorama_chart.js";
import { formatHash, scopeParams } from "../route.js";
import { drawTargetMap, homeOf, mapLegend } from "../target_map.js";
import { clear, errorBox, h, help, imageDownloads, look, num, pct, reasonList, statusBadge, withLoading } from "../ui.js";

const HELP = { lq: "lq_help", rca: "rca_help", density: "density_help" };

let chart = null;
let resizeTimer = null;

export async function render(el, ctx) {
  const pano = await data.panorama(ctx);
  if (!window.echarts) {
    throw Object.assign(new Error("echarts"), { title: "图表库未加载 Chart library not loaded",
      detail: "无法加载 /static/vendor/echarts.min.js，请运行 scripts/setup (run scripts/setup to install it)" });
  }
  const links = pano.stages.flatMap((s) => s.segments.flatMap((g) => g.links));
  const vision = await visionOf(ctx);
  const box = h("div", { id: "panorama-chart", class: "chart", "data-links": links.length, "data-view": vision ? vision.view : "now" });
  const side = h("aside", { id: "link-panel", class: "side", hidden: true });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(pano.scope.name)), ` · ${ctx.chainName} · ${t("tab_panorama")}`),
      legend(pano, vision), imageDownloads(ctx, "panorama")),
    viewSwitch(ctx, vision),
    h("p", { class: "muted hint-line" }, t(vision ? "vision_hint" : "legend_hint")),
    h("div", { class: "with-side" }, h("div", { class: "chart-wrap" }, box), side));
  if (chart) chart.dispose();
  chart = null;
  const selected = { id: ctx.params.node || null };
  let edges = [];
  const draw = () => {
    if (!document.body.contains(box)) return;
    const width = box.clientWidth < NARROW ? box.clientWidth : Math.max(720, box.clientWidth);
    const built = panoramaOption(pano, width, selected, vision);
    edges = built.edges;
    box.style.height = `${built.height}px`;
    if (!chart || chart.isDisposed()) {
      chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.on("click", { seriesId: "links" }, (p) => select(p.data.link));
      chart.on("mouseover", { seriesId: "links" }, (p) => flows(p.data.node_id, "highlight"));
      chart.on("mouseout", { seriesId: "links" }, (p) => flows(p.data.node_id, "downplay"));
    }
    chart.resize({ width, height: built.height });
    // merge, not replace: replacing the tooltip component while it shows throws inside ECharts
    chart.setOption(built.option);
  };
  // Hovering a link lights up the FEEDS arrows into and out of it.
  const flows = (id, type) => {
    const dataIndex = edges.flatMap((e, i) => (e.source === id || e.target === id ? [i] : []));
    if (dataIndex.length) chart.dispatchAction({ type, seriesId: "feeds", dataIndex });
  };
  const close = () => {
    side.hidden = true;
    selected.id = null;
    ctx.params = { ...ctx.params, node: "" };
    history.replaceState(null, "", formatHash(ctx));
    draw();
  };
  const select = (link) => {
    selected.id = link.node_id;
    ctx.params = { ...ctx.params, node: link.node_id };
    history.replaceState(null, "", formatHash(ctx));
    openLink(side, ctx, link, close);
    draw();
    if (box.clientWidth < NARROW) side.scrollIntoView({ block: "start" });  // on a phone the panel sits under the map
  };
  const pre = selected.id && links.find((x) => x.node_id === selected.id);
  if (pre) openLink(side, ctx, pre, close);
  draw();
  window.onresize = () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(draw, 200); };
}

const PHASES = ["near", "mid", "long"];

/** 远景图: the roadmap's plan up to the chosen phase (?view=near|mid|long), or null for 现状图 (today). */
async function visionOf(ctx) {
  const view = ctx.params.view;
  if (view === "whatif" && ctx.params.land) {  // the panorama if the what-if's enterprises land (from the roadmap tab)
    const w = await postJSON(`/chains/${encodeURIComponent(ctx.chain)}/whatif`, { ...scopeParams(ctx.scope), land: ctx.params.land.split(",") });
    return { view, planned: new Map(), notPursued: new Set(), after: new Map(w.changed.map((c) => [c.node_id, c.after])),
      counts: w.after.counts, completeness: w.after.completeness };
  }
  if (!PHASES.includes(view)) return null;
  const road = await data.roadmap(ctx);
  const upto = PHASES.indexOf(view);
  const planned = new Map();
  road.phases.forEach((p, i) => { if (i <= upto) p.items.forEach((x) => { if (x.mode !== "fuse") planned.set(x.node_id, p.phase); }); });
  const phase = road.phases[upto];
  return { view, planned, notPursued: new Set(road.not_pursued.map((x) => x.node_id)), completeness: phase ? phase.target_completeness : null };
}

function viewSwitch(ctx, vision) {
  const current = vision ? vision.view : "now";
  const go = (view) => ctx.navigate({ params: { ...ctx.params, view: view === "now" ? "" : view } });
  return h("div", { class: "subtabs view-switch", role: "tablist" },
    ["now", ...PHASES, ...(ctx.params.land ? ["whatif"] : [])].map((v) => h("button", { class: v === current ? "subtab active" : "subtab", role: "tab", "data-view": v, onclick: () => go(v) },
      t(v === "now" ? "view_now" : `view_${v}`))),
    vision && vision.completeness !== null ? h("span", { class: "muted view-note" }, `${t(vision.view === "whatif" ? "whatif_completeness" : "after_phase")} ${pct(vision.completeness)}`) : null);
}

function legend(pano, vision) {
  const counts = { ...(vision && vision.counts ? vision.counts : pano.counts) };
  if (vision && !vision.counts) {
    const links = pano.stages.flatMap((s) => s.segments.flatMap((g) => g.links));
    for (const x of links) if (vision.planned.has(x.node_id) || vision.notPursued.has(x.node_id)) counts[x.status] -= 1;
  }
  const item = (key, style, label, n) => h("span", { class: "legend-item", "data-status": key },
    h("span", { class: "swatch", style }), `${label} ${n}`);
  return h("div", { class: "legend" }, ["strong", "weak", "missing"].map((s) => item(s,
    { background: look.status[s].fill, borderColor: look.status[s].stroke, borderStyle: s === "missing" ? "dashed" : "solid" }, t(`status_${s}`), counts[s])),
  vision && !vision.counts ? [item("planned", { background: VISION.planned.fill, borderColor: VISION.planned.stroke }, t("status_planned"), vision.planned.size),
    item("not_pursued", { background: VISION.not_pursued.fill, borderColor: VISION.not_pursued.stroke, borderStyle: "dotted" }, t("not_pursued"),
      vision.notPursued.size)] : null,
  h("span", { class: "legend-item muted" }, `◆ ${t("core")} · ⚑ ${t("chokepoint")}`));
}

function openLink(side, ctx, link, onClose) {
  side.hidden = false;
  const local = h("div");
  const cands = h("div");
  const mapBox = h("div", { class: "chart link-map", id: "link-map", "data-node": link.node_id });
  clear(side,
    h("div", { class: "side-head" }, h("h3", {}, nameOf(link)), statusBadge(link.status),
      h("button", { class: "btn ghost close", "aria-label": t("close"), onclick: onClose }, "×")),
    h("p", { class: "muted" }, [link.is_core ? t("core") : null, link.chokepoint ? t("chokepoint") : null].filter(Boolean).join(" · ")),
    h("dl", { class: "stats" },
      [["local_count", link.local_count], ["key_count", link.key_count], ["national_count", link.national_count],
        ["lq", num(link.lq)], ["rca", num(link.rca)], ["density", num(link.density)]].map(([k, v]) => [
        h("dt", {}, HELP[k] ? help(t(k), t(HELP[k])) : t(k)), h("dd", { "data-stat": k }, v)])),
    h("h4", {}, t("pano_map")), mapLegend(true), mapBox,
    h("div", { class: "actions" }, h("a", { class: "btn ghost small", "data-map-link": link.node_id,
      href: formatHash({ ...ctx, tab: "targets", params: { node: link.node_id, show: "map" } }) }, `${t("map_open_big")} →`)),
    h("h4", {}, t("reasons")), reasonList(link.reasons),
    h("h4", {}, `${t("local_enterprises")}${getLang() === "en" ? ` (${link.local_count})` : `（${link.local_count}）`}`), local,
    link.status === "strong" ? null : [h("h4", {}, t("candidates")), cands]);
  // one read of the link's local enterprises (list and map) and of the target list (candidates and map)
  const localFound = link.local_count ? getJSON("/enterprises", { node: link.node_id, ...scopeParams(ctx.scope), limit: 50 }) : Promise.resolve({ data: [], count: 0 });
  const forLink = data.targets(ctx).then((table) => table.rows.filter((r) => r.node_ids.includes(link.node_id)));
  withLoading(local, async () => {
    const found = (await localFound).data;
    if (!found.length) {
      if (!link.local_count) return clear(local, h("p", { class: "muted" }, t("none_local")));
      return clear(local, h("ul", { class: "plain" }, link.key_enterprises.map((k) => h("li", {}, entLink(ctx, k.id, k.name)))),
        h("p", { class: "muted" }, t("park_key_only")));
    }
    clear(local, h("ul", { class: "plain" }, found.map((e) => h("li", {}, entLink(ctx, e.id, e.name),
      e.tags.length ? h("span", { class: "tags" }, e.tags.map((x) => h("span", { class: "tag" }, tagName(x)))) : null,
      h("span", { class: "muted" }, ` ${placeName(e.region_name || "")}`)))));
  });
  if (link.status !== "strong") {
    withLoading(cands, async () => {
      const rows = (await forLink).filter((r) => r.kind === "key" || r.kind === "supporting").slice(0, 10);
      if (!rows.length) return clear(cands, h("p", { class: "muted" }, t("no_candidates")));
      clear(cands, h("ol", { class: "candidates" }, rows.map((r) => h("li", { "data-enterprise": r.enterprise_id },
        h("div", {}, entLink(ctx, r.enterprise_id, r.name), h("span", { class: "score", title: t("score_help") }, num(r.score, 3))),
        h("div", { class: "muted" }, h("span", {}, placeName(r.region_name)), ` · ${t(`kind_${r.kind}`)}`),
        reasonList(r.reasons, 2)))),
      h("div", { class: "actions" },
        h("a", { class: "btn ghost", href: formatHash({ ...ctx, tab: "targets", params: { node: link.node_id } }) }, `${t("tab_targets")} →`)));
    });
  }
  Promise.all([forLink, localFound.catch(() => ({ data: [] }))])
    .then(([rows, found]) => drawTargetMap(mapBox, rows, homeOf(ctx), (id) => ctx.navigate({ tab: "enterprises", params: { e: id } }), found.data, true))
    .catch((err) => clear(mapBox, errorBox(err)));
}

function entLink(ctx, id, name) {
  return h("a", { "data-name": "", href: formatHash({ ...ctx, tab: "enterprises", params: { e: id } }) }, name);
}
