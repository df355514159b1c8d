// 总览 Overview: indicator cards, local chain leaders, and the scope's rank among the chain's cities.
import * as data from "../data.js";
import { colon, getLang, listSep, nameOf, placeName, t } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { changesOf, linkNames, snapshotTitle } from "../since.js";
import { card, clear, errorBox, h, look, pct, reasonList, section, stackLabels, withLoading } from "../ui.js";

/** One sentence a 链长 can repeat: completeness, the three statuses, and the first links to fill and to strengthen. */
export function verdict(report, ctx) {
  const c = report.counts;
  const names = Object.fromEntries(report.links.map((x) => [x.node_id, nameOf(x)]));
  const top = (mode) => report[mode].slice(0, 3).map((e) => names[e.node_id] || e.name);
  const fill = top("fill");
  const strengthen = top("strengthen");
  const en = getLang() === "en";
  const list = (xs) => xs.join(en ? ", " : "、");
  const place = h("span", {}, placeName(report.scope.name));
  const head = en
    ? [`${ctx.chainName} in `, place, ` is ${pct(report.completeness)} complete: ${c.strong} strong, ${c.weak} weak and ${c.missing} missing links`]
    : [place, `${ctx.chainName}产业链完备度 ${pct(report.completeness)}：优势环节 ${c.strong} 个、薄弱环节 ${c.weak} 个、缺失环节 ${c.missing} 个`];
  const parts = [
    fill.length ? (en ? `fill first: ${list(fill)}` : `首先补链：${list(fill)}`) : null,
    strengthen.length ? (en ? `strengthen: ${list(strengthen)}` : `强链重点：${list(strengthen)}`) : null,
  ].filter(Boolean);
  return [...head, `${parts.length ? (en ? "; " : "；") + parts.join(en ? "; " : "；") : ""}${en ? "." : "。"}`];
}

export async function render(el, ctx) {
  if (!ctx.scope) {
    clear(el, h("div", { class: "panel hint" }, h("h2", {}, t("pick_scope")), h("p", {}, t("pick_scope_hint"))), h("div"));
    return cityTable(el.lastChild, ctx);
  }
  const report = await data.gaps(ctx);
  const rankBox = h("div", { class: "card rank-card" }, h("div", { class: "card-label" }, t("rank")), h("div", { class: "card-value muted" }, "…"));
  const rankPanel = h("div");
  const sincePanel = h("div", { "data-since": "" });
  const c = report.counts;
  const go = (tab) => () => ctx.navigate({ tab });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(report.scope.name)), ` · ${ctx.chainName}`),
      look.data_date ? h("span", { class: "muted data-date", "data-date": look.data_date, title: t("data_date_help") }, t("data_date", look.data_date)) : null),
    h("p", { class: "verdict", id: "verdict" }, verdict(report, ctx)),
    chainStrip(report, ctx),
    h("div", { class: "cards" },
      card(t("completeness"), pct(report.completeness), t("completeness_help"), { "data-kpi": "completeness" }),
      card(t("strength"), pct(report.strength), t("strength_help"), { "data-kpi": "strength" }),
      ["strong", "weak", "missing"].map((s) => card(t(`status_${s}`), `${c[s]} ${t("links_n")}`, "",
        { class: `card status-card status-${s}`, "data-kpi": s, style: `border-color:${look.status[s].stroke};background:${look.status[s].fill}` })),
      rankBox),
    h("div", { class: "next" }, h("span", { class: "muted" }, `${t("next_steps")}${colon()}`),
      h("button", { class: "btn", onclick: () => ctx.navigate({ tab: "gaps" }) }, `${t("see_missing")}（${c.missing}）→`),
      h("button", { class: "btn", onclick: go("panorama") }, `${t("see_panorama")} →`),
      h("button", { class: "btn", onclick: go("targets") }, `${t("open_targets")} →`),
      h("button", { class: "btn ghost", id: "overview-download", onclick: () => ctx.runDownload(`/chains/${encodeURIComponent(ctx.chain)}/report/targets`,
        { ...scopeParams(ctx.scope), format: "xlsx" }, `${ctx.chain}-${ctx.scope.code}-targets.xlsx`) }, `⬇ ${t("see_targets")}`),
      h("button", { class: "btn", onclick: go("parks") }, `${t("tab_parks")} →`)),
    sincePanel,
    h("div", { class: "two-col" }, leaders(report), rankPanel));
  loadRank(ctx, rankBox, rankPanel);
  loadSince(ctx, sincePanel);
}

/** The chain at a glance: upstream → midstream → downstream, one square per link in its status colour; a click opens it. */
function chainStrip(report, ctx) {
  const stages = ["upstream", "midstream", "downstream"].map((st) => [st, report.links.filter((x) => x.stage === st)]).filter(([, xs]) => xs.length);
  return h("div", { class: "chain-strip", id: "chain-strip" }, stages.map(([st, xs], i) => [
    i ? h("span", { class: "strip-arrow" }, "→") : null,
    h("div", { class: "strip-stage", style: { flex: `${xs.length} 1 0` } }, h("div", { class: "strip-name" }, `${t(st)} (${xs.length})`),
      h("div", { class: "strip-links" }, xs.map((x) => h("a", {
        class: "strip-link", "data-node": x.node_id, "data-status": x.status, title: `${nameOf(x)} · ${t(`status_${x.status}`)}`,
        href: `#/${encodeURIComponent(ctx.chain)}/${ctx.scope.kind === "park" ? `park:${ctx.scope.code}` : ctx.scope.code}/panorama?node=${encodeURIComponent(x.node_id)}`,
        style: { background: look.status[x.status].fill, borderColor: look.status[x.status].stroke },
      }))))]));
}

