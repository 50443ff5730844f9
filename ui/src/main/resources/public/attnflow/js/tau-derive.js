// The one place where the browser re-derives a trace: the trace at a higher τ, from a loaded trace at a lower τ.
// Its unit tests (ui/src/test/js) compare it with the API's own traces, saved as fixtures by a Java test
// (app: WebUiTraceFixturesTest), so the JavaScript and core's TraceAssembler cannot drift apart. No DOM.

/** The id of a token at a layer: nodes, graph elements and maps all key on it. */
export const nodeKey = (layer, pos) => `${layer}_${pos}`;

/** The sentence length n of a trace, read from its arrays. */
export function traceLength(trace) {
  return Math.max(trace.influence?.length || 0, trace.rollout?.length || 0, ...trace.nodes.map((x) => x.pos + 1), 0);
}

/** The number of heads that count in layer l (1..L): the selected ones, or all H when none is selected there. */
export function headsInLayer(selected, l, H) {
  const k = selected.filter((h) => h.layer === l).length;
  return k || H;
}

const edgeOrder = (a, b) => a.toLayer - b.toLayer || a.toPos - b.toPos || a.fromPos - b.fromPos || a.head - b.head;

function inEdgeOrder(edges) {
  for (let k = 1; k < edges.length; k++) if (edgeOrder(edges[k - 1], edges[k]) > 0) return false;
  return true;
}

const split = new WeakMap(); // loaded trace → its edges by target layer with their stored q, made once per trace

/**
 * A trace's edges by target layer, in its order, with each edge's stored q = round(w·scale) beside it. Made on the
 * first derivation from a trace, or ahead of it (when the browser is idle) by calling it.
 */
export function edgesByLayer(trace, scale, L) {
  let c = split.get(trace);
  if (!c || c.scale !== scale || c.L !== L) {
    const byLayer = Array.from({ length: L + 1 }, () => []);
    for (const e of trace.edges) byLayer[e.toLayer].push(e);
    c = { scale, L, byLayer, q: byLayer.map((list) => Float64Array.from(list, (e) => Math.round(e.w * scale))) };
    split.set(trace, c);
  }
  return c;
}

/**
 * The trace at a higher τ, derived from a loaded trace of the same request at a lower τ without asking the server:
 * every edge above the new τ that a trace could reach is already in the loaded one (a subset), so the layer-by-layer
 * frontier expansion is re-run over the loaded edges. Node values, token influence and head importance are then
 * recomputed exactly as core's TraceAssembler does (same edge order, same arithmetic); rollout and attention flow (max-flow) do not depend on τ.
 *
 * @param trace the loaded trace (the API's JSON) at a τ ≤ tau
 * @param req   {direction, tau, alpha, fromLayer, tokens, heads, scale} of the new trace; only τ differs from the
 *              loaded one; scale is the model's weight scale (`scale` of /api/models: q = round(w·scale))
 * @param L     layers
 * @param H     heads per layer
 */
export function traceAtHigherTau(trace, req, L, H) {
  const backward = req.direction !== 'forward';
  const from = req.fromLayer ?? (backward ? L : 0);
  const starts = [...new Set(req.tokens.length ? req.tokens : [0])].sort((a, b) => a - b);
  const n = traceLength(trace);
  // As StoredWeights.exceeds: the stored q = round(w·scale) against τ·scale, so the cut is bit-identical to the server's.
  const limit = req.tau * req.scale;
  const { byLayer, q } = edgesByLayer(trace, req.scale, L);

  // Frontier expansion, layer by layer away from l0: an edge counts only if its near end is in the frontier. Positions
  // and nodes are marked in typed arrays (node l, p at index l·n + p): a trace at a low τ has tens of thousands of edges.
  let frontier = new Uint8Array(n);
  for (const p of starts) frontier[p] = 1;
  const sorted = Array.from({ length: L + 1 }, () => []); // the kept edges by target layer
  const layers = [];
  if (backward) for (let l = from; l >= 1; l--) layers.push(l);
  else for (let l = from + 1; l <= L; l++) layers.push(l);
  for (const l of layers) {
    const next = new Uint8Array(n);
    const list = byLayer[l];
    const ql = q[l];
    for (let i = 0; i < list.length; i++) {
      if (!(ql[i] > limit)) continue;
      const e = list[i];
      if (!frontier[backward ? e.toPos : e.fromPos]) continue;
      sorted[l].push(e);
      next[backward ? e.fromPos : e.toPos] = 1;
    }
    frontier = next;
  }
  // TraceAssembler.EDGE_ORDER: target layer, target position, source position, head. A loaded trace is in that order
  // already (so each layer's kept edges are), then the layers only need joining; any other order is sorted.
  const kept = [];
  for (const list of sorted) for (const e of list) kept.push(e);
  if (!inEdgeOrder(kept)) {
    kept.sort(edgeOrder);
    for (const list of sorted) list.length = 0;
    for (const e of kept) sorted[e.toLayer].push(e);
  }

  const text = new Map();
  for (const x of trace.nodes) if (!text.has(x.pos)) text.set(x.pos, x.token);
  const value = new Float64Array((L + 1) * n); // an absent node's value is 0, as TraceAssembler's getOrDefault
  const present = new Uint8Array((L + 1) * n);
  for (const p of starts) { value[from * n + p] = 1.0; present[from * n + p] = 1; }
  for (const l of layers) {
    const hs = headsInLayer(req.heads || [], l, H);
    for (const e of sorted[l]) {
      const kf = (l - 1) * n + e.fromPos;
      const kt = l * n + e.toPos;
      present[kf] = 1;
      present[kt] = 1;
      if (backward) value[kf] = value[kf] + e.w * value[kt] / hs;
      else value[kt] = value[kt] + e.w * value[kf] / hs;
    }
  }
  const nodes = [];
  for (let l = 0; l <= L; l++) {
    for (let p = 0; p < n; p++) {
      if (present[l * n + p]) nodes.push({ layer: l, pos: p, token: text.get(p) ?? `#${p}`, value: value[l * n + p] });
    }
  }
  const influence = new Array(n).fill(0);
  const headImportance = Array.from({ length: L }, () => new Array(H).fill(0));
  const decay = Array.from({ length: L + 1 }, (_, l) => Math.pow(req.alpha, Math.abs(from - l))); // α^|l0 − l|
  for (const e of kept) {
    influence[e.fromPos] += decay[e.fromLayer];
    influence[e.toPos] += decay[e.toLayer];
    headImportance[e.toLayer - 1][e.head] += e.w;
  }
  return {
    nodes,
    edges: kept,
    influence,
    headImportance,
    rollout: (trace.rollout || new Array(n).fill(0)).slice(),
    attentionFlow: trace.attentionFlow ? trace.attentionFlow.slice() : null, // max-flow: does not depend on τ either
  };
}
