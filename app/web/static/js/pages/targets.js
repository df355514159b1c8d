// 招商名录 Targets: one compact row per group (decision-maker) to call, sortable by score, feasibility or value and
// filterable by kind, mode, link and text; a click opens the row's member plants, factors and every reason.
// Filters and sort live in the URL; the downloads contain exactly the rows shown, in the page's language and numbers.
import * as data from "../data.js";
import { colon, getLang, nameOf, placeName, reasonText, t, tagName } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { drawTargetMap, homeOf, mapLegend } from "../target_map.js";
import { clear, errorBox, factorBars, h, help, modeBadge, num, reasonList, stackLabels } from "../ui.js";

const COLUMNS = [
  ["score", "score", (r) => r.score, "score_help"],
  ["feasibility", "feasibility", (r) => r.feasibility, "feasibility_help"],
  ["value", "value", (r) => r.value, "value_help"],
  ["group", "name", (r) => r.name],
  ["location", "region_name", (r) => placeName(r.region_name)],
  ["role", "role", (r) => r.role],
  ["gap_links", "node_names", (r) => r.node_names.join("、")],
  ["mode", "mode", (r) => r.mode],
  ["kind", "kind", (r) => r.kind],
];
const NUMERIC = new Set(["score", "feasibility", "value"]);
const FILTERS = ["kind", "mode", "node", "q"];
const LINKS_SHOWN = 2;
const PHONE_ROWS = 25;

/** The rows the filters let through, sorted as the page shows them. */
export function visibleRows(rows, state, linkName) {
  const text = (state.q || "").trim().toLowerCase();
  const col = COLUMNS.find((c) => c[1] === state.sort) || COLUMNS[0];
  const shown = rows.filter((r) => (!state.kind || r.kind === state.kind) && (!state.mode || r.mode === state.mode)
    && (!state.node || r.node_ids.includes(state.node))
    && (!text || [r.name, r.region_name, placeName(r.region_name), ...r.node_ids.map(linkName), ...r.node_names, ...r.members.map((m) => m.name), ...r.tags.map(tagName)]
      .join(" ").toLowerCase().includes(text)));
  return shown.sort((a, b) => {
    const x = col[2](a), y = col[2](b);
    const c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
    return state.desc ? -c : c;
  });
}

