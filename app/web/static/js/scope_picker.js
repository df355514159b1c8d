// The scope picker: type a region name or code (GET /regions?q=) or pick a park; arrows and Enter work.
import { getJSON } from "./api.js";
import { getLang, placeName, t } from "./i18n.js";
import { placesMatching } from "./places.js";
import { clear, h } from "./ui.js";

const LEVEL = { province: ["省", "province"], city: ["市", "city"], county: ["区县", "county"] };

export function initScopePicker(input, menu, ctx, onPick) {
  let items = [];
  let active = -1;
  let seq = 0;

  const close = () => { menu.hidden = true; active = -1; };

  function show(regions, parks) {
    items = [
      ...regions.map((r) => ({ scope: { kind: "region", code: r.code }, label: placeName(r.full_name || r.name),
        note: (LEVEL[r.level] || [r.level, r.level])[getLang() === "en" ? 1 : 0] })),
      ...parks.map((p) => ({ scope: { kind: "park", code: p.id }, label: placeName(p.name), note: placeName(p.region_name) })),
    ];
    active = items.length ? 0 : -1;
    const option = (item, i) => h("div", {
      class: i === active ? "menu-item active" : "menu-item", role: "option", "data-code": item.scope.code, "data-kind": item.scope.kind,
      onmousedown: (e) => { e.preventDefault(); pick(item); },
    }, item.label, h("span", { class: "muted" }, ` ${item.note || ""}`));
    const regionItems = items.filter((x) => x.scope.kind === "region");
    const parkItems = items.filter((x) => x.scope.kind === "park");
    clear(menu,
      regionItems.length ? h("div", { class: "menu-group" }, t("regions")) : null,
      regionItems.map((x) => option(x, items.indexOf(x))),
      parkItems.length ? h("div", { class: "menu-group" }, t("parks")) : null,
      parkItems.map((x) => option(x, items.indexOf(x))),
      items.length ? null : h("div", { class: "menu-empty muted" }, t("no_match")));
    menu.hidden = false;
  }

  function pick(item) {
    close();
    input.value = item.label;
    input.blur();
    onPick(item.scope);
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++seq;
    const parks = ctx.parks.filter((p) => (q ? p.name.includes(q) || placeName(p.name).toLowerCase().includes(q.toLowerCase()) || p.id.includes(q.toLowerCase()) || (p.region_name || "").includes(q)
      : p.lead_chains.includes(ctx.chain)));
    let regions = [];
    if (q) {
      // an English name (Chengdu) is looked up as the Chinese names it stands for
      const asked = /[a-z]/i.test(q) && getLang() === "en" ? placesMatching(q) : [q];
      try {
        const found = (await Promise.all(asked.map((x) => getJSON("/regions", { q: x, limit: 12 })))).flat();
        regions = [...new Map(found.map((r) => [r.code, r])).values()].slice(0, 12);
      } catch { regions = []; }
    }
    if (mine === seq) show(regions, parks.slice(0, 12));
  }

  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { timer = null; search(); }, 150); });
  input.addEventListener("focus", () => { input.select(); search(); });
  input.addEventListener("blur", () => setTimeout(() => { close(); input.value = ctx.scopeName; }, 150));
  input.addEventListener("keydown", async (e) => {
    const options = menu.querySelectorAll(".menu-item");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!items.length) return;
      active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      options.forEach((o, i) => o.classList.toggle("active", i === active));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (timer) { clearTimeout(timer); timer = null; await search(); }
      if (active >= 0 && items[active]) pick(items[active]);
    } else if (e.key === "Escape") {
      close();
      input.blur();
    }
  });
}
