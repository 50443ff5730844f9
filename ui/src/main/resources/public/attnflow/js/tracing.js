// Fetching what the picture shows: the trace(s) for the view state, derived in the browser when only τ changed and a
// trace of the same request at a τ at or below it is loaded (a trace at a lower τ is fetched ahead, in the
// background, after each trace: so a step down is derived too), the server's comparison of two models, and the
// caches of per-sentence data. Later calls supersede earlier ones.
import { api, traceTiming } from './api.js';
import { app, state, model, scaleOf, tauFloor } from './app.js';
import { writeState } from './state.js';
import { overlay } from './dom.js';
import { shape } from './trace-model.js';
import { traceAtHigherTau, edgesByLayer } from './tau-derive.js';
import { render, prepare } from './render.js';

import { pickTauWithinBudget, prefetchTau, aheadTimeoutMs, PREFETCH_WHEN } from './tau-scale.js';

// Resolves once the next frame, the one that shows what was just drawn, is rendered: a task queued from that frame's
// requestAnimationFrame callback runs after its rendering (a second requestAnimationFrame would wait a frame more).
const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const cache = { tokens: new Map(), behaviour: new Map(), compare: new Map(), sentence: new Map() };
let seq = 0;
// The loaded traces of one request (traceKey) at several τ, highest τ first: [{tau, a, b}] (b: the compare model's).
// Any τ at or above one of them is derived from the closest. At most MAX_BASES, the lowest kept.
let bases = { key: null, list: [] };
const MAX_BASES = 3;
let ahead = null; // the trace being fetched ahead: {key, tau, done: Promise<base|null>, abort: AbortController}
let serverMs = null; // how long the last trace fetched for the picture took the server (until its headers)
export const timing = { tauInputAt: null }; // when the current burst of τ slider moves began
app.baseTaus = () => bases.list.map((x) => x.tau);
app.fetchingAhead = () => !!ahead;

export function traceRequest() {
  return {
    direction: state.dir, tau: state.tau, alpha: state.alpha, fromLayer: state.layer, tokens: state.tokens,
    heads: state.heads, scale: scaleOf(model(state.model)),
  };
}

/** Everything a trace depends on except τ. */
function traceKey(req) {
  return JSON.stringify([state.model, state.cmp, state.sid, req.direction, req.fromLayer, req.tokens, req.heads, req.alpha]);
}

/** The loaded trace(s) of the current request at the highest τ ≤ req.tau, or null: what req can be derived from. */
function baseFor(req) {
  if (bases.key !== traceKey(req)) return null;
  return bases.list.find((x) => x.tau <= req.tau) || null;
}

function addBase(key, tau, a, b) {
  if (bases.key !== key) bases = { key, list: [] };
  const list = [...bases.list.filter((x) => x.tau !== tau), { tau, a, b }].sort((x, y) => y.tau - x.tau);
  bases.list = list.slice(Math.max(0, list.length - MAX_BASES));
}

/** The trace(s) at a higher τ, derived in the browser from a loaded base (tau-derive.js). */
function derive(req, base) {
  const one = (T, m) => {
    const { L, H } = shape(T, model(m));
    return traceAtHigherTau(T, { ...req, scale: scaleOf(model(m)) }, L, H);
  };
  return [one(base.a, state.model), base.b ? one(base.b, state.cmp) : null];
}

/** Splits a loaded trace by layer for deriving from it (tau-derive.js), once the browser is idle: not on a τ step. */
function indexLater(T, m) {
  if (!T) return;
  const go = () => edgesByLayer(T, scaleOf(model(m)), shape(T, model(m)).L);
  if (window.requestIdleCallback) requestIdleCallback(go, { timeout: 500 }); else setTimeout(go, 0);
}

/** Drops the trace being fetched ahead (its request went away). */
function cancelAhead() {
  if (ahead) ahead.abort.abort();
  ahead = null;
}

/**
 * After a trace at req.tau, fetches the same request at a lower τ (tau-scale.js prefetchTau) in the background,
 * when no loaded trace is already that low, so that a step down is derived in the browser like a step up.
 */
function fetchAhead(req) {
  const key = traceKey(req);
  const lowest = bases.key === key ? bases.list[bases.list.length - 1]?.tau : null;
  const tau = prefetchTau(req.tau, tauFloor());
  if (tau == null || (lowest != null && lowest <= req.tau * PREFETCH_WHEN)) return;
  if (ahead && ahead.key === key && ahead.tau <= tau) return;
  cancelAhead();
  const abort = new AbortController();
  const r = { ...req, tau };
  const [m, cmp, sid] = [state.model, state.cmp, state.sid];
  const mine = { key, tau, abort, done: null };
  const opts = { signal: abort.signal, timeoutMs: aheadTimeoutMs(serverMs) };
  mine.done = Promise.all([
    api.trace(m, sid, r, opts),
    cmp ? api.trace(cmp, sid, r, opts) : Promise.resolve(null),
  ]).then(([a, b]) => {
    if (abort.signal.aborted || bases.key !== key) return;
    addBase(key, tau, a, b);
    indexLater(a, m);
    indexLater(b, cmp);
  }, () => { /* aborted or failed: a step down then asks the API */ }).finally(() => { if (ahead === mine) ahead = null; });
  ahead = mine;
}

