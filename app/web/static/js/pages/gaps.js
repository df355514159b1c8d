// 缺链分析 Gaps: the five modes (补链 强链 延链 建链 融链) as tabs, each link with priority and reasons.
import * as data from "../data.js";
import { colon, nameOf, placeName, reasonText, t } from "../i18n.js";
import { fitOption } from "../fit_chart.js";
import { formatHash } from "../route.js";
import { clear, factorBars, h, help, look, num, pct, reasonList, stackLabels, statusBadge } from "../ui.js";

const MODES = ["fill", "strengthen", "extend", "build", "fuse"];

export async function render(el, ctx) {
  const report = await data.gaps(ctx);
  const first = MODES.find((m) => report[m].length) || "fill";
  const mode = MODES.includes(ctx.params.mode) ? ctx.params.mode : first;
  const body = h("div", { id: "mode-body" });
  const tabs = h("div", { class: "subtabs", role: "tablist" });
  const fitBox = h("div", { class: "chart fit-chart", id: "fit-chart", style: { height: "340px" } });
  const fitPanel = h("section", { class: "panel fit-panel" }, h("h2", {}, t("fit_title")), h("p", { class: "muted" }, t("fit_help")), fitBox);
  const show = (m) => {
    history.replaceState(null, "", formatHash({ ...ctx, params: { mode: m } }));
    clear(tabs, MODES.map((x) => h("button", {
      class: x === m ? "subtab active" : "subtab", role: "tab", "data-mode": x, onclick: () => show(x),
      style: { borderBottomColor: x === m ? look.modes[x] : "transparent" },
    }, `${t(`mode_${x}`)} `, h("span", { class: "count" }, report[x].length))));
    clear(body, h("p", { class: "muted" }, t(`mode_help_${m}`)), modeTable(report, m, ctx));
  };
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(report.scope.name)), ` · ${ctx.chainName} · ${t("tab_gaps")}`),
      h("span", { class: "muted" }, `${t("completeness")} ${pct(report.completeness)} · ${t("strength")} ${pct(report.strength)} · `
        + `${t("strong")} ${report.counts.strong} / ${t("weak")} ${report.counts.weak} / ${t("missing")} ${report.counts.missing}`)),
    report.notes.length ? h("div", { class: "notes" }, reasonList(report.notes)) : null,
    tabs, body, fitPanel);
  show(mode);
  drawFit(fitBox, report, ctx);
}

/** Presence × fit: one point per link; a click opens the link on the panorama. */
function drawFit(box, report, ctx) {
  if (!window.echarts) return;
  const chart = window.echarts.init(box, null, { height: 340 });
  const { option } = fitOption(report.links);
  chart.setOption(option);
  box.dataset.points = String(option.series[0].data.length);
  chart.on("click", { seriesId: "links" }, (p) => ctx.navigate({ tab: "panorama", params: { node: p.data.node_id } }));
}

const TOP = 10;  // rows shown per mode; the rest one click away

function modeTable(report, mode, ctx, all = false) {
  const every = report[mode];
  const entries = all ? every : every.slice(0, TOP);
  if (!entries.length) return h("p", { class: "empty" }, t("mode_empty"));
  const links = Object.fromEntries(report.links.map((x) => [x.node_id, x]));
  const max = Math.max(...entries.map((e) => e.priority), 1e-9);
  const chains = Object.fromEntries(ctx.chains.map((c) => [c.id, nameOf(c)]));
  const table = h("table", { class: "table gaps-table stack", "data-mode": mode },
    h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, t("link")), h("th", {}, t("stage")),
      h("th", {}, t("status")), h("th", { title: t("priority_help") }, help(t("priority"), t("priority_help"))), h("th", {}, t("reasons")), h("th", {}, t("factors")))),
    h("tbody", {}, entries.map((e, i) => {
      const link = links[e.node_id];
      return h("tr", { "data-node": e.node_id },
        h("td", { class: "num" }, i + 1),
        h("td", {}, h("a", { href: formatHash({ ...ctx, tab: "panorama", params: { node: e.node_id } }) }, link ? nameOf(link) : e.name),
          mode === "fuse" ? h("div", { class: "muted" }, `${t("related_chain")}${colon()}${chains[e.chain_id] || e.chain_id}`) : null,
          link && link.is_core ? h("div", { class: "muted" }, t("core")) : null),
        h("td", { class: "short" }, t(e.stage)),
        h("td", { class: "short" }, link ? statusBadge(link.status) : "—", link && link.rule ? h("div", { class: "muted" }, t(`rule_${link.rule}`)) : null),
        h("td", {}, h("span", { class: "bar-cell" }, h("span", { class: "bar" }, h("span", { style: { width: `${(e.priority / max) * 100}%`, background: look.modes[mode] } })), num(e.priority, 3))),
        h("td", {}, reasonList(e.reasons),
          e.candidates && e.candidates.length ? h("div", {}, h("strong", {}, `${t("leader_candidates")}${colon()}`),
            e.candidates.map((c) => h("a", { class: "chip", "data-name": "", href: formatHash({ ...ctx, tab: "enterprises", params: { e: c.enterprise_id } }), title: c.reasons.map(reasonText).join("\n") }, c.name))) : null),
        h("td", {}, factorBars(e.factors)));
    })),
    every.length > entries.length ? h("tfoot", {}, h("tr", {}, h("td", { colspan: 7 },
      h("button", { class: "btn ghost", "data-show-all": mode, onclick: (ev) => ev.target.closest("table").replaceWith(modeTable(report, mode, ctx, true)) },
        t("show_all", every.length))))) : null);
  stackLabels(table);
  return table;
}
