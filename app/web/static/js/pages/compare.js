// 对比 Compare: several cities side by side on one chain, and the cities most like the first one.
// A park is compared with parks (never with its county or city), and its similar places are parks.
import { getJSON } from "../api.js";
import * as data from "../data.js";
import { nameOf, placeName, t } from "../i18n.js";
import { provinceMatrix } from "../province_matrix.js";
import { clear, h, help, look, num, pct, section, withLoading } from "../ui.js";

const isPark = (ctx) => ctx.scope.kind === "park";
const compareOf = (ctx, codes) => (isPark(ctx) ? data.parkCompare(ctx, codes) : data.compare(ctx, codes));

/** The codes (region codes, or park ids for a park) to compare: from the URL (?with=a,b), else the scope and its three most similar peers. */
async function chosen(ctx) {
  const home = ctx.scope.code;
  if (ctx.params.with) return [home, ...ctx.params.with.split(",").filter((c) => c && c !== home)];
  const first = await compareOf(ctx, [home]);
  return [home, ...first.similar.slice(0, 3).map((s) => s.code)];
}

async function candidates(ctx, q) {
  if (!isPark(ctx)) return (await getJSON("/regions", { q, limit: 8 })).map((r) => ({ code: r.code, name: r.full_name || r.name }));
  return ctx.parks.filter((p) => p.name.includes(q) || p.id.includes(q)).slice(0, 8).map((p) => ({ code: p.id, name: p.name }));
}

export async function render(el, ctx) {
  const place = t(isPark(ctx) ? "park" : "city");
  const most = (isPark(ctx) ? look.parks_max : look.compare_max) || 10;
  const asked = await chosen(ctx);
  const codes = asked.slice(0, most);
  const [cmp, tpl] = await Promise.all([compareOf(ctx, codes), data.template(ctx)]);
  const gaps = await Promise.all(cmp.scopes.map((s) => data.gaps({ chain: ctx.chain, scope: { kind: s.scope.kind, code: s.scope.code } })));
  const limit = h("p", { class: "limit-note", id: "compare-limit", role: "status", hidden: asked.length <= most }, t("compare_limit", most, place));
  const setCodes = (list) => {
    if (list.length > most) {  // say so here, rather than ask the API and show its refusal instead of the page
      limit.textContent = t("compare_limit", most, place);
      limit.hidden = false;
      return;
    }
    ctx.navigate({ params: { with: list.slice(1).join(",") } });
  };
  const search = h("input", { type: "search", placeholder: t(isPark(ctx) ? "compare_add_park" : "scope_placeholder"),
    "aria-label": t(isPark(ctx) ? "compare_add_park" : "compare_add") });
  const menu = h("div", { class: "menu", hidden: true });
  search.addEventListener("input", async () => {
    const q = search.value.trim();
    if (!q) { menu.hidden = true; return; }
    const found = await candidates(ctx, q);
    clear(menu, found.map((r) => h("div", { class: "menu-item", onmousedown: () => setCodes([...codes, r.code]) }, placeName(r.name))));
    menu.hidden = !found.length;
  });
  search.addEventListener("blur", () => setTimeout(() => { menu.hidden = true; }, 150));

  const bars = h("div", { class: "chart small-chart", id: "compare-chart" });
  const provinceBox = h("div", { id: "province-matrix" });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, `${ctx.chainName} · ${t("tab_compare")}`),
      h("div", { class: "picker-inline" }, search, menu)),
    limit,
    h("div", { class: "two-col wide-left" },
      section(t("tab_compare"), summaryTable(cmp, codes, setCodes, place), bars),
      section(t(isPark(ctx) ? "similar_parks" : "similar"), similarList(cmp, codes, setCodes, place))),
    section(t("status_matrix"), statusLegend(), linkTable(cmp, tpl, gaps)),
    isPark(ctx) ? null : section(t("province_matrix"), statusLegend(), provinceBox));
  if (!isPark(ctx)) withLoading(provinceBox, async () => clear(provinceBox, await provinceMatrix(ctx, ctx.scope.code)));
  if (window.echarts) {
    const chart = window.echarts.init(bars, null, { height: 260 });
    chart.setOption({
      animation: false, tooltip: { trigger: "axis", valueFormatter: (v) => `${v}%` }, legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: "category", data: cmp.scopes.map((s) => placeName(s.scope.name)), axisLabel: { interval: 0, width: 86, overflow: "truncate" } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: t("completeness"), type: "bar", data: cmp.scopes.map((s) => +(s.completeness * 100).toFixed(1)), itemStyle: { color: "#607d8b" } },  // not a status colour: green means 优势 everywhere else
        { name: t("strength"), type: "bar", data: cmp.scopes.map((s) => +(s.strength * 100).toFixed(1)), itemStyle: { color: "#1565c0" } },
      ],
    });
  }
}

