// Place names in the page's language. The data names places in Chinese only; in English mode the page reads their
// English forms once (/web/place-names: regions by own, short and full name, parks, zones and metropolitan areas,
// built server-side with pinyin and the reference tables' English names) and shows those instead.
import { getJSON } from "./api.js";

let english = null;  // Chinese → English, loaded when English mode is on

/** Load the English place names (once); a failure leaves the Chinese names. */
export async function loadPlaces() {
  if (english) return;
  try {
    english = await getJSON("/web/place-names");
  } catch (err) {
    console.warn("place names", err);
    english = {};
  }
}

let on = false;
let parkNames = {};  // park id → name, for the English reasons that name a park by its id
let parkId = null;  // a whole park id (cd-hitech, xjnew) inside a sentence

/** The parks of the data (id → name), so that English sentences naming a park by its id show its name. */
export function knowParks(parks) {
  parkNames = Object.fromEntries(parks.map((p) => [p.id, p.name]));
  const ids = parks.map((p) => p.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).sort((a, b) => b.length - a.length);
  parkId = ids.length ? new RegExp(`(?<![\\w.-])(?:${ids.join("|")})(?![\\w-])`, "g") : null;
}

/** Turn the English place names on or off (the page's language). */
export function placesInEnglish(value) { on = value; }

/** A place's name in the page's language (unchanged when it is not a known place). */
export function placeName(name) {
  return on && english && name && english[name] ? english[name] : name;
}

// a name's run: Chinese characters with the full-width brackets, Latin letters and digits written against them
const RUN = /[\u3400-\u9fff\uff08\uff09A-Za-z0-9]+/g;
const CJK = /[\u3400-\u9fff]/;
const SEP = /、/g;

/**
 * Data words inside an English sentence of the analyses (a reason): each run of Chinese characters that is a whole
 * known place (成都市, 成渝) or tag (上市, 世界500强) is given in English; anything else (enterprise and product
 * names) stays as the data has it.
 */
export function englishTerms(text, tagName) {
  if (!on || !text) return text;
  const out = text.replace(RUN, (run) => (!CJK.test(run) ? run : (english && english[run]) || tagName(run)))
    .replace(parkId || /$^/g, (id) => (parkNames[id] ? placeName(parkNames[id]) : id));
  return out.replace(SEP, ", ");
}

/** Chinese place names whose English starts with `query` (so an English reader can type "Chengdu"), shortest first. */
export function placesMatching(query, limit = 3) {
  const q = query.trim().toLowerCase();
  if (!on || !english || !q) return [];
  const found = Object.entries(english).filter(([zh, en]) => en.toLowerCase().startsWith(q) && !en.includes(","))
    .map(([zh]) => zh).sort((a, b) => a.length - b.length);
  return found.slice(0, limit);
}