function leaders(report) {
  if (!report.leaders.length) return section(t("leaders"), h("p", { class: "muted" }, t("no_leaders")));
  const links = Object.fromEntries(report.links.map((x) => [x.node_id, nameOf(x)]));
  return section(t("leaders"), stackLabels(h("table", { class: "table leaders-table stack" },
    h("thead", {}, h("tr", {}, h("th", {}, t("enterprise")), h("th", {}, t("link")), h("th", { class: "num" }, t("supporting_rate")))),
    h("tbody", {}, report.leaders.map((l) => h("tr", {},
      h("td", {}, h("a", { "data-name": "", href: `#/${report.chain}/${report.scope.kind === "park" ? `park:${report.scope.code}` : report.scope.code}/enterprises?e=${encodeURIComponent(l.enterprise_id)}` }, l.name),
        reasonList(l.reasons, 1)),
      h("td", {}, l.node_ids.map((n) => links[n] || n).join(listSep())),
      h("td", { class: "num" }, rateBar(l.supporting_rate))))))));
}

/** "Since the last review": shown only when the scope has a snapshot (and the caller may read it). */
async function loadSince(ctx, panel) {
  let d, names;
  try {
    [d, names] = await Promise.all([data.sinceReview(ctx), linkNames(ctx)]);
  } catch (err) {
    return; // no snapshot yet (404) or not an analyst (403): the overview goes without it
  }
  clear(panel, section(`${t("since_review")} · ${snapshotTitle(d.since)}`,
    changesOf(d, names),
    h("p", {}, h("a", { class: "btn ghost small", href: formatHash({ ...ctx, tab: "snapshots" }) }, `${t("tab_snapshots")} →`))));
}

function rateBar(rate) {
  if (rate === null || rate === undefined) return "—";
  return h("span", { class: "bar-cell" }, h("span", { class: "bar" }, h("span", { style: { width: `${rate * 100}%` } })), pct(rate));
}

/** The scope's rank: a region among the chain's cities, a park among parks (of its city, province or all). */
async function loadRank(ctx, box, panel, among = "all") {
  const park = Boolean(ctx.scope && ctx.scope.kind === "park");
  const label = t(park ? "rank_park" : "rank");
  try {
    const r = park ? await data.rankingAmong(ctx, among) : await data.ranking(ctx);
    clear(box, h("div", { class: "card-label" }, label), h("div", { class: "card-value", "data-kpi": "rank" }, t("rank_of", r.rank, r.total)));
    const picker = park ? h("select", { "aria-label": t("rank_park"), "data-among": among, onchange: (e) => loadRank(ctx, box, panel, e.target.value) },
      ["city", "province", "all"].map((a) => h("option", { value: a, selected: a === among }, t(`among_${a}`)))) : null;
    clear(panel, rankTable(r, ctx, 12, picker));
  } catch (err) {
    clear(box, h("div", { class: "card-label" }, label), h("div", { class: "card-value muted" }, "—"));
    clear(panel, errorBox(err, () => loadRank(ctx, box, panel, among)));
  }
}

/** The scope's peers by completeness (the chain's cities, or parks for a park), its row marked; clicking a row picks it. */
function rankTable(r, ctx, limit = 12, picker = null) {
  const mine = r.scope ? r.rows.findIndex((x) => x.scope.code === r.scope.code && x.scope.kind === r.scope.kind) : -1;
  const rows = r.rows.map((x, i) => [i, x]).filter(([i]) => i < limit || i === mine);
  const parks = r.peers === "parks";
  return section(`${t(parks ? "parks_ranking" : "cities_ranking")} · ${ctx.chainName}`, picker, h("div", { class: "table-wrap" }, h("table", { class: "table rank-table", "data-peers": r.peers },
    h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, t(parks ? "park" : "city")), h("th", {}, t("completeness")),
      h("th", {}, t("strength")), h("th", { class: "num" }, `${t("strong")}/${t("weak")}/${t("missing")}`))),
    h("tbody", {}, rows.map(([i, x]) => h("tr", {
      class: i === mine ? "mine clickable" : "clickable", "data-code": x.scope.code,
      onclick: () => ctx.navigate({ scope: { kind: x.scope.kind, code: x.scope.code }, tab: "overview" }),
    },
      h("td", { class: "num" }, i + 1), h("td", {}, placeName(x.scope.name)),
      h("td", {}, rateBar(x.completeness)), h("td", {}, rateBar(x.strength)),
      h("td", { class: "num" }, `${x.counts.strong}/${x.counts.weak}/${x.counts.missing}`)))))),
    r.rows.length > limit ? h("p", { class: "muted" }, t("more", r.rows.length - rows.length)) : null);
}

/** With no scope picked: the chain's cities, so a first click leads somewhere. */
export function cityTable(el, ctx) {
  return withLoading(el, async () => {
    const r = await data.ranking({ chain: ctx.chain, scope: null });
    clear(el, rankTable(r, ctx, 50));
  });
}
