// Small DOM helpers shared by the pages: elements, loading and error boxes, badges, numbers.
import { factorName, reasonOther, reasonText, t } from "./i18n.js";
import { scopeParams } from "./route.js";

/** Colours and notes from /web/config (the same status colours as the maps). */
export const look = {
  status: {
    strong: { fill: "#d4efd9", stroke: "#2e7d32", name: "优势环节" },
    weak: { fill: "#fff0c2", stroke: "#c98a00", name: "薄弱环节" },
    missing: { fill: "#fde0df", stroke: "#c62828", name: "缺失环节" },
  },
  modes: {},
  auth_required: false,
  data_note: "",
};

/** h("div", {class: "x", onclick: f}, "text", child…) → an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

export function loading(label = t("loading")) {
  return h("div", { class: "loading", role: "status" }, h("span", { class: "spinner" }), label);
}

/** An error in words: the problem's title, detail, status, and what to do next. */
export function errorBox(err, onRetry) {
  const status = err && err.status;
  const errors = (err && err.body && err.body.errors) || [];
  const box = h("div", { class: "error", role: "alert", "data-status": status ?? "" },
    h("strong", {}, err && err.title ? err.title : t("error")),
    status ? h("span", { class: "muted" }, ` · HTTP ${status}`) : null,
    h("p", {}, (err && err.detail) || String(err)),
    errors.length ? h("ul", {}, errors.map((e) => h("li", {}, [e.field, e.message].filter(Boolean).join(": ")))) : null,
    status === 404 && /Not Found$/i.test(err.detail || "") ? h("p", { class: "muted" }, t("not_available")) : null,
  );
  const actions = h("div", { class: "actions" });
  if (status === 401 || status === 403) {
    actions.append(h("button", { class: "btn", onclick: () => document.dispatchEvent(new CustomEvent("chainmap:key")) }, t("enter_key")));
  }
  if (onRetry) actions.append(h("button", { class: "btn ghost", onclick: onRetry }, t("retry")));
  if (actions.children.length) box.append(actions);
  return box;
}

/** Run `work` while a loading box sits in `el`; show an error box (with retry) when it fails. */
export async function withLoading(el, work) {
  clear(el, loading());
  try {
    await work();
  } catch (err) {
    console.error(err);
    clear(el, errorBox(err, () => withLoading(el, work)));
  }
}

export const pct = (x) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);
export const num = (x, d = 2) => (x === null || x === undefined ? "—" : Number(x).toFixed(d));

export function statusBadge(status) {
  const s = look.status[status] || { fill: "#eee", stroke: "#999" };
  return h("span", { class: `badge status-${status}`, style: { background: s.fill, borderColor: s.stroke, color: s.stroke } }, t(status));
}

export function modeBadge(mode) {
  const c = look.modes[mode] || "#555";
  return h("span", { class: "badge mode", style: { borderColor: c, color: c } }, t(`mode_${mode}`));
}

export function reasonList(reasons, limit = 0) {
  const shown = limit ? reasons.slice(0, limit) : reasons;
  return h("ul", { class: "reasons" },
    // the hover gives the same reason in the other language (an official may have to quote it in Chinese)
    shown.map((r) => h("li", { title: reasonOther(r), "data-other-language": "" }, reasonText(r))),
    limit && reasons.length > limit ? h("li", { class: "muted" }, t("more", reasons.length - limit)) : null);
}

/** Factors as small horizontal bars (each factor's share of the score), with numbers on hover. */
export function factorBars(factors) {
  const entries = Object.entries(factors || {});
  const total = entries.reduce((s, [, v]) => s + (v || 0), 0) || 1;
  return h("div", { class: "factors" },
    entries.map(([k, v]) => h("div", { class: "factor", title: `${factorName(k)}: ${num(v, 3)}` },
      h("span", { class: "fname" }, factorName(k)),
      h("span", { class: "fbar" }, h("span", { style: { width: `${Math.max(0, (v / total) * 100)}%` } })),
      h("span", { class: "fval" }, num(v, 2)))));
}

export function card(label, value, help, extra = {}) {
  return h("div", { class: "card", title: help || "", ...extra }, h("div", { class: "card-label" }, label), h("div", { class: "card-value" }, value));
}

export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

/** A label with a dotted underline whose hover text says what the number means and its unit. */
export function help(label, text) {
  return h("span", { class: "help", title: text }, label);
}

/** Give each body cell its column's name (data-label), so a stacked table reads as cards on a phone. */
export function stackLabels(table) {
  const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.replace(/[▲▼]/g, "").trim());
  table.querySelectorAll("tbody tr").forEach((tr) => {
    if (tr.children.length !== names.length) return;
    [...tr.children].forEach((td, i) => { if (names[i]) td.dataset.label = names[i]; });
  });
  return table;
}

/** A status's name in the page's language (优势/薄弱/缺失环节: never 强链, which is a mode). */
export function statusName(status, short = false) {
  return t(short ? status : `status_${status}`);
}

/** PNG and SVG buttons for a map of the report (the same picture as the "two maps one table" files). */
export function imageDownloads(ctx, artifact) {
  const params = scopeParams(ctx.scope);
  return h("span", { class: "actions image-downloads" }, ["png", "svg"].map((fmt) => h("button", {
    class: "btn ghost small", type: "button", "data-image": `${artifact}-${fmt}`,
    onclick: () => ctx.runDownload(`/chains/${encodeURIComponent(ctx.chain)}/report/${artifact}`, { ...params, format: fmt }, `${ctx.chain}-${ctx.scope.code}-${artifact}.${fmt}`),
  }, `⬇ ${fmt.toUpperCase()}`)));
}
