// 导入与审核 Import & review (admin): a registry export, dry run first (rows, links, problems), then all or
// nothing; and the review queue of uncertain links, sorted by link and evidence strength, to accept or reject.
import { forget, getJSON, postForm, postJSON } from "../api.js";
import { nameOf, t } from "../i18n.js";
import { clear, errorBox, h, withLoading } from "../ui.js";

/** Link names of every chain in the page's language (an export touches several chains). */
async function allLinkNames(ctx) {
  const tpls = await Promise.all(ctx.chains.map((c) => getJSON(`/chains/${encodeURIComponent(c.id)}`).catch(() => ({ nodes: [] }))));
  return Object.fromEntries(tpls.flatMap((x) => x.nodes.map((n) => [n.id, nameOf(n)])));
}

export async function render(el, ctx) {
  const names = await allLinkNames(ctx);
  const linkName = (id, name) => names[id] || name;
  const file = h("input", { type: "file", accept: ".csv,.xlsx", "aria-label": "file", id: "import-file" });
  const skip = h("input", { type: "checkbox", id: "import-skip" });
  const result = h("div", { class: "import-result", id: "import-result" });
  const queue = h("div", { class: "review-queue", id: "review-queue" });

  async function send(dryRun) {
    if (!file.files.length) return;
    await withLoading(result, async () => {
      try {
        const body = await postForm("/imports/registry", { file: file.files[0], dry_run: String(dryRun), skip_invalid: String(skip.checked) });
        clear(result, report(body, dryRun, linkName));
      } catch (err) {
        clear(result, errorBox(err));
      }
    });
    await loadQueue();
  }

  async function decide(item, action) {
    try {
      await postJSON(`/review/${encodeURIComponent(item.enterprise_id)}/${encodeURIComponent(item.node_id)}/${action}`);
    } catch (err) {
      clear(queue, errorBox(err));
      return;
    }
    await loadQueue();
  }

  async function loadQueue() {
    await withLoading(queue, async () => {
      forget();
      const found = await getJSON("/review", { limit: 50 });
      clear(queue, h("h3", {}, `${t("review_queue")} (${found.count})`),
        found.data.length ? h("table", { class: "table compact" }, h("tbody", {}, found.data.map((item) => h("tr", { "data-review": `${item.enterprise_id}|${item.node_id}` },
          h("td", {}, linkName(item.node_id, item.node_name)), h("td", { "data-name": "" }, item.enterprise_name),
          h("td", { title: t("imp_strength") }, "★".repeat(item.strength || 0)),
          h("td", { class: "muted", "data-evidence": "" }, item.evidence),
          h("td", {}, h("button", { class: "btn small accept", onclick: () => decide(item, "accept") }, t("review_accept")), " ",
            h("button", { class: "btn ghost small reject", onclick: () => decide(item, "reject") }, t("review_reject")))))))
          : h("p", { class: "muted" }, t("review_empty")));
    });
  }

  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, t("tab_imports"))),
    h("p", { class: "muted" }, t("imp_intro")),
    h("div", { class: "filters" }, file,
      h("label", { class: "check" }, skip, ` ${t("imp_skip")}`),
      h("button", { class: "btn ghost", id: "import-dry", onclick: () => send(true) }, t("imp_dry")),
      h("button", { class: "btn", id: "import-apply", onclick: () => send(false) }, t("imp_apply"))),
    result, queue);
  await loadQueue();
}

function report(body, dryRun, linkName) {
  const state = body.applied ? t("imp_applied") : dryRun ? t("imp_dry") : t("imp_not_applied");
  return h("div", { "data-applied": String(body.applied) },
    h("p", { class: "import-state" }, h("strong", {}, state)),
    h("ul", { class: "plain" }, body.summary.map((line) => h("li", { class: "muted" }, line))),
    h("div", { class: "table-wrap" }, h("table", { class: "table compact import-rows" },
      h("thead", {}, h("tr", {}, [t("imp_row"), t("enterprise"), t("imp_outcome"), t("imp_links"), t("imp_problems")].map((x) => h("th", {}, x)))),
      h("tbody", {}, body.rows.map((r) => h("tr", { "data-row": r.row, class: r.outcome === "rejected" ? "rejected" : "" },
        h("td", {}, r.row), h("td", { "data-name": "" }, r.name), h("td", {}, t(`outcome_${r.outcome}`)),
        h("td", {}, r.links.map((l) => h("div", { title: l.evidence, "data-other-language": "", "data-link": l.node_id, "data-grade": l.grade },
          `${linkName(l.node_id, l.node_name)} · ${t(`grade_${l.grade}`)} · ${"★".repeat(l.strength)}`))),
        h("td", { class: "muted", "data-problems": "" }, r.problems.join("；"))))))));
}
