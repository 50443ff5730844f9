// Fetching what the picture shows: the trace(s) for the view state, derived in the browser when only τ went up,
// the server's comparison of two models, and the caches of per-sentence data. Later calls supersede earlier ones.
import { api } from './api.js';
import { app, state, model, scaleOf } from './app.js';
import { writeState } from './state.js';
import { overlay } from './dom.js';
import { shape } from './trace-model.js';
import { traceAtHigherTau } from './tau-derive.js';
import { render } from './render.js';

const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
import { pickTauWithinBudget } from './tau-scale.js';

const cache = { tokens: new Map(), behaviour: new Map(), compare: new Map(), sentence: new Map() };
let seq = 0;
let loaded = null; // what app.traceA/B were traced for: {key, tau}, so a τ increase can be derived from them
export const timing = { tauInputAt: null }; // when the current burst of τ slider moves began

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

/** True when the loaded traces are of the current request except for a lower τ. */
function canDerive(req) {
  return !!(loaded && app.traceA && loaded.key === traceKey(req) && req.tau >= loaded.tau);
}

/** The trace(s) at a higher τ, derived in the browser from the loaded ones (tau-derive.js). */
function derive(req) {
  const one = (T, m) => {
    const { L, H } = shape(T, model(m));
    return traceAtHigherTau(T, { ...req, scale: scaleOf(model(m)) }, L, H);
  };
  return [one(app.loadedA, state.model), app.loadedB ? one(app.loadedB, state.cmp) : null, app.tokens];
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
  writeState(state);
  if (!state.model || !state.sid) return;
  const my = ++seq;
  app.idle = false;
  const t0 = performance.now();
  const slow = setTimeout(() => { if (my === seq) overlay('loading', 'Tracing…'); }, 150);
  try {
    let req = traceRequest();
    const local = kind === 'tau' && canDerive(req);
    const [a, b, toks] = local ? derive(req) : await Promise.all([
      api.trace(state.model, state.sid, req),
      state.cmp ? api.trace(state.cmp, state.sid, req) : Promise.resolve(null),
      tokensOf(state.model, state.sid),
    ]);
    if (my !== seq) return;
    if (!local) {
      loaded = { key: traceKey(req), tau: req.tau };
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
        [app.traceA, app.traceB] = derive(req);
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
    app.perf.push({ kind, derived: local, fetchMs: t1 - t0, renderMs: t2 - t1, paintMs: t2 - tr, ...app.lastSplit,
      totalMs: t2 - t0, sinceInputMs: sinceInput, ...app.counts().a, drawn: app.drawn?.drawn, traceEdges: app.traceA.edges.length,
      n: app.traceA.influence?.length });
    performance.measure(`attnflow:${kind}`, { start: t0, end: t2 });
    app.error = null;
    overlay(app.traceA.nodes.length ? null : 'empty', 'This trace is empty: lower τ or choose other heads.');
  } catch (e) {
    if (my !== seq) return;
    loaded = null;
    app.error = e.message;
    overlay('error', e.message);
  } finally {
    clearTimeout(slow);
    if (my === seq) {
      app.renders++;
      app.idle = true;
    }
  }
}
