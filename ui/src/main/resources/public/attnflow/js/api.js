// Every URL the UI calls lives in this module, so adapting to the API's routes is a one-file change.
// The UI talks only to /api; a bearer token entered by the user is sent with every call.

import { traceOfColumns } from './trace-model.js';

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

/** Where the time of the last trace request went (ms): until the headers, the body's download, JSON.parse. */
export const traceTiming = { headersMs: null, bodyMs: null, parseMs: null };

async function request(method, path, params, body, timing, signal) {
  const t0 = performance.now();
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url(path, params), { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `Cannot reach the Attention Flows server (${e.message}). Is "attnflow serve" running?`);
  }
  const t1 = performance.now();
  const text = await res.text();
  const t2 = performance.now();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: use the text */ }
  if (timing) Object.assign(timing, { headersMs: t1 - t0, bodyMs: t2 - t1, parseMs: performance.now() - t2 });
  if (!res.ok) {
    let msg = (json && (json.message || json.error || json.title || json.detail)) || text || res.statusText;
    if (res.status === 401) msg = `${msg} — enter the server's access token under "Access token" (top right).`;
    throw new ApiError(res.status, msg, json);
  }
  return json;
}

const enc = encodeURIComponent;

/** Heads as the API's "LAYER:HEAD,…" list. */
const headsParam = (heads) => (heads || []).map((h) => `${h.layer}:${h.head}`).join(',');

// Each method returns the documented response (see /openapi.json) unchanged; the comment names its shape.
export const api = {
  /** [StoredModel {id, name, layers, heads, floor, sentences, labels?, fineTunedFrom?: {model, step}, …}] */
  models() {
    return request('GET', '/models');
  },

  /** SentencePage {items: [StoredSentence {id, text, textB, corpus, label, models}], total, offset, limit} */
  sentences({ q, model, corpus, limit = 20, offset = 0 } = {}) {
    return request('GET', '/sentences', { q, model, corpus, limit, offset });
  },

  /** StoredSentence {id, text, textB, corpus, label, models, predictions?: [{model, label, probabilities, correct}]} */
  sentence(sid) {
    return request('GET', `/sentences/${enc(sid)}`);
  },

  /**
   * [StoredToken {pos, text, special, wordPiece, type, start, end, rollout, attentionFlow, marked?}]; a response that wraps them as
   * {tokens, prediction} is unwrapped (the prediction is read from the trace and the sentence).
   */
  async tokens(model, sid) {
    const r = await request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/tokens`);
    return Array.isArray(r) ? r : r?.tokens || [];
  },

  /**
   * TraceResult {nodes, edges, influence, headImportance, rollout, attentionFlow (max-flow, or null), prediction?: {label, probabilities, gold, correct}},
   * fetched as TraceColumns (/trace/columns: the edges as integer columns, a quarter of the bytes) and unpacked into
   * /trace's per-head edge objects, bit for bit (trace-model.js traceOfColumns). timeoutMs: the server stops the
   * query past it (and answers 400), for traces fetched ahead that are of no use later.
   */
  async trace(model, sid, { direction, tau, alpha, fromLayer, tokens, heads } = {}, { signal, timeoutMs } = {}) {
    const columns = await request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/trace/columns`, {
      direction, tau, alpha, fromLayer, tokens, heads: headsParam(heads), timeoutMs,
    }, undefined, signal ? null : traceTiming, signal);
    return traceOfColumns(columns);
  },

  /** HeadsReport {model, sid, tau, heads: [HeadRow {layer, head, importance, edges, entropy, cls, sep, punct, self, prev, next}]} */
  headBehaviour(model, sid) {
    return request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/heads`);
  },

  /** AttentionMatrix {model, sid, layer, head, floor, tokens, weights: n×n} of one head. */
  attention(model, sid, layer, head) {
    return request('GET', `/models/${enc(model)}/sentences/${enc(sid)}/attention`, { layer, head });
  },

  /** CompareResult {heads: [HeadComparison], layers: [LayerComparison], meanCosine, jaccard, …}. */
  compare(modelA, modelB, sid, tau) {
    return request('GET', '/compare', { modelA, modelB, sid, tau });
  },

  /** [EdgeDiff {layer, head, fromPos, toPos, wA, wB, side: SHARED|ONLY_A|ONLY_B}] over the full stored matrices. */
  compareEdges(modelA, modelB, sid, tau) {
    return request('GET', '/compare/edges', { modelA, modelB, sid, tau });
  },

  /** CorpusComparison {heads: [HeadChange], differing: [SentenceDifference], sentences, …}. */
  compareCorpus(modelA, modelB, tau, corpus) {
    return request('GET', '/compare/corpus', { modelA, modelB, tau, corpus });
  },

  /** CorpusHeadImportance {model, tau, sentences, heads: [HeadScore {layer, head, mean, sentences}]}. */
  corpusImportance(model, tau, corpus) {
    return request('GET', `/models/${enc(model)}/heads/importance`, { tau, corpus });
  },

  /** HeadGraphView {models, k, communities, modularity, heads: [{model, layer, head, pattern, community, …}], edges}. */
  headGraph() {
    return request('GET', '/heads/graph');
  },

  /** QueryRows {name, columns, rows: [{layer, head, …}]}: Clark behaviour averaged over the model's sentences. */
  corpusBehaviour(model) {
    return request('GET', `/models/${enc(model)}/heads/behaviour`);
  },

  /** CypherResult {columns, rows: [[value by column]], nodes, relationships, truncated} of a read-only query. */
  cypher(query, params) {
    return request('POST', '/cypher', undefined, { query, params });
  },

  /** IngestedSentence {model, sid, text, textB, n, truncated}. */
  ingest(model, text, textB) {
    return request('POST', `/models/${enc(model)}/sentences`, undefined, textB ? { text, textB } : { text });
  },
};
