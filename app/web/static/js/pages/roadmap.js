// 路径图 Roadmap: near, mid and long term phases, anchors first and their suppliers after them, and the
// links not pursued (有所为有所不为). Drop a card or pin a not-pursued link back in: the plan recomputes
// (include / exclude kept in the page's hash). What-if: tick candidates and see completeness change (POST /whatif).
import { postJSON } from "../api.js";
import * as data from "../data.js";
import { colon, getLang, nameOf, t } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { clear, errorBox, h, imageDownloads, loading, look, modeBadge, num, pct, reasonList, statusBadge } from "../ui.js";

const listOf = (text) => (text ? text.split(",").filter(Boolean) : []);

export async function render(el, ctx) {
  const pins = { include: listOf(ctx.params.include), exclude: listOf(ctx.params.exclude) };
  const [road, tpl] = await Promise.all([data.roadmap(ctx, pins), data.template(ctx)]);
  const linkName = Object.fromEntries(tpl.nodes.map((n) => [n.id, nameOf(n)]));
  const repin = (include, exclude) => {
    const params = { ...ctx.params, include: include.join(","), exclude: exclude.join(",") };
    history.replaceState(null, "", formatHash({ ...ctx, params }));
    return render(el, { ...ctx, params });
  };
  const drop = (id) => repin(pins.include.filter((x) => x !== id), [...new Set([...pins.exclude, id])]);
  const pin = (id) => repin([...new Set([...pins.include, id])], pins.exclude.filter((x) => x !== id));
  const names = Object.fromEntries(road.phases.flatMap((p) => p.items.map((i) => [i.node_id, linkName[i.node_id] || nameOf(i)])));
  const ticked = new Set(listOf(ctx.params.land));  // the what-if lives in the address, so a reload keeps it
  const result = h("div", { id: "whatif-result" }, h("p", { class: "muted" }, t("whatif_none")));
  let seq = 0;

  async function simulate() {
    const mine = ++seq;
    const params = { ...ctx.params, land: [...ticked].join(",") };
    ctx.params = params;
    history.replaceState(null, "", formatHash({ ...ctx, params }));
    if (!ticked.size) return clear(result, h("p", { class: "muted" }, t("whatif_none")));
    clear(result, loading());
    try {
      const w = await postJSON(`/chains/${encodeURIComponent(ctx.chain)}/whatif`, { ...scopeParams(ctx.scope), land: [...ticked] });
      if (mine === seq) {
        clear(result, whatIf(w, linkName), h("a", { class: "btn ghost small", id: "whatif-panorama",
          href: formatHash({ ...ctx, tab: "panorama", params: { view: "whatif", land: [...ticked].join(",") } }) }, `${t("whatif_on_map")} →`));
      }
    } catch (err) {
      if (mine === seq) clear(result, errorBox(err, simulate));
    }
  }

  const highlight = (ids, on) => ids.forEach((id) => el.querySelectorAll(`[data-node="${CSS.escape(id)}"]`).forEach((c) => c.classList.toggle("dep", on)));
  const itemCard = (item) => h("div", {
    class: "road-card", "data-node": item.node_id, style: { borderLeftColor: look.modes[item.mode] || "#90a4ae" },
    onmouseenter: () => highlight(item.after, true), onmouseleave: () => highlight(item.after, false),
  },
    h("div", { class: "road-title" }, h("a", { href: formatHash({ ...ctx, tab: "panorama", params: { node: item.node_id } }) }, names[item.node_id]), modeBadge(item.mode),
      item.mode === "fuse" ? null : h("button", { class: "btn ghost small drop", "data-drop": item.node_id, title: t("drop_link"), onclick: () => drop(item.node_id) }, "✕")),
    h("div", { class: "muted", title: t("priority_help") }, `${t("priority")} ${num(item.priority, 3)}`),
    item.after.length ? h("div", { class: "after" }, `↳ ${t("depends_on")}${colon()}${item.after.map((n) => names[n] || linkName[n] || n).join(getLang() === "en" ? ", " : "、")}`) : null,
    reasonList(item.reasons.slice(0, 2)),
    item.targets.length ? h("div", { class: "road-targets" }, item.targets.map((x) => h("label", { class: "tick" },
      h("input", { type: "checkbox", value: x.enterprise_id, "data-enterprise": x.enterprise_id, checked: ticked.has(x.enterprise_id),
        onchange: (e) => { el.querySelectorAll(`input[data-enterprise="${CSS.escape(x.enterprise_id)}"]`).forEach((c) => { c.checked = e.target.checked; });
          if (e.target.checked) ticked.add(x.enterprise_id); else ticked.delete(x.enterprise_id); simulate(); } }),
      " ", h("span", { "data-name": "" }, x.name), " ", h("span", { class: "muted", title: t("score_help") }, num(x.score, 3))))) : null);

  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", { "data-name": "" }, road.scope.name), ` · ${ctx.chainName} · ${t("tab_roadmap")}`),
      pins.include.length || pins.exclude.length ? h("span", { class: "pins" }, t("pins_now", pins.include.length, pins.exclude.length), " ",
        h("button", { class: "btn ghost small", "data-pins-reset": "", onclick: () => repin([], []) }, t("pins_reset"))) : null,
      imageDownloads(ctx, "roadmap")),
    h("div", { class: "with-side" },
      h("div", { class: "phases" },
        h("div", { class: "phase now" }, h("h3", {}, t("now")), h("div", { class: "big" }, pct(road.completeness_now)), h("div", { class: "muted" }, t("completeness"))),
        road.phases.map((p) => h("div", { class: "phase", "data-phase": p.phase },
          h("h3", {}, t(`phase_${p.phase}`), h("span", { class: "muted" }, ` · ${p.items.length} ${t("links_n")}`)),
          h("div", { class: "phase-after" }, `${t("after_phase")} `, h("strong", {}, pct(p.target_completeness))),
          p.items.length ? p.items.map(itemCard) : h("p", { class: "muted" }, t("no_items")))),
        notPursued(road, pin, linkName)),
      h("aside", { class: "side whatif" }, h("h3", {}, t("whatif")), h("p", { class: "muted" }, t("whatif_hint")), result)));
  if (ticked.size) simulate();
}

