// 企业 Enterprises: search (name, id, USCC; by chain, region, tag) and open one: its links, supply relations, tags.
import { getJSON } from "../api.js";
import * as data from "../data.js";
import { colon, getLang, listSep, nameOf, placeName, t, tagName } from "../i18n.js";
import { formatHash, scopeParams } from "../route.js";
import { clear, h, withLoading } from "../ui.js";

const TAGS = ["链主", "上市", "专精特新", "小巨人", "高新技术企业", "世界500强", "独角兽", "国企", "外资"];

export async function render(el, ctx) {
  const park = Boolean(ctx.scope && ctx.scope.kind === "park");
  const state = { q: ctx.params.q || "", chain: !park, scope: Boolean(ctx.scope), tag: "" };
  const list = h("div", { class: "ent-list" });
  const detail = h("aside", { class: "side ent-detail", id: "enterprise-detail" }, h("p", { class: "muted" }, t("pick_enterprise")));
  const input = h("input", { type: "search", value: state.q, placeholder: t("ent_placeholder"), "aria-label": t("search") });
  const toggle = (key, label, enabled = true) => h("label", { class: "check" },
    h("input", { type: "checkbox", checked: state[key], disabled: !enabled, onchange: (e) => { state[key] = e.target.checked; search(); } }), " ", label);

  function search() {
    return withLoading(list, async () => {
      const found = await getJSON("/enterprises", {
        q: state.q.trim(), chain: state.chain ? ctx.chain : null, tag: state.tag, limit: 100,
        ...(state.scope ? scopeParams(ctx.scope) : {}),
      });
      clear(list, h("p", { class: "muted" }, t("results", found.count)),
        h("ul", { class: "plain ent-results" }, found.data.map((e) => h("li", {
          class: e.id === ctx.params.e ? "clickable active" : "clickable", "data-enterprise": e.id, onclick: () => open(e.id),
        }, h("div", {}, h("strong", { "data-name": "" }, e.name)), h("div", { class: "muted" }, h("span", {}, placeName(e.region_name) || e.region_code), " ",
          e.tags.map((x) => h("span", { class: "tag" }, tagName(x))))))));
    });
  }

  function open(id) {
    history.replaceState(null, "", formatHash({ ...ctx, params: { e: id } }));
    ctx.params = { e: id };
    list.querySelectorAll("li").forEach((li) => li.classList.toggle("active", li.dataset.enterprise === id));
    return withLoading(detail, async () => {
      const [e, tpl] = await Promise.all([getJSON(`/enterprises/${encodeURIComponent(id)}`), data.template(ctx)]);
      const links = Object.fromEntries(tpl.nodes.map((n) => [n.id, nameOf(n)]));
      clear(detail, enterprise(e, ctx, open, links));
    });
  }

  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { state.q = input.value; search(); }, 250); });
  clear(el,
    h("div", { class: "page-head" }, h("h2", {}, t("tab_enterprises"))),
    h("div", { class: "filters" }, input,
      toggle("chain", `${t("only_chain")} (${ctx.chainName})`),
      toggle("scope", [t(park ? "only_park" : "only_scope"), ctx.scope ? [" (", h("span", {}, placeName(ctx.scopeName)), ")"] : null], Boolean(ctx.scope)),
      h("select", { "aria-label": t("tags"), onchange: (e) => { state.tag = e.target.value; search(); } },
        h("option", { value: "" }, `${t("tags")}${colon()}${t("all")}`), TAGS.map((x) => h("option", { value: x }, x)))),
    h("div", { class: "with-side" }, list, detail));
  await search();
  if (ctx.params.e) open(ctx.params.e);
}

const STATUS = { 存续: "Active", 在业: "Active", 开业: "Active", 注销: "Deregistered", 吊销: "Revoked", 迁出: "Moved out" };

function enterprise(e, ctx, open, linkNames) {
  const en = getLang() === "en";
  const link = (id, name) => h("a", { href: "#", "data-name": "", onclick: (ev) => { ev.preventDefault(); open(id); } }, name);
  const suppliers = e.supply.filter((s) => s.customer_id === e.id);
  const customers = e.supply.filter((s) => s.supplier_id === e.id);
  const parks = Object.fromEntries(ctx.parks.map((p) => [p.id, p.name]));
  const chainNames = Object.fromEntries(ctx.chains.map((c) => [c.id, nameOf(c)]));
  const supplyList = (rows, key, nameKey) => (rows.length
    ? h("ul", { class: "plain" }, rows.map((s) => h("li", {}, link(s[key], s[nameKey]), s.product ? [" · ", h("span", { class: "muted", "data-product": "" }, s.product)] : null)))
    : h("p", { class: "muted" }, t("no_items")));
  return h("div", { "data-enterprise": e.id },
    h("h3", { "data-name": "" }, e.name),
    h("div", {}, e.tags.map((x) => h("span", { class: "tag" }, tagName(x)))),
    h("dl", { class: "stats" },
      h("dt", {}, t("location")), h("dd", {}, placeName(e.region_name) || e.region_code),
      h("dt", {}, t("status_active")), h("dd", {}, (en && STATUS[e.status]) || e.status || "—"),
      e.founded ? [h("dt", {}, t("founded")), h("dd", {}, e.founded)] : null,
      e.revenue !== null && e.revenue !== undefined ? [h("dt", {}, t("revenue")), h("dd", {}, e.revenue)] : null,
      e.employees ? [h("dt", {}, t("employees")), h("dd", {}, e.employees)] : null,
      e.uscc ? [h("dt", {}, "USCC"), h("dd", {}, e.uscc)] : null,
      e.parks && e.parks.length ? [h("dt", {}, t("ent_parks")), h("dd", {}, e.parks.map((p) => placeName(parks[p]) || p).join(listSep()))] : null),
    h("h4", {}, t("link")),
    h("table", { class: "table compact" }, h("tbody", {}, e.links.map((l) => h("tr", {},
      h("td", {}, h("a", { href: formatHash({ ...ctx, chain: l.chain_id, tab: "panorama", params: { node: l.node_id } }) }, (l.chain_id === ctx.chain && linkNames[l.node_id]) || l.node_name)),
      h("td", { class: "muted" }, chainNames[l.chain_id] || l.chain_id), h("td", {}, t(`role_${l.role}`)), h("td", { class: "muted", "data-product": "" }, (l.products || []).join(listSep())))))),
    h("h4", {}, `${t("suppliers")} (${suppliers.length})`), supplyList(suppliers, "supplier_id", "supplier_name"),
    h("h4", {}, `${t("customers")} (${customers.length})`), supplyList(customers, "customer_id", "customer_name"));
}