/** The base a trace being fetched ahead will give for req, awaited; null when none is on its way for it. */
async function awaitAhead(req) {
  if (!ahead || ahead.key !== traceKey(req) || ahead.tau > req.tau) return null;
  await ahead.done;
  return baseFor(req);
}

function memo(map, key, make) {
  if (!map.has(key)) {
    const p = make();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return map.get(key);
}

/** Token texts (and [UNK] marks) of a sentence; null when the endpoint fails: the trace's own nodes are the fallback. */
export function tokensOf(m, sid) {
  return memo(cache.tokens, `${m}\u0000${sid}`, () => api.tokens(m, sid)).catch(() => null);
}

/** The sentence's stored record (gold label, predictions where stored); null when the endpoint fails. */
export function sentenceOf(sid) {
  return memo(cache.sentence, sid, () => api.sentence(sid)).catch(() => null);
}

/** The sentence's HeadsReport (Clark behaviour per head). */
export function behaviourOf(m, sid) {
  return memo(cache.behaviour, `${m}\u0000${sid}`, () => api.headBehaviour(m, sid));
}

/** The server's comparison of the two models on the sentence at τ: {result, edges}. */
function compareOf(a, b, sid, tau) {
  return memo(cache.compare, JSON.stringify([a, b, sid, tau]), async () => {
    const [result, edges] = await Promise.all([api.compare(a, b, sid, tau), api.compareEdges(a, b, sid, tau)]);
    return { result, edges };
  });
}

/**
 * Fetches the trace(s) for the current state and draws them. kind names the cause (first, tau, click, heads, …)
 * for the timings in app.perf. With state.tauAuto the first trace of a sentence raises τ until the drawn token
 * pairs fit the budget (tau-scale.js), deriving the higher-τ traces locally.
 */
export async function retrace({ fit = false, kind = 'trace' } = {}) {
  if (!state.model || !state.sid) { writeState(state); return; }
  const my = ++seq;
  app.idle = false;
  const t0 = performance.now();
  const slow = setTimeout(() => { if (my === seq) overlay('loading', 'Tracing…'); }, 150);
  try {
    let req = traceRequest();
    if (traceKey(req) !== bases.key) bases = { key: null, list: [] };
    if (ahead && ahead.key !== traceKey(req)) cancelAhead();
    let base = kind === 'tau' ? baseFor(req) || await awaitAhead(req) : null;
    if (my !== seq) return;
    const local = !!base;
    const toksOnTheirWay = local ? null : tokensOf(state.model, state.sid);
    // the tokens come before the trace: build what does not need the trace while it is on its way (render.js prepare)
    toksOnTheirWay?.then((t) => {
      try { if (my === seq) prepare(t); } catch { /* render() builds it all then */ }
    });
    const [a, b, toks] = local ? [...derive(req, base), app.tokens] : await Promise.all([
      api.trace(state.model, state.sid, req),
      state.cmp ? api.trace(state.cmp, state.sid, req) : Promise.resolve(null),
      toksOnTheirWay,
    ]);
    const split = local ? null : { ...traceTiming };
    if (my !== seq) return;
    if (!local) {
      serverMs = split.headersMs;
      addBase(traceKey(req), req.tau, a, b);
      app.loadedA = a;
      app.loadedB = b;
      app.tauTop = null;
    }
    app.traceA = a;
    app.traceB = b;
    app.tokens = toks;
    if (state.tauAuto && !local) {
      const { L, H } = shape(a, model(state.model));
      const picked = pickTauWithinBudget(a, req, L, state.tau, H);
      state.tauAuto = false;
      if (picked > state.tau) {
        state.tau = picked;
        req = traceRequest();
        [app.traceA, app.traceB] = derive(req, baseFor(req));
        writeState(state);
      }
    }
    app.compare = state.cmp ? await compareOf(state.model, state.cmp, state.sid, state.tau) : null;
    if (my !== seq) return;
    const t1 = performance.now();
    app.tracedTau = req.tau;
    app.tracedSid = state.sid;
    await render({ fit });
    const tr = performance.now();
    if (my !== seq) return;
    await afterFrame(); // both views paint synchronously: the frame that shows them
    const t2 = performance.now();
    const sinceInput = kind === 'tau' && timing.tauInputAt != null ? t2 - timing.tauInputAt : null;
    if (kind === 'tau') timing.tauInputAt = null;
    app.perf.push({ kind, derived: local, fetchMs: t1 - t0, renderMs: t2 - t1, paintMs: t2 - tr, ...app.lastSplit, ...split,
      totalMs: t2 - t0, sinceInputMs: sinceInput, ...app.counts().a, drawn: app.drawn?.drawn, traceEdges: app.traceA.edges.length,
      n: app.traceA.influence?.length });
    performance.measure(`attnflow:${kind}`, { start: t0, end: t2 });
    app.error = null;
    overlay(app.traceA.nodes.length ? null : 'empty', 'This trace is empty: lower τ or choose other heads.');
    if (!local) {
      indexLater(a, state.model);
      indexLater(b, state.cmp);
    }
    fetchAhead(req);
  } catch (e) {
    if (my !== seq) return;
    bases = { key: null, list: [] };
    cancelAhead();
    app.error = e.message;
    overlay('error', e.message);
  } finally {
    clearTimeout(slow);
    if (my === seq) {
      // The address bar after the frame: history.replaceState costs the step several ms (BENCHMARKS.md, session 7).
      writeState(state);
      app.renders++;
      app.idle = true;
    }
  }
}
