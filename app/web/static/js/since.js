// What changed since a saved review (a snapshot): one home for the overview's "since the last review" and the
// 历次评估 tab — links whose status changed, enterprises that entered or left, and earlier targets that landed.
import * as data from "./data.js";
import { colon, getLang, listSep, nameOf, reasonText, t } from "./i18n.js";
import { h, pct, statusBadge } from "./ui.js";

/** Link names of the chain in the page's language, by id. */
export async function linkNames(ctx) {
  const tpl = await data.template(ctx);
  return Object.fromEntries(tpl.nodes.map((n) => [n.id, nameOf(n)]));
}

/** "label (date)" of a snapshot, with the bracket of the page's language. */
export function snapshotTitle(info) {
  const day = info.taken_at.slice(0, 10);
  return getLang() === "en" ? `${info.label} (${day})` : `${info.label}（${day}）`;
}

/** Before → after of a share (completeness, strength). */
export function shift(s) {
  return `${pct(s.before)} → ${pct(s.after)}`;
}

/** The changes of one diff as page elements; `names` are the link names (linkNames). */
export function changesOf(d, names) {
  const en = getLang() === "en";
  const link = (id, name) => names[id] || name;
  const people = (rows) => [rows.slice(0, 8).map((m, i) => [i ? listSep() : "", h("span", { "data-name": "" }, m.name),
    en ? ` (${link(m.node_id, m.node_name)})` : `（${link(m.node_id, m.node_name)}）`]), rows.length > 8 ? ` ${t("more", rows.length - 8)}` : ""];
  const sep = en ? "; " : "；";
  return [
    h("p", { "data-since-summary": "" }, d.reasons.map(reasonText).join(sep)),
    d.changed.length ? h("table", { class: "table", "data-since-changed": "" },
      h("thead", {}, h("tr", {}, h("th", {}, t("since_changed")), h("th", {}, t("since_status")), h("th", {}, t("reasons")))),
      h("tbody", {}, d.changed.map((c) => h("tr", { "data-node": c.node_id }, h("td", {}, link(c.node_id, c.name)),
        h("td", {}, statusBadge(c.before), " → ", statusBadge(c.after)),
        h("td", { class: "muted" }, c.reasons.map(reasonText).join(sep)))))) : null,
    d.entered.length ? h("p", { "data-since-entered": "" }, h("strong", {}, `${t("since_entered")}${colon()}`), people(d.entered)) : null,
    d.left.length ? h("p", { "data-since-left": "" }, h("strong", {}, `${t("since_left")}${colon()}`), people(d.left)) : null,
    d.landed_targets.length ? h("p", { "data-since-landed": "" }, h("strong", {}, `${t("since_landed")}${colon()}`),
      d.landed_targets.map((x, i) => [i ? sep : "", landed(x, d, link)])) : null,
    !d.changed.length && !d.entered.length && !d.left.length ? h("p", { class: "muted" }, t("since_nothing")) : null,
  ];
}

/** A landed target: the group on the earlier list, the entities that landed (when they entered) and their links. */
function landed(x, d, link) {
  const named = Object.fromEntries(d.entered.map((m) => [m.enterprise_id, m.name]));
  const via = x.via.filter((id) => id !== x.enterprise_id && named[id]);
  const links = x.node_ids.map((n) => link(n, n)).join(listSep());
  return h("span", { title: x.reasons.map(reasonText).join("\n"), "data-other-language": "" }, h("span", { "data-name": "" }, x.name),
    via.length ? [" → ", via.map((id, i) => [i ? listSep() : "", h("span", { "data-name": "" }, named[id])])] : null,
    getLang() === "en" ? ` (${links})` : `（${links}）`);
}
