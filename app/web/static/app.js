// The ChainMap dashboard: one page, tabs and deep links over the HTTP API (no build step).
import { apiKey, download, getJSON, setApiKey } from "./js/api.js";
import { getLang, placeName, setLang, t } from "./js/i18n.js";
import { knowParks, loadPlaces } from "./js/places.js";
import { TABS, formatHash, parseHash, scopeParams } from "./js/route.js";
import { clear, errorBox, h, loading, look } from "./js/ui.js";
import { initScopePicker } from "./js/scope_picker.js";
import * as overview from "./js/pages/overview.js";
import * as panorama from "./js/pages/panorama.js";
import * as gaps from "./js/pages/gaps.js";
import * as targets from "./js/pages/targets.js";
import * as roadmap from "./js/pages/roadmap.js";
import * as compare from "./js/pages/compare.js";
import * as parks from "./js/pages/parks.js";
import * as snapshots from "./js/pages/snapshots.js";
import * as enterprises from "./js/pages/enterprises.js";
import * as imports from "./js/pages/imports.js";

const PAGES = { overview, panorama, gaps, targets, roadmap, compare, parks, snapshots, enterprises, imports };
const NEEDS_SCOPE = new Set(["panorama", "gaps", "targets", "roadmap", "compare", "parks", "snapshots"]);
const $ = (id) => document.getElementById(id);

/** What every page reads: the route plus the chains, parks and the scope's display name. */
const ctx = { chain: "", scope: null, tab: "overview", params: {}, chains: [], parks: [], scopeName: "", navigate };

/** Change part of the route (chain, scope, tab, params); the hashchange handler renders. */
export function navigate(patch) {
  const next = { chain: ctx.chain, scope: ctx.scope, tab: ctx.tab, params: {}, ...patch };
  const hash = formatHash(next);
  if (hash === location.hash) render();
  else location.hash = hash;
}

function chainName(id) {
  const c = ctx.chains.find((x) => x.id === id);
  return c ? (getLang() === "en" ? c.name_en : c.name) : id;
}

async function scopeName(scope) {
  if (!scope) return "";
  if (scope.kind === "park") {
    const p = ctx.parks.find((x) => x.id === scope.code);
    return p ? p.name : scope.code;
  }
  const found = await getJSON("/regions", { q: scope.code, limit: 1 });
  return found.length ? found[0].full_name || found[0].name : scope.code;
}

function renderChrome() {
  document.title = `${t("title")}${ctx.scopeName ? ` · ${placeName(ctx.scopeName)}` : ""}`;
  $("app-title").textContent = t("title");
  $("app-subtitle").textContent = t("subtitle");
  $("chain-label").textContent = t("chain");
  $("scope-label").textContent = t("scope");
  $("scope-input").placeholder = t("scope_placeholder");
  $("scope-input").setAttribute("aria-label", t("scope"));
  $("chain-select").setAttribute("aria-label", t("chain"));
  $("report-button").textContent = t("report");
  $("key-button").textContent = apiKey() ? `✓ ${t("api_key_set")}` : t("api_key");
  $("key-button").classList.toggle("attention", look.auth_required && !apiKey());
  $("lang-button").textContent = getLang() === "en" ? "中文" : "EN";  // the switch names its language in that language
  $("lang-button").lang = getLang() === "en" ? "zh" : "en";
  $("docs-link").textContent = t("api_docs");
  $("big-button").textContent = t(document.body.classList.contains("big") ? "big_off" : "big_on");
  $("big-button").title = t("big_help");
  $("data-note").textContent = look.seed ? t("seed_note") : look.data_note;
  $("method-note").textContent = t("footer_method");
  const select = $("chain-select");
  clear(select, ctx.chains.map((c) => h("option", { value: c.id, selected: c.id === ctx.chain }, getLang() === "en" ? c.name_en : c.name)));
  if (document.activeElement !== $("scope-input")) $("scope-input").value = placeName(ctx.scopeName);
  clear($("tabs"), TABS.map((tab) => h("a", {
    href: formatHash({ chain: ctx.chain, scope: ctx.scope, tab }), role: "tab", class: tab === ctx.tab ? "tab active" : "tab",
    "aria-selected": tab === ctx.tab ? "true" : "false", "data-tab": tab,
  }, t(`tab_${tab}`))));
  $("report-button").disabled = !ctx.scope;
  $("report-button").title = ctx.scope ? "" : t("pick_scope");
}

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  Object.assign(ctx, parseHash());
  if (!ctx.chains.some((c) => c.id === ctx.chain)) {
    const fallback = ctx.chains.find((c) => c.id === "display") || ctx.chains[0];
    if (fallback) return navigate({ chain: fallback.id, scope: ctx.scope, tab: ctx.tab, params: ctx.params });
  }
  const page = $("page");
  try {
    ctx.scopeName = await scopeName(ctx.scope);
  } catch (err) {
    ctx.scopeName = ctx.scope ? ctx.scope.code : "";
  }
  if (getLang() === "en") await loadPlaces();  // English place names, read once
  if (seq !== renderSeq) return;
  ctx.chainName = chainName(ctx.chain);
  renderChrome();
  page.dataset.tab = ctx.tab;
  if (!ctx.scope && NEEDS_SCOPE.has(ctx.tab)) {
    clear(page, h("div", { class: "panel hint" }, h("h2", {}, t("pick_scope")), h("p", {}, t("pick_scope_hint"))));
    clear(page.appendChild(h("div")), loading());
    return overview.cityTable(page.lastChild, ctx);
  }
  clear(page, loading());
  try {
    await PAGES[ctx.tab].render(page, ctx);
  } catch (err) {
    console.error(err);
    if (seq === renderSeq) clear(page, errorBox(err, render));
  }
}