export async function render(el, ctx) {
  const [table, tpl] = await Promise.all([data.targets(ctx), data.template(ctx)]);
  const rows = table.rows;
  const nodesById = Object.fromEntries(tpl.nodes.map((n) => [n.id, n]));
  const linkName = (id) => (nodesById[id] ? nameOf(nodesById[id]) : id);
  const p = ctx.params;
  const state = { sort: COLUMNS.some((c) => c[1] === p.sort) ? p.sort : "score", desc: p.asc !== "1",
    kind: p.kind || "", mode: p.mode || "", node: p.node || "", q: p.q || "", show: p.show === "map" ? "map" : "list" };
  const nodes = [...new Set(rows.flatMap((r) => r.node_ids))].map((n) => [n, linkName(n)]);
  const modes = [...new Set(rows.map((r) => r.mode))];
  const tbody = h("tbody");
  const count = h("span", { class: "muted", id: "targets-count" });
  const head = h("tr");
  const tableEl = h("table", { class: "table targets-table stack" }, h("thead", {}, head), tbody);
  let shown = [];
  let phoneRows = PHONE_ROWS;
  const wrap = h("div", { class: "table-wrap targets-wrap stack-wrap" }, tableEl);

  const remember = () => {
    const params = { ...Object.fromEntries(FILTERS.map((k) => [k, state[k]])), sort: state.sort === "score" ? "" : state.sort, asc: state.desc ? "" : "1",
      show: state.show === "map" ? "map" : "" };
    ctx.params = params;
    history.replaceState(null, "", formatHash({ ...ctx, params }));
  };
  const select = (key, options, label) => h("select", { "aria-label": label, "data-filter": key, onchange: (e) => { state[key] = e.target.value; draw(); } },
    h("option", { value: "" }, `${label}${colon()}${t("all")}`), options.map(([v, name]) => h("option", { value: v, selected: state[key] === v }, name)));

  function detail(r) {
    return h("tr", { class: "detail", "data-detail": r.enterprise_id }, h("td", { colspan: COLUMNS.length + 3 }, h("div", { class: "detail-grid" },
      h("div", {}, h("h4", {}, t("gap_links")), r.node_ids.map((n) => h("div", {}, h("a", { href: formatHash({ ...ctx, tab: "panorama", params: { node: n } }) }, linkName(n))))),
      h("div", {}, h("h4", {}, t("members")), membersOf(r, linkName)),
      r.present_via.length ? h("div", {}, h("h4", {}, t("present_via")), r.present_via.map((e) => h("div", { "data-name": "" }, e.name))) : null,
      h("div", {}, h("h4", {}, t("tags")), r.tags.length ? r.tags.map((x) => h("span", { class: "tag" }, tagName(x))) : "—"),
      h("div", {}, h("h4", {}, t("factors")), h("div", {}, t("feasibility"), factorBars(r.factors.feasibility)),
        h("div", {}, t("value"), factorBars(r.factors.value))),
      h("div", {}, h("h4", {}, t("reasons")), reasonList(r.reasons)))));
  }

  function row(r) {
    const more = r.node_ids.length - LINKS_SHOWN;
    const tr = h("tr", { class: "clickable", "data-enterprise": r.enterprise_id, "data-node": r.node_ids[0], "data-kind": r.kind, title: t("row_open") },
      h("td", { class: "num" }, num(r.score, 3)),
      h("td", { class: "num" }, num(r.feasibility, 3)),
      h("td", { class: "num" }, num(r.value, 3)),
      h("td", {}, h("a", { "data-name": "", href: formatHash({ ...ctx, tab: "enterprises", params: { e: r.enterprise_id } }), onclick: (e) => e.stopPropagation() }, r.name)),
      h("td", {}, placeName(r.region_name)),
      h("td", { class: "short" }, t(`role_${r.role}`)),
      h("td", {}, r.node_ids.slice(0, LINKS_SHOWN).map(linkName).join(getLang() === "en" ? ", " : "、"), more > 0 ? h("span", { class: "more-links" }, ` +${more}`) : null),
      h("td", { class: "short" }, modeBadge(r.mode)),
      h("td", { class: "short" }, t(`kind_${r.kind}`)),
      h("td", { class: "first-reason" }, r.reasons.length ? h("span", { title: r.reasons.map(reasonText).join("\n") }, reasonText(r.reasons[0])) : "—"),
      h("td", {}, h("button", { class: "btn ghost small", type: "button", "aria-label": t("row_open") }, "▸")));
    tr.addEventListener("click", () => {
      const open = tr.nextElementSibling && tr.nextElementSibling.dataset.detail === r.enterprise_id;
      if (open) tr.nextElementSibling.remove(); else tr.after(detail(r));
      tr.lastChild.firstChild.textContent = open ? "▸" : "▾";
    });
    return tr;
  }

  function draw() {
    shown = visibleRows(rows, state, linkName);
    clear(head, COLUMNS.map(([label, key, , helpKey]) => h("th", {
      class: `sortable${state.sort === key ? (state.desc ? " desc" : " asc") : ""}${NUMERIC.has(key) ? " num" : ""}`, "data-sort": key,
      title: helpKey ? t(helpKey) : null,
      onclick: () => { state.desc = state.sort === key ? !state.desc : NUMERIC.has(key); state.sort = key; draw(); },
    }, helpKey ? help(t(label), t(helpKey)) : t(label))), h("th", {}, t("first_reason")), h("th"));
    // on a phone the rows are cards: PHONE_ROWS at a time, then a button for more (the count and downloads keep every row)
    const cut = window.matchMedia("(max-width: 600px)").matches ? Math.min(shown.length, phoneRows) : shown.length;
    clear(tbody, shown.length ? shown.slice(0, cut).map(row)
      : h("tr", { class: "empty-row" }, h("td", { colspan: COLUMNS.length + 2 }, t("no_rows_filtered"))),
    cut < shown.length ? h("tr", { class: "more-row" }, h("td", { colspan: COLUMNS.length + 3 }, h("button", { class: "btn ghost", id: "targets-more", type: "button",
      onclick: () => { phoneRows += PHONE_ROWS; draw(); } }, t("rows_more", Math.min(PHONE_ROWS, shown.length - cut), shown.length - cut)))) : null);
    stackLabels(tableEl);
    count.textContent = t("rows_shown", shown.length, rows.length);
    remember();
    if (state.show === "map") drawMap();
  }

  const mapBox = h("div", { class: "chart target-map", id: "target-map" });
  const mapPanel = h("div", { class: "map-panel", hidden: true }, mapLegend(), mapBox);
  const drawMap = () => drawTargetMap(mapBox, shown, homeOf(ctx), (id) => ctx.navigate({ tab: "enterprises", params: { e: id } }))
    .catch((err) => clear(mapBox, errorBox(err)));
  const showAs = (how) => {
    state.show = how;
    wrap.hidden = how === "map";
    mapPanel.hidden = how !== "map";
    switcher.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.show === how));
    remember();
    if (how === "map") drawMap();
  };
  const switcher = h("div", { class: "subtabs show-switch" }, ["list", "map"].map((how) => h("button", {
    class: "subtab", "data-show": how, type: "button", onclick: () => showAs(how) }, t(`show_${how}`))));

  const file = (fmt) => () => ctx.runDownload(`/web/targets/${encodeURIComponent(ctx.chain)}`, scopeParams(ctx.scope),
    `${ctx.chain}-${ctx.scope.code}-targets.${fmt}`, { rows: shown.map((r) => r.enterprise_id), lang: getLang(), format: fmt });
  const search = h("input", { type: "search", value: state.q, placeholder: t("filter_text"), "aria-label": t("filter_text"), "data-filter": "q",
    oninput: (e) => { state.q = e.target.value; draw(); } });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(table.scope.name)), ` · ${ctx.chainName} · ${t("tab_targets")}`),
      h("div", { class: "actions" },
        h("button", { class: "btn", id: "download-xlsx", title: t("download_shown"), onclick: file("xlsx") }, `⬇ ${t("download_xlsx")}`),
        h("button", { class: "btn ghost", id: "download-csv", title: t("download_shown"), onclick: file("csv") }, `⬇ ${t("download_csv")}`))),
    h("div", { class: "filters" }, search,
      select("kind", ["key", "supporting", "expansion", "partner"].map((k) => [k, t(`kind_${k}`)]), t("kind")),
      select("mode", modes.map((m) => [m, t(`mode_${m}`)]), t("mode")),
      select("node", nodes, t("target_link")),
      count),
    switcher, wrap, mapPanel);
  draw();
  showAs(state.show);
}

function membersOf(r, linkName) {
  const byLink = new Map();
  for (const m of r.members) byLink.set(m.node_id, [...(byLink.get(m.node_id) || []), m.name]);
  return [...byLink.entries()].map(([link, names]) => h("div", { class: "member" }, `${linkName(link)}${colon()}`, h("span", { "data-name": "" }, names.join(getLang() === "en" ? ", " : "、"))));
}