function notPursued(road, pin, linkName) {
  return h("div", { class: "phase not-pursued", "data-phase": "not_pursued" },
    h("h3", {}, t("not_pursued"), h("span", { class: "muted" }, ` · ${road.not_pursued.length} ${t("links_n")}`)),
    road.not_pursued.length ? road.not_pursued.map((x) => h("div", { class: "road-card muted-card", "data-node": x.node_id },
      h("div", { class: "road-title" }, linkName[x.node_id] || nameOf(x),
        h("button", { class: "btn ghost small", "data-pin": x.node_id, onclick: () => pin(x.node_id) }, t("pin_link"))),
      reasonList(x.reasons))) : h("p", { class: "muted" }, t("not_pursued_none")));
}

function whatIf(w, linkName) {
  const row = (label, key) => h("tr", {}, h("th", {}, label), h("td", {}, pct(w.before[key])), h("td", {}, "→"),
    h("td", { class: w.after[key] > w.before[key] ? "up" : "" }, pct(w.after[key])));
  const counts = (c) => ["strong", "weak", "missing"].map((s) => h("span", { style: { color: look.status[s].stroke } }, `${t(s)} ${c[s]} `));
  return h("div", {},
    h("table", { class: "table compact" },
      h("thead", {}, h("tr", {}, h("th"), h("th", {}, t("before")), h("th"), h("th", {}, t("after")))),
      h("tbody", {}, row(t("completeness"), "completeness"), row(t("strength"), "strength"),
        h("tr", {}, h("th", {}, t("status")), h("td", {}, counts(w.before.counts)), h("td", {}, "→"), h("td", {}, counts(w.after.counts))))),
    w.changed.length ? [h("h4", {}, t("changed_links")), h("ul", { class: "plain" }, w.changed.map((c) => h("li", { "data-node": c.node_id },
      `${linkName[c.node_id] || c.name} `, statusBadge(c.before), " → ", statusBadge(c.after))))] : null,
    reasonList(w.reasons));
}
