// 招商名录 Targets: one row per group (decision-maker) to call, sortable by score, feasibility or value and
// filterable by kind (key, supporting, expansion, partner), with the gap links and member plants, the
// reasons and the factor breakdown of both scores; XLSX/CSV downloads come from the reports endpoint.
import * as data from "../data.js";
import { t } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { clear, factorBars, h, modeBadge, num, reasonList } from "../ui.js";

const COLUMNS = [
  ["score", "score", (r) => r.score],
  ["feasibility", "feasibility", (r) => r.feasibility],
  ["value", "value", (r) => r.value],
  ["group", "name", (r) => r.name],
  ["location", "region_name", (r) => r.region_name],
  ["role", "role", (r) => r.role],
  ["gap_links", "node_names", (r) => r.node_names.join("、")],
  ["mode", "mode", (r) => r.mode],
  ["kind", "kind", (r) => r.kind],
];
const NUMERIC = new Set(["score", "feasibility", "value"]);

function membersOf(r) {
  const byLink = new Map();
  for (const m of r.members) byLink.set(m.node_name, [...(byLink.get(m.node_name) || []), m.name]);
  return [...byLink.entries()].map(([link, names]) => h("div", { class: "member" }, `${link}：${names.join("、")}`));
}

export async function render(el, ctx) {
  const table = await data.targets(ctx);
  const rows = table.rows;
  const state = { sort: "score", desc: true, kind: "", mode: "", node: ctx.params.node || "", text: "" };
  const nodes = [...new Map(rows.flatMap((r) => r.node_ids.map((n, i) => [n, r.node_names[i]]))).entries()];
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
      && (!state.node || r.node_ids.includes(state.node))
      && (!text || `${r.name} ${r.region_name} ${r.node_names.join(" ")} ${r.members.map((m) => m.name).join(" ")} ${r.tags.join(" ")}`
        .toLowerCase().includes(text)));
    shown.sort((a, b) => {
      const x = col[2](a), y = col[2](b);
      const c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return state.desc ? -c : c;
    });
    clear(head, COLUMNS.map(([label, key]) => h("th", {
      class: `sortable${state.sort === key ? (state.desc ? " desc" : " asc") : ""}${NUMERIC.has(key) ? " num" : ""}`, "data-sort": key,
      onclick: () => { state.desc = state.sort === key ? !state.desc : NUMERIC.has(key); state.sort = key; draw(); },
    }, t(label))), h("th", {}, t("members")), h("th", {}, t("present_via")), h("th", {}, t("tags")), h("th", {}, t("factors")),
    h("th", {}, t("reasons")));
    clear(tbody, shown.map((r) => h("tr", { "data-enterprise": r.enterprise_id, "data-node": r.node_ids[0], "data-kind": r.kind },
      h("td", { class: "num" }, num(r.score, 3)),
      h("td", { class: "num" }, num(r.feasibility, 3)),
      h("td", { class: "num" }, num(r.value, 3)),
      h("td", {}, h("a", { href: formatHash({ ...ctx, tab: "enterprises", params: { e: r.enterprise_id } }) }, r.name)),
      h("td", {}, r.region_name),
      h("td", {}, t(`role_${r.role}`)),
      h("td", {}, r.node_ids.map((n, i) => h("div", {}, h("a", { href: formatHash({ ...ctx, tab: "panorama", params: { node: n } }) }, r.node_names[i])))),
      h("td", {}, modeBadge(r.mode)),
      h("td", {}, t(`kind_${r.kind}`)),
      h("td", {}, membersOf(r)),
      h("td", {}, r.present_via.map((e) => h("div", {}, e.name))),
      h("td", {}, r.tags.map((x) => h("span", { class: "tag" }, x))),
      h("td", {}, h("div", {}, t("feasibility"), factorBars(r.factors.feasibility)), h("div", {}, t("value"), factorBars(r.factors.value))),
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
      select("kind", ["key", "supporting", "expansion", "partner"].map((k) => [k, t(`kind_${k}`)]), t("kind")),
      select("mode", modes.map((m) => [m, t(`mode_${m}`)]), t("mode")),
      select("node", nodes, t("target_link")),
      count),
    h("div", { class: "table-wrap" }, h("table", { class: "table targets-table" }, h("thead", {}, head), tbody)));
  draw();
}
