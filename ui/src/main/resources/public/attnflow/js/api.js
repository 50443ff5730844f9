// Every URL the UI calls lives in this module, so adapting to the API's routes is a one-file change.
// The UI talks only to /api; a bearer token entered by the user is sent with every call.

const BASE = 'api';
const TOKEN_KEY = 'attnflow.token';

/** An API failure, carrying the server's own message (ErrorResponse.message) for the user. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function token() {
  try { return localStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

export function setToken(value) {
  try {
    if (value) localStorage.setItem(TOKEN_KEY, value); else localStorage.removeItem(TOKEN_KEY);
  } catch { /* private mode: the token lasts for this page only */ }
}

function url(path, params) {
  // Relative to the page, so the UI also works when the app is mounted under a prefix.
  const u = new URL(`${BASE}${path}`, document.baseURI);
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return u;
}

async function request(method, path, params, body) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url(path, params), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, `Cannot reach the Attention Flows server (${e.message}). Is "attnflow serve" running?`);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: use the text */ }
  if (!res.ok) {
    let msg = (json && (json.message || json.error || json.title || json.detail)) || text || res.statusText;
    if (res.status === 401) msg = `${msg} — enter the server's access token under "Access token" (top right).`;
    throw new ApiError(res.status, msg, json);
  }
  return json;
}

const enc = encodeURIComponent;
const list = (x, key) => (Array.isArray(x) ? x : (x && (x[key] || x.items || x.content || x.data)) || []);

/** Heads as the API's "LAYER:HEAD,…" list. */
const headsParam = (heads) => (heads || []).map((h) => `${h.layer}:${h.head}`).join(',');

export const api = {
  /** [{id, name, layers, heads, floor, …}] */
  async models() {
    return list(await request('GET', '/models'), 'models');
  },

  /** {items: [{id, text, textB, corpus, label}], total} */
  async sentences({ q, model, limit = 20, offset = 0 } = {}) {
    const body = await request('GET', '/sentences', { q, model, limit, offset });
    const items = list(body, 'sentences');
    const total = body && !Array.isArray(body) && Number.isFinite(body.total) ? body.total : null;
    return { items, total };
  },

  /** [{pos, text, special, …}] for one stored sentence. */
  async tokens(model, sid) {
    return list(await request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/tokens`), 'tokens');
  },

  /** The trace JSON contract: {nodes, edges, influence, headImportance, rollout}. */
  trace(model, sid, { direction, tau, alpha, fromLayer, tokens, heads } = {}) {
    return request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/trace`, {
      direction,
      tau,
      alpha,
      fromLayer,
      tokens,
      heads: headsParam(heads),
    });
  },

  /** Per-head behaviour on one sentence: [{layer, head, cls, sep, punct, self, prev, next, entropy}]. */
  async headBehaviour(model, sid) {
    return list(await request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/heads`), 'heads');
  },

  /** Ingests one sentence or pair with a model; answers with the stored sentence (at least its id). */
  ingest(model, text, textB) {
    return request('POST', `/models/${enc(model)}/sentences`, undefined, textB ? { text, textB } : { text });
  },
};
