// The analyses the pages read, one GET each (answers are cached for the session by api.getJSON).
import { getJSON } from "./api.js";
import { scopeParams } from "./route.js";

const base = (ctx) => `/chains/${encodeURIComponent(ctx.chain)}`;

export const template = (ctx) => getJSON(base(ctx));
export const panorama = (ctx) => getJSON(`${base(ctx)}/panorama`, scopeParams(ctx.scope));
export const gaps = (ctx) => getJSON(`${base(ctx)}/gaps`, scopeParams(ctx.scope));
export const targets = (ctx) => getJSON(`${base(ctx)}/targets`, { ...scopeParams(ctx.scope), limit: 200 });
export const roadmap = (ctx, pins = {}) => getJSON(`${base(ctx)}/roadmap`,
  { ...scopeParams(ctx.scope), targets_per_link: 3, include: pins.include || [], exclude: pins.exclude || [] });
export const ranking = (ctx) => getJSON(`/web/ranking/${encodeURIComponent(ctx.chain)}`, scopeParams(ctx.scope));
export const compare = (ctx, regions) => getJSON(`${base(ctx)}/compare`, { regions: regions.join(","), similar: 8 });

export const sinceReview = (ctx, since) => getJSON(`${base(ctx)}/snapshots/diff`, { ...scopeParams(ctx.scope), since });
export const snapshots = (ctx) => getJSON(`${base(ctx)}/snapshots`, scopeParams(ctx.scope));
export const parks = (ctx, city) => getJSON(`${base(ctx)}/parks`, { city });
export const parkCompare = (ctx, ids) => getJSON(`${base(ctx)}/parks/compare`, { parks: ids.join(","), similar: 8 });
export const rankingAmong = (ctx, among) => getJSON(`/web/ranking/${encodeURIComponent(ctx.chain)}`, { ...scopeParams(ctx.scope), among });
