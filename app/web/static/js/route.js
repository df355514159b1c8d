// Deep links: the URL hash carries chain, scope and tab, e.g. #/display/510100/panorama?node=display.driver_ic
// A park scope is written park:<id>; "-" stands for no scope yet.
export const TABS = ["overview", "panorama", "gaps", "targets", "roadmap", "compare", "parks", "snapshots", "enterprises", "imports"];

/** The route in the current hash: {chain, scope: {kind, code} | null, tab, params}. */
export function parseHash(hash = location.hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const [chain = "", scopeToken = "-", tab = "overview"] = path.split("/").map(decodeURIComponent);
  let scope = null;
  if (scopeToken && scopeToken !== "-") {
    scope = scopeToken.startsWith("park:") ? { kind: "park", code: scopeToken.slice(5) } : { kind: "region", code: scopeToken };
  }
  return { chain, scope, tab: TABS.includes(tab) ? tab : "overview", params: Object.fromEntries(new URLSearchParams(query)) };
}

/** The scope as one token, the same in the URL hash and in the API's ``scope`` parameter: a region's code or park:<id>. */
export function scopeToken(scope) {
  return !scope ? "-" : scope.kind === "park" ? `park:${scope.code}` : scope.code;
}

export function formatHash({ chain, scope, tab, params = {} }) {
  const token = scopeToken(scope);
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")).toString();
  return `#/${encodeURIComponent(chain || "")}/${encodeURIComponent(token)}/${tab || "overview"}${q ? `?${q}` : ""}`;
}

/** The API's scope parameter: {scope: token}, or nothing without a scope. */
export function scopeParams(scope) {
  return scope ? { scope: scopeToken(scope) } : {};
}
