// The HTTP API as the page uses it: JSON with the API key, problem details as errors, file downloads.
const KEY = "chainmap.apiKey";
const cache = new Map();

export class ApiError extends Error {
  /** An error answer of the API (RFC 9457 problem details), or a network failure (status 0). */
  constructor(status, title, detail, body = {}) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.body = body;
  }
}

export function apiKey() { return localStorage.getItem(KEY) || ""; }

export function setApiKey(value) {
  if (value) localStorage.setItem(KEY, value);
  else localStorage.removeItem(KEY);
  cache.clear();
}

function headers(extra = {}) {
  const h = { Accept: "application/json", ...extra };
  const key = apiKey();
  if (key) h["X-API-Key"] = key;
  return h;
}

/** A URL with the query parameters that are set (null, undefined and "" are left out). */
export function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));  // a repeatable parameter
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function problemOf(response) {
  let body = {};
  try { body = await response.json(); } catch { /* not JSON */ }
  const title = body.title || `HTTP ${response.status}`;
  return new ApiError(response.status, title, body.detail || response.statusText, body);
}

async function send(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (exc) {
    throw new ApiError(0, "无法连接服务 Cannot reach the server", String(exc.message || exc));
  }
  if (!response.ok) throw await problemOf(response);
  return response.status === 204 ? null : response.json();
}

/** GET a JSON resource; answers are kept for the session (cleared when the key changes). */
export function getJSON(path, params = {}) {
  const u = url(path, params);
  if (!cache.has(u)) {
    const p = send("GET", u);
    cache.set(u, p);
    p.catch(() => cache.delete(u));
  }
  return cache.get(u);
}

export function postJSON(path, body, params = {}) {
  return send("POST", url(path, params), body);
}

/** Forget the answers kept for the session (after a write the page itself made). */
export function forget() { cache.clear(); }

/** POST a form with a file (multipart); the answer is JSON or a problem. */
export async function postForm(path, fields) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  let response;
  try {
    response = await fetch(path, { method: "POST", headers: headers(), body: form });
  } catch (exc) {
    throw new ApiError(0, "无法连接服务 Cannot reach the server", String(exc.message || exc));
  }
  if (!response.ok) throw await problemOf(response);
  cache.clear();   // an import changes what the other pages read
  return response.json();
}

/** Fetch a file with the API key (POSTing `body` as JSON when given) and hand it to the browser as a download; returns the file name. */
export async function download(path, params, fallbackName, body) {
  let response;
  try {
    response = await fetch(url(path, params), body === undefined ? { headers: headers({ Accept: "*/*" }) }
      : { method: "POST", headers: headers({ Accept: "*/*", "Content-Type": "application/json" }), body: JSON.stringify(body) });
  } catch (exc) {
    throw new ApiError(0, "无法连接服务 Cannot reach the server", String(exc.message || exc));
  }
  if (!response.ok) throw await problemOf(response);
  const blob = await response.blob();
  const name = fileName(response.headers.get("Content-Disposition")) || fallbackName;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  return name;
}

function fileName(disposition) {
  if (!disposition) return null;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1].replace(/"/g, "").trim());
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}
