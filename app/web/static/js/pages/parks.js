// 园区对比 Parks: every park of the scope's city on the chain, where they overlap (同质化) and who should hold what.
import * as data from "../data.js";
import { listSep, nameOf, placeName, reasonText, t } from "../i18n.js";
import { clear, factorBars, h, look, modeBadge, num, pct, reasonList, section, statusBadge } from "../ui.js";

/** The city whose parks are compared: the region picked (a county stands for its city), or the park's own region. */
function cityOf(ctx) {
  if (ctx.scope.kind !== "park") return ctx.scope.code;
  const park = ctx.parks.find((p) => p.id === ctx.scope.code);
  return park ? park.region_code : ctx.scope.code;
}

export async function render(el, ctx) {
  const [r, tpl] = await Promise.all([data.parks(ctx, cityOf(ctx)), data.template(ctx)]);
  const names = Object.fromEntries(r.parks.map((p) => [p.park_id, placeName(p.name)]));
  const links = Object.fromEntries(tpl.nodes.filter((n) => n.is_leaf).map((n) => [n.id, nameOf(n)]));
  const goPark = (id, tab = "overview") => () => ctx.navigate({ scope: { kind: "park", code: id }, tab });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(r.city.name)), ` · ${ctx.chainName} · ${t("tab_parks")}`)),
    r.notes.length ? h("p", { class: "notes", "data-notes": "" }, r.notes.map(reasonText).join("；")) : null,
    section(t("parks_side"), parkTable(r, ctx, goPark)),
    section(t("parks_overlap"), h("p", { class: "muted" }, t("parks_index_help")), overlapTable(r, names, links)),
    section(t("parks_division"), divisionTable(r, names, links)),
    section(t("parks_matrix"), matrix(r, tpl, names)));
}

function parkTable(r, ctx, goPark) {
  const chainNames = Object.fromEntries(ctx.chains.map((c) => [c.id, nameOf(c)]));
  return h("div", { class: "table-wrap" }, h("table", { class: "table parks-table" },
    h("thead", {}, h("tr", {}, h("th", {}, t("park")), h("th", {}, t("lead_chains")), h("th", {}, t("completeness")),
      h("th", {}, t("strength")), h("th", { class: "num" }, `${t("strong")}/${t("weak")}/${t("missing")}`),
      h("th", { class: "num" }, t("parks_claims")), h("th"))),
    h("tbody", {}, r.parks.map((p) => h("tr", {
      "data-park": p.park_id, class: ctx.scope.kind === "park" && ctx.scope.code === p.park_id ? "mine" : "",
    },
      h("td", {}, h("a", { href: "#", onclick: (e) => { e.preventDefault(); goPark(p.park_id)(); } }, placeName(p.name)),
        p.reasons.length ? reasonList(p.reasons) : null),
      h("td", {}, p.lead_chains.map((c) => h("span", { class: c === r.chain ? "tag lead" : "tag" }, chainNames[c] || c))),
      h("td", {}, pct(p.completeness)), h("td", {}, pct(p.strength)),
      h("td", { class: "num" }, `${p.counts.strong}/${p.counts.weak}/${p.counts.missing}`),
      h("td", { class: "num" }, t("parks_claim_n", p.strong.length, p.targeted.length)),
      h("td", {}, h("button", { class: "btn ghost small", onclick: goPark(p.park_id, "enterprises") }, t("parks_enterprises"))))))));
}

function overlapTable(r, names, links) {
  if (!r.overlap.length) return h("p", { class: "muted", "data-empty": "overlap" }, t("parks_no_overlap"));
  return h("div", { class: "table-wrap" }, h("table", { class: "table overlap-table" },
    h("thead", {}, h("tr", {}, h("th", {}, t("parks_pair")), h("th", {}, t("parks_index")), h("th", { class: "num" }, t("parks_shared")),
      h("th", {}, t("parks_both_strong")))),
    h("tbody", {}, r.overlap.map((o) => h("tr", { "data-pair": `${o.park_a}|${o.park_b}` },
      h("td", {}, names[o.park_a], " × ", names[o.park_b]),
      h("td", {}, h("span", { class: "bar-cell" }, h("span", { class: "bar" }, h("span", { style: { width: `${o.index * 100}%`, background: "#c62828" } })), num(o.index, 2))),
      h("td", { class: "num", title: o.node_ids.map((n) => links[n] || n).join(listSep()) }, o.node_ids.length),
      h("td", {}, o.strong_ids.map((n) => links[n] || n).join(listSep()) || "—"))))));
}

function divisionTable(r, names, links) {
  if (!r.division.length) return h("p", { class: "muted" }, t("parks_no_overlap"));
  const byLink = Object.fromEntries(r.links.map((c) => [c.node_id, c]));
  return h("div", { class: "table-wrap" }, h("table", { class: "table division-table" },
    h("thead", {}, h("tr", {}, h("th", {}, t("link")), h("th", {}, t("parks_claimants")), h("th", {}, t("parks_home")),
      h("th", {}, t("factors")), h("th", {}, t("reasons")))),
    h("tbody", {}, r.links.map((c) => {
      const d = r.division.find((x) => x.node_id === c.node_id);
      return h("tr", { "data-node": c.node_id, "data-home": d.park_id },
        h("td", {}, links[c.node_id] || c.name, h("div", { class: "muted" }, `${t("parks_index")} ${num(byLink[c.node_id].index, 2)}`)),
        h("td", {}, c.claims.map((x) => h("div", {}, h("span", {}, names[x.park_id]), " ", statusBadge(x.status), x.mode ? [" ", modeBadge(x.mode)] : null))),
        h("td", {}, h("strong", {}, placeName(d.park_name))),
        h("td", {}, factorBars(d.factors)),
        h("td", { class: "reasons-cell" }, reasonList(d.reasons, 3)));
    }))));
}

/** Links × parks, each cell the park's status there; only links some park holds or contests. */
function matrix(r, tpl, names) {
  const contested = new Set(r.links.map((c) => c.node_id));
  const rows = tpl.nodes.filter((n) => n.is_leaf && (contested.has(n.id) || r.parks.some((p) => p.statuses[n.id] !== "missing")));
  return h("div", { class: "table-wrap" }, h("table", { class: "table heat parks-matrix" },
    h("thead", {}, h("tr", {}, h("th", {}, t("link")), r.parks.map((p) => h("th", {}, names[p.park_id])))),
    h("tbody", {}, rows.map((n) => h("tr", { class: contested.has(n.id) ? "contested" : "" },
      h("td", {}, nameOf(n), contested.has(n.id) ? " ⚑" : ""),
      r.parks.map((p) => {
        const s = p.statuses[n.id];
        return h("td", { style: { background: look.status[s].fill, color: look.status[s].stroke } }, t(s));
      }))))));
}