function initReportMenu() {
  const button = $("report-button");
  const menu = $("report-choices");
  button.addEventListener("click", () => {
    menu.hidden = !menu.hidden;
    clear(menu, ["html", "pdf"].map((format) => h("button", {
      class: "menu-item", type: "button", "data-format": format,
      onclick: async () => {
        menu.hidden = true;
        await runDownload(`/chains/${ctx.chain}/report/report`, { ...scopeParams(ctx.scope), format }, `${ctx.chain}-${ctx.scope.code}-report.${format}`);
      },
    }, t(`bundle_${format}`))));
  });
  document.addEventListener("click", (e) => { if (!e.target.closest(".report-menu")) menu.hidden = true; });
}

/** Download a file, saying in the notice bar what happens (and what went wrong). */
export async function runDownload(path, params, name, body) {
  const notice = $("notice");
  notice.hidden = false;
  clear(notice, loading(t("downloading")));
  try {
    const saved = await download(path, params, name, body);
    clear(notice, h("span", { class: "ok" }, t("downloaded", saved)));
    setTimeout(() => { notice.hidden = true; }, 4000);
  } catch (err) {
    clear(notice, errorBox(err), h("button", { class: "btn ghost", onclick: () => { notice.hidden = true; } }, t("close")));
  }
}
ctx.runDownload = runDownload;

function initKeyDialog() {
  const dialog = $("key-dialog");
  const open = () => {
    $("key-prompt").textContent = t("api_key_prompt");
    $("key-save").textContent = t("save");
    $("key-clear").textContent = t("clear");
    $("key-cancel").textContent = t("cancel");
    $("key-input").value = apiKey();
    dialog.showModal();
  };
  $("key-button").addEventListener("click", open);
  document.addEventListener("chainmap:key", open);
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save") setApiKey($("key-input").value.trim());
    else if (dialog.returnValue === "clear") setApiKey("");
    else return;
    boot();
  });
}

async function boot() {
  const page = $("page");
  clear(page, loading());
  try {
    Object.assign(look, await getJSON("/web/config"));
    ctx.chains = await getJSON("/chains");
    ctx.parks = await getJSON("/parks");
    knowParks(ctx.parks);
  } catch (err) {
    renderChrome();
    clear(page, errorBox(err, boot));
    return;
  }
  render();
}

// Switching chain keeps the places being compared (they do not depend on the chain); other choices are the chain's own.
$("chain-select").addEventListener("change", (e) => navigate({ chain: e.target.value, params: ctx.params.with ? { with: ctx.params.with } : {} }));
$("lang-button").addEventListener("click", () => { setLang(getLang() === "en" ? "zh" : "en"); render(); });
// 大屏 big-screen mode for a 链长's meeting room: larger type and numbers, kept in this browser
const BIG = "chainmap.big";
document.body.classList.toggle("big", localStorage.getItem(BIG) === "1");
$("big-button").addEventListener("click", () => {
  const on = !document.body.classList.contains("big");
  document.body.classList.toggle("big", on);
  if (on) localStorage.setItem(BIG, "1"); else localStorage.removeItem(BIG);
  render();
});
window.addEventListener("hashchange", render);
initScopePicker($("scope-input"), $("scope-menu"), ctx, (scope) => navigate({ scope, tab: ctx.tab === "enterprises" ? "enterprises" : ctx.tab }));
initKeyDialog();
initReportMenu();
boot();