function summaryTable(cmp, codes, setCodes, place) {
  return h("div", { class: "table-wrap" }, h("table", { class: "table compare-table" },
    h("thead", {}, h("tr", {}, h("th", {}, place), h("th", {}, t("completeness")), h("th", {}, t("strength")),
      ["strong", "weak", "missing"].map((s) => h("th", { class: "num", style: { color: look.status[s].stroke } }, t(s))), h("th"))),
    h("tbody", {}, cmp.scopes.map((s, i) => h("tr", { "data-code": s.scope.code, class: i === 0 ? "mine" : "" },
      h("td", {}, placeName(s.scope.name)), h("td", {}, pct(s.completeness)), h("td", {}, pct(s.strength)),
      ["strong", "weak", "missing"].map((k) => h("td", { class: "num" }, s.counts[k])),
      h("td", {}, i === 0 ? null : h("button", { class: "btn ghost small", onclick: () => setCodes(codes.filter((c) => c !== s.scope.code)) }, t("remove"))))))));
}

function similarList(cmp, codes, setCodes, place) {
  if (!cmp.similar.length) return h("p", { class: "muted" }, t("no_items"));
  return h("table", { class: "table similar-table" },
    h("thead", {}, h("tr", {}, h("th", {}, place), h("th", { class: "num", title: t("similarity_help") }, help(t("similarity"), t("similarity_help"))), h("th"))),
    h("tbody", {}, cmp.similar.map((s) => h("tr", { "data-code": s.code },
      h("td", {}, placeName(s.name)), h("td", { class: "num" }, num(s.similarity, 3)),
      h("td", {}, codes.includes(s.code) ? "✓" : h("button", { class: "btn ghost small", onclick: () => setCodes([...codes, s.code]) }, t("add")))))));
}

/** The one status legend of the heat matrices (the panorama's colours). */
export function statusLegend() {
  return h("div", { class: "legend heat-legend" }, ["strong", "weak", "missing"].map((st) => h("span", { class: "legend-item", "data-status": st },
    h("span", { class: "swatch", style: { background: look.status[st].fill, borderColor: look.status[st].stroke } }), t(`status_${st}`))),
  h("span", { class: "muted" }, t("matrix_hint")));
}

/** Links × compared places: each cell coloured by the place's status on the link (as on the panorama), its local enterprise count inside. */
function linkTable(cmp, tpl, gaps) {
  const leaves = tpl.nodes.filter((n) => n.is_leaf);
  const statuses = gaps.map((g) => Object.fromEntries(g.links.map((x) => [x.node_id, x.status])));
  return h("div", { class: "table-wrap" }, h("table", { class: "table heat status-matrix" },
    h("thead", {}, h("tr", {}, h("th", {}, t("link")), h("th", {}, t("stage")), cmp.scopes.map((s) => h("th", { class: "num" }, placeName(s.scope.name))))),
    h("tbody", {}, leaves.map((n) => h("tr", { "data-node": n.id }, h("td", {}, nameOf(n)), h("td", { class: "muted" }, t(n.stage)),
      cmp.scopes.map((s, i) => {
        const c = s.link_counts[n.id] ?? 0;
        const st = statuses[i][n.id] || "missing";
        return h("td", { class: "num", "data-status": st, "data-code": s.scope.code, title: `${t(`status_${st}`)} · ${t("local_count")} ${c}`,
          style: { background: look.status[st].fill, color: look.status[st].stroke } }, c);
      }))))));
}
