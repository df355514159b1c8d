// 历次评估 Reviews: the scope's saved snapshots, newest first, each with what changed since it (completeness and
// strength then → now, status counts, links whose status changed, enterprises in and out, targets that landed);
// a row opens the details. An admin saves the current state as a new snapshot from here.
import { forget, postJSON } from "../api.js";
import * as data from "../data.js";
import { placeName, t } from "../i18n.js";
import { scopeParams } from "../route.js";
import { changesOf, linkNames, shift, snapshotTitle } from "../since.js";
import { clear, errorBox, h, pct, section, stackLabels } from "../ui.js";

const MAX_DIFFS = 12;  // the newest snapshots compared with now (one request each)

export async function render(el, ctx) {
  const [list, names, report] = await Promise.all([data.snapshots(ctx), linkNames(ctx), data.gaps(ctx)]);
  const snaps = [...list.snapshots].reverse();
  const diffs = await Promise.all(snaps.slice(0, MAX_DIFFS).map((s) => data.sinceReview(ctx, s.label).catch((err) => err)));
  const scopeName = placeName(report.scope.name);
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, h("span", {}, scopeName), ` · ${ctx.chainName} · ${t("tab_snapshots")}`)),
    h("p", { class: "muted" }, t("snap_intro")),
    saveForm(ctx),
    section(t("snap_list"), snaps.length ? table(snaps, diffs, names) : h("p", { class: "muted", "data-empty": "snapshots" }, t("snap_none"))));
}

function counts(c) {
  return `${c.strong}/${c.weak}/${c.missing}`;
}

function table(snaps, diffs, names) {
  const head = [t("snap_label"), t("snap_then"), t("completeness"), t("strength"), `${t("strong")}/${t("weak")}/${t("missing")}`,
    t("snap_changed"), t("snap_entered"), t("snap_left"), t("snap_landed"), ""];
  const body = h("tbody");
  snaps.forEach((s, i) => {
    const d = diffs[i];
    if (!d) {  // older than the newest MAX_DIFFS: listed, not compared
      body.append(h("tr", { "data-snapshot": s.label }, h("td", {}, s.label), h("td", {}, s.taken_at.slice(0, 10)),
        h("td", {}, pct(s.completeness)), h("td", {}, pct(s.strength)), h("td", {}, counts(s.counts)),
        h("td", { colspan: 5, class: "muted" }, t("snap_older", MAX_DIFFS))));
      return;
    }
    if (d instanceof Error) {
      body.append(h("tr", { "data-snapshot": s.label }, h("td", {}, s.label), h("td", { colspan: 9 }, errorBox(d))));
      return;
    }
    const toggle = h("button", { class: "btn ghost small", type: "button", "aria-label": t("row_open") }, "▸");
    const tr = h("tr", { class: "clickable", "data-snapshot": s.label, title: t("row_open") },
      h("td", {}, h("strong", {}, s.label)), h("td", {}, s.taken_at.slice(0, 10)),
      h("td", { "data-shift": "completeness" }, shift(d.completeness)), h("td", {}, shift(d.strength)),
      h("td", { class: "num" }, `${counts(d.counts.before)} → ${counts(d.counts.after)}`),
      h("td", { class: "num", "data-count": "changed" }, d.changed.length), h("td", { class: "num", "data-count": "entered" }, d.entered.length),
      h("td", { class: "num", "data-count": "left" }, d.left.length), h("td", { class: "num", "data-count": "landed" }, d.landed_targets.length),
      h("td", {}, toggle));
    tr.addEventListener("click", () => {
      const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains("detail");
      if (open) tr.nextElementSibling.remove();
      else tr.after(h("tr", { class: "detail", "data-detail": s.label }, h("td", { colspan: head.length }, changesOf(d, names))));
      toggle.textContent = open ? "▸" : "▾";
    });
    body.append(tr);
  });
  const el = h("table", { class: "table snapshots-table stack" }, h("thead", {}, h("tr", {}, head.map((x) => h("th", {}, x)))), body);
  stackLabels(el);
  return h("div", { class: "table-wrap stack-wrap" }, el);
}

/** Save the scope's current gap report as a snapshot (admin); the list then shows it first. */
function saveForm(ctx) {
  const label = h("input", { type: "text", maxlength: 40, placeholder: t("snap_label_hint"), "aria-label": t("snap_label"), id: "snapshot-label" });
  const said = h("span", { class: "muted", id: "snapshot-said" });
  const save = async () => {
    try {
      const info = await postJSON(`/chains/${encodeURIComponent(ctx.chain)}/snapshots`, { ...scopeParams(ctx.scope), label: label.value.trim() || null });
      forget();
      ctx.navigate({ tab: "snapshots", params: { saved: info.label } });
    } catch (err) {
      clear(said, errorBox(err));
    }
  };
  return h("div", { class: "filters snapshot-save" }, label,
    h("button", { class: "btn", id: "snapshot-save", type: "button", onclick: save }, t("snap_save")), said,
    ctx.params.saved ? h("span", { class: "ok", "data-saved": ctx.params.saved }, t("snap_saved", ctx.params.saved)) : null);
}
