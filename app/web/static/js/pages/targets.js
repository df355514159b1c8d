// 招商名录 Targets: the ranked list of enterprises to attract, sortable and filterable, with the reasons
// and the factor breakdown of every score; XLSX/CSV downloads come from the reports endpoint.
import * as data from "../data.js";
import { t } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { clear, factorBars, h, modeBadge, num, reasonList } from "../ui.js";

const COLUMNS = [
  ["score", "score", (r) => r.score],
  ["enterprise", "name", (r) => r.name],
  ["location", "region_name", (r) => r.region_name],
  ["target_link", "node_name", (r) => r.node_name],
  ["mode", "mode", (r) => r.mode],
  ["kind", "kind", (r) => r.kind],
];

export async function render(el, ctx) {
  const table = await data.targets(ctx);
  const rows = table.rows;
  const state = { sort: "score", desc: true, kind: "", mode: "", node: ctx.params.node || "", text: "" };
  const nodes = [...new Map(rows.map((r) => [r.node_id, r.node_name])).entries()];
  const modes = [...new Set(rows.map((r) => r.mode))];
  const tbody = h("tbody");
  const count = h("span", { class: "muted", id: "targets-count" });
  const head = h("tr");

  const select = (key, options, label) => h("select", { "aria-label": label, "data-filter": key, onchange: (e) => { state[key] = e.target.value; draw(); } },
    h("option", { value: "" }, `${label}：${t("all")}`), options.map(([v, name]) => h("option", { value: v, selected: state[key] === v }, name)));

  function draw() {
    const text = state.text.trim().toLowerCase();
    const col = COLUMNS.find((c) => c[1] === state.sort);
    const shown = rows.filter((r) => (!state.kind || r.kind === state.kind) && (!state.mode || r.mode === state.mode)
      && (!state.node || r.node_id === state.node)
      && (!text || `${r.name} ${r.region_name} ${r.node_name} ${r.tags.join(" ")}`.toLowerCase().includes(text)));
    shown.sort((a, b) => {
      const x = col[2](a), y = col[2](b);
      const c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return state.desc ? -c : c;
    });
    clear(head, COLUMNS.map(([label, key]) => h("th", {
      class: `sortable${state.sort === key ? (state.desc ? " desc" : " asc") : ""}${key === "score" ? " num" : ""}`, "data-sort": key,
      onclick: () => { state.desc = state.sort === key ? !state.desc : key === "score"; state.sort = key; draw(); },
    }, t(label))), h("th", {}, t("tags")), h("th", {}, t("factors")), h("th", {}, t("reasons")));
    clear(tbody, shown.map((r) => h("tr", { "data-enterprise": r.enterprise_id, "data-node": r.node_id },
      h("td", { class: "num" }, num(r.score, 3)),
      h("td", {}, h("a", { href: formatHash({ ...ctx, tab: "enterprises", params: { e: r.enterprise_id } }) }, r.name)),
      h("td", {}, r.region_name),
      h("td", {}, h("a", { href: formatHash({ ...ctx, tab: "panorama", params: { node: r.node_id } }) }, r.node_name)),
      h("td", {}, modeBadge(r.mode)),
      h("td", {}, t(`kind_${r.kind}`)),
      h("td", {}, r.tags.map((x) => h("span", { class: "tag" }, x))),
      h("td", {}, factorBars(r.factors)),
      h("td", { class: "reasons-cell" }, reasonList(r.reasons)))));
    count.textContent = t("rows_shown", shown.length, rows.length);
  }

  const params = scopeParams(ctx.scope);
  const file = (fmt) => () => ctx.runDownload(`/chains/${ctx.chain}/report/targets`, { ...params, format: fmt }, `${ctx.chain}-${ctx.scope.code}-targets.${fmt}`);
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, `${table.scope.name} · ${ctx.chainName} · ${t("tab_targets")}`),
      h("div", { class: "actions" },
        h("button", { class: "btn", id: "download-xlsx", onclick: file("xlsx") }, `⬇ ${t("download_xlsx")}`),
        h("button", { class: "btn ghost", id: "download-csv", onclick: file("csv") }, `⬇ ${t("download_csv")}`))),
    h("div", { class: "filters" },
      h("input", { type: "search", placeholder: t("filter_text"), "aria-label": t("filter_text"), oninput: (e) => { state.text = e.target.value; draw(); } }),
      select("kind", [["key", t("kind_key")], ["supporting", t("kind_supporting")]], t("kind")),
      select("mode", modes.map((m) => [m, t(`mode_${m}`)]), t("mode")),
      select("node", nodes, t("target_link")),
      count),
    h("div", { class: "table-wrap" }, h("table", { class: "table targets-table" }, h("thead", {}, head), tbody)));
  draw();
}
