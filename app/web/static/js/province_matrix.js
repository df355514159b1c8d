// Chains × cities of one province: each cell the city's links of that chain split into 优势 / 薄弱 / 缺失 (the one
// status legend of every map and matrix), with its completeness; a click opens that city on that chain.
import { getJSON } from "./api.js";
import { nameOf, placeName, t } from "./i18n.js";
import { h, look, pct } from "./ui.js";

/** The province code of a region code (its first two digits, then zeros). */
export const provinceOf = (code) => `${String(code).slice(0, 2)}0000`;

/** The matrix element for the province of `code`, over every chain of `ctx.chains`. */
export async function provinceMatrix(ctx, code) {
  const prefix = String(code).slice(0, 2);
  const rankings = await Promise.all(ctx.chains.map((c) => getJSON(`/web/ranking/${encodeURIComponent(c.id)}`)));
  const cities = new Map();
  rankings.forEach((r) => r.rows.filter((x) => x.scope.code.startsWith(prefix)).forEach((x) => cities.set(x.scope.code, x.scope.name)));
  if (!cities.size) return h("p", { class: "muted" }, t("no_items"));
  const codes = [...cities.keys()].sort();
  return h("div", { class: "table-wrap" }, h("table", { class: "table heat province-matrix" },
    h("thead", {}, h("tr", {}, h("th", {}, t("chain")), codes.map((c) => h("th", {}, placeName(cities.get(c)))))),
    h("tbody", {}, ctx.chains.map((chain, i) => h("tr", { "data-chain": chain.id }, h("td", {}, nameOf(chain)),
      codes.map((c) => {
        const row = rankings[i].rows.find((x) => x.scope.code === c);
        if (!row) return h("td", { class: "muted", "data-code": c }, "—");
        const n = row.counts.strong + row.counts.weak + row.counts.missing || 1;
        return h("td", { "data-code": c, "data-counts": `${row.counts.strong}/${row.counts.weak}/${row.counts.missing}`,
          title: `${t("status_strong")} ${row.counts.strong} · ${t("status_weak")} ${row.counts.weak} · ${t("status_missing")} ${row.counts.missing}` },
        h("a", { class: "mix", href: `#/${encodeURIComponent(chain.id)}/${c}/overview` },
          ["strong", "weak", "missing"].map((s) => h("span", { class: "mix-part", "data-status": s,
            style: { width: `${(100 * row.counts[s]) / n}%`, background: look.status[s].fill, borderColor: look.status[s].stroke } }))),
        h("div", { class: "muted mix-note" }, pct(row.completeness)));
      }))))));
}
