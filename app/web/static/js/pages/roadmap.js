// 路径图 Roadmap: near, mid and long term phases, anchors first and their suppliers after them, and the
// links not pursued (有所为有所不为). Drop a card or pin a not-pursued link back in: the plan recomputes
// (include / exclude kept in the page's hash). What-if: tick candidates and see completeness change (POST /whatif).
import { postJSON } from "../api.js";
import * as data from "../data.js";
import { colon, getLang, nameOf, placeName, t } from "../i18n.js";
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

  const highlight = (item, on) => {
    item.after.forEach((id) => el.querySelectorAll(`[data-node="${CSS.escape(id)}"]`).forEach((c) => c.classList.toggle("dep", on)));
    const svg = el.querySelector(".lane-arrows");
    if (svg) svg.dataset.focus = on ? item.node_id : "";
    el.querySelectorAll(".lane-arrows path[data-after]").forEach((a) => a.classList.toggle("on", on && a.dataset.after.endsWith(`>${item.node_id}`)));
  };
  const itemCard = (item) => h("div", {
    class: "road-card", "data-node": item.node_id, style: { borderLeftColor: look.modes[item.mode] || "#90a4ae" },
    onmouseenter: () => highlight(item, true), onmouseleave: () => highlight(item, false),
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
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, placeName(road.scope.name)), ` · ${ctx.chainName} · ${t("tab_roadmap")}`),
      pins.include.length || pins.exclude.length ? h("span", { class: "pins" }, t("pins_now", pins.include.length, pins.exclude.length), " ",
        h("button", { class: "btn ghost small", "data-pins-reset": "", onclick: () => repin([], []) }, t("pins_reset"))) : null,
      imageDownloads(ctx, "roadmap")),
    h("div", { class: "with-side" },
      h("div", { class: "phases lanes" },
        h("div", { class: "phase now" }, h("strong", {}, `${t("now")} `), h("span", { class: "big" }, pct(road.completeness_now)), " ",
          h("span", { class: "muted" }, t("completeness")), h("span", { class: "lane-key muted" }, h("i", { class: "key-arrow" }), t("arrow_key"))),
        road.phases.map((p, i) => lane(p, i ? road.phases[i - 1].target_completeness : road.completeness_now, itemCard)),
        arrowLayer(road),
        notPursued(road, pin, linkName)),
      h("aside", { class: "side whatif" }, h("h3", {}, t("whatif")), h("p", { class: "muted" }, t("whatif_hint")), result)));
  drawArrows(el.querySelector(".lanes"));
  if (ticked.size) simulate();
}

/** One swimlane (近期 / 中期 / 远期) as the report's roadmap map draws it: the phase, its link count and the target
 * completeness it reaches from the one before, then its cards. */
function lane(p, before, itemCard) {
  const done = Math.max(0, Math.min(1, p.target_completeness));
  return h("section", { class: `phase lane lane-${p.phase}`, "data-phase": p.phase },
    h("div", { class: "lane-head" },
      h("h3", {}, t(`phase_${p.phase}`)), h("div", { class: "muted lane-count" }, `${p.items.length} ${t("links_n")}`),
      h("div", { class: "phase-after" }, `${t("after_phase")} `, h("strong", {}, pct(p.target_completeness))),
      h("div", { class: "lane-bar", title: `${pct(before)} → ${pct(p.target_completeness)}` }, h("span", { style: { width: `${(done * 100).toFixed(1)}%` } })),
      h("div", { class: "muted lane-from" }, `${pct(before)} → ${pct(p.target_completeness)}`)),
    h("div", { class: "lane-cards" }, p.items.length ? p.items.map(itemCard) : h("p", { class: "muted" }, t("no_items"))));
}

const SVG = "http://www.w3.org/2000/svg";

/** The overlay the arrows live in: one path per (link, planned customer it follows), drawn under the cards. */
function arrowLayer(road) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "lane-arrows");
  svg.setAttribute("aria-hidden", "true");
  svg.innerHTML = '<defs><marker id="lane-feeds" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
    + '<path d="M0,0 L10,5 L0,10 z" fill="#78909c"/></marker></defs>';
  svg._pairs = road.phases.flatMap((p) => p.items.flatMap((item) => item.after.map((src) => [src, item.node_id])));
  return svg;
}

/** Draw (and redraw on resize) an arrow from each customer link placed first to the supplier link that follows it:
 * anchors first, suppliers follow (以整车带配套, 以面板带材料). */
function drawArrows(box) {
  const svg = box && box.querySelector(".lane-arrows");
  if (!svg) return;
  const draw = () => {
    if (!box.isConnected) return observer.disconnect();
    const at = box.getBoundingClientRect();
    svg.setAttribute("width", at.width);
    svg.setAttribute("height", at.height);
    svg.querySelectorAll("path[data-after]").forEach((a) => a.remove());
    const rect = (id) => {
      const card = box.querySelector(`.lane [data-node="${CSS.escape(id)}"]`);
      if (!card) return null;
      const r = card.getBoundingClientRect();
      return { x: r.left - at.left, y: r.top - at.top, w: r.width, h: r.height };
    };
    const into = {};  // a supplier with several customers takes their arrows side by side
    svg._pairs.forEach(([, dst], k) => { (into[dst] = into[dst] || []).push(k); });
    svg._pairs.forEach(([src, dst], k) => {
      const a = rect(src), b = rect(dst);
      if (!a || !b) return;
      // out of the customer's side into the column gutter, along it to the row gap above the supplier, across
      // that gap and down into the supplier's top: the path runs between the cards, never behind one
      const right = b.x + b.w / 2 >= a.x + a.w / 2;
      const lane = (k % 5 - 2) * 3;
      const x0 = right ? a.x + a.w : a.x, y0 = a.y + 18, gx = (right ? x0 + 11 : x0 - 11) + lane;
      const mine = into[dst], x1 = b.x + b.w / 2 + (mine.indexOf(k) - (mine.length - 1) / 2) * 16, y1 = b.y - 2;
      const d = `M${x0},${y0} H${gx} V${b.y - 10 + lane / 2} H${x1} V${y1}`;
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.setAttribute("marker-end", "url(#lane-feeds)");
      path.dataset.after = `${src}>${dst}`;
      if (svg.dataset.focus === dst) path.classList.add("on");  // a redraw keeps the hovered card's arrows lit
      svg.appendChild(path);
    });
  };
  const observer = new ResizeObserver(() => requestAnimationFrame(draw));
  observer.observe(box);
  draw();
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
