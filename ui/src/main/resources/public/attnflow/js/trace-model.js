// Pure functions over the trace JSON contract (nodes, edges, influence, headImportance, rollout). No DOM.

export const nodeKey = (layer, pos) => `${layer}_${pos}`;
export const pairKey = (e) => `${e.fromLayer}_${e.fromPos}_${e.toPos}`;
export const headEdgeKey = (e) => `${e.fromLayer}_${e.fromPos}_${e.toPos}_${e.head}`;

/** n, L and H of a trace, read from its arrays. */
export function shape(trace, model) {
  const n = Math.max(trace.influence?.length || 0, trace.rollout?.length || 0,
    ...trace.nodes.map((x) => x.pos + 1), 0);
  const L = trace.headImportance?.length || model?.layers || Math.max(0, ...trace.nodes.map((x) => x.layer));
  const H = trace.headImportance?.[0]?.length || model?.heads || 0;
  return { n, L, H };
}

/** The number of heads that count in layer l (1..L): the selected ones, or all H when none is selected there. */
export function headsInLayer(selected, l, H) {
  const k = selected.filter((h) => h.layer === l).length;
  return k || H;
}

/**
 * One edge per token pair and layer, summed over the trace's heads: the default view. Each entry keeps the
 * per-head weights (for the hover) and the mean over the layer's selected heads (for width and opacity).
 */
export function sumEdges(trace, selected, H) {
  const byPair = new Map();
  for (const e of trace.edges) {
    const k = pairKey(e);
    let s = byPair.get(k);
    if (!s) {
      s = { key: k, fromLayer: e.fromLayer, fromPos: e.fromPos, toLayer: e.toLayer, toPos: e.toPos, sum: 0, heads: [] };
      byPair.set(k, s);
    }
    s.sum += e.w;
    s.heads.push([e.head, e.w]);
  }
  for (const s of byPair.values()) {
    s.mean = s.sum / headsInLayer(selected, s.toLayer, H);
    s.heads.sort((a, b) => b[1] - a[1]);
  }
  return byPair;
}

/** Per-head edges keyed by (layer, from, to, head). */
export function headEdges(trace) {
  const m = new Map();
  for (const e of trace.edges) {
    const k = headEdgeKey(e);
    m.set(k, { key: k, fromLayer: e.fromLayer, fromPos: e.fromPos, toLayer: e.toLayer, toPos: e.toPos,
      sum: e.w, mean: e.w, heads: [[e.head, e.w]] });
  }
  return m;
}

export function nodeValues(trace) {
  const m = new Map();
  for (const x of trace.nodes) m.set(nodeKey(x.layer, x.pos), x);
  return m;
}

/** Token text per position: from the tokens endpoint when we have it, else from the trace's own nodes. */
export function tokenTexts(n, tokens, ...traces) {
  const out = new Array(n).fill(null);
  const special = new Array(n).fill(false);
  for (const t of tokens || []) {
    if (t.pos < n) {
      out[t.pos] = t.text;
      special[t.pos] = !!t.special;
    }
  }
  for (const tr of traces) {
    for (const x of tr?.nodes || []) if (x.pos < n && out[x.pos] == null) out[x.pos] = x.token;
  }
  for (let i = 0; i < n; i++) {
    if (out[i] == null) out[i] = `#${i}`;
    if (!tokens || tokens.length === 0) special[i] = /^(\[(CLS|SEP|PAD|MASK|UNK)\]|<s>|<\/s>|<pad>)$/.test(out[i]);
  }
  return { text: out, special };
}

/**
 * Compares two edge maps (summed or per head): shared, only in A, only in B, overall and per layer, with the
 * Jaccard overlap of each layer.
 */
export function compareEdges(a, b, L) {
  const perLayer = Array.from({ length: L }, (_, i) => ({ layer: i + 1, shared: 0, onlyA: 0, onlyB: 0, jaccard: 0 }));
  const cls = new Map();
  for (const [k, e] of a) {
    const inB = b.has(k);
    cls.set(k, inB ? 'shared' : 'onlyA');
    const row = perLayer[e.toLayer - 1];
    if (row) row[inB ? 'shared' : 'onlyA']++;
  }
  for (const [k, e] of b) {
    if (a.has(k)) continue;
    cls.set(k, 'onlyB');
    const row = perLayer[e.toLayer - 1];
    if (row) row.onlyB++;
  }
  for (const r of perLayer) {
    const union = r.shared + r.onlyA + r.onlyB;
    r.jaccard = union ? r.shared / union : 1;
  }
  return { cls, perLayer };
}

/** Shared / unique heads: a head is used by a trace when its importance there is > 0. */
export function compareHeads(impA, impB) {
  return impA.map((row, l) => row.map((v, h) => {
    const a = v > 0;
    const b = (impB?.[l]?.[h] || 0) > 0;
    return a && b ? 'shared' : a ? 'onlyA' : b ? 'onlyB' : 'none';
  }));
}

/**
 * The trace at a higher τ, derived from a loaded trace of the same request at a lower τ without asking the server:
 * every edge above the new τ that a trace could reach is already in the loaded one (a subset), so the layer-by-layer
 * frontier expansion is re-run over the loaded edges. Node values, token influence and head importance are then
 * recomputed exactly as core's TraceAssembler does (same edge order, same arithmetic); rollout does not depend on τ.
 *
 * @param trace the loaded trace (the API's JSON) at a τ ≤ tau
 * @param req   {direction, tau, alpha, fromLayer, tokens, heads} of the new trace; only τ differs from the loaded one
 * @param L     layers
 * @param H     heads per layer
 */
export function traceAtHigherTau(trace, req, L, H) {
  const backward = req.direction !== 'forward';
  const from = req.fromLayer ?? (backward ? L : 0);
  const starts = [...new Set(req.tokens.length ? req.tokens : [0])].sort((a, b) => a - b);
  // As StoredWeights.exceeds: the stored q = round(w·1e4) against τ·1e4, so the cut is bit-identical to the server's.
  const limit = req.tau * 1e4;
  const byLayer = Array.from({ length: L + 1 }, () => []);
  for (const e of trace.edges) if (Math.round(e.w * 1e4) > limit) byLayer[e.toLayer].push(e);

  // Frontier expansion, layer by layer away from l0: an edge counts only if its near end is in the frontier.
  let frontier = new Set(starts);
  const kept = [];
  const layers = [];
  if (backward) for (let l = from; l >= 1; l--) layers.push(l);
  else for (let l = from + 1; l <= L; l++) layers.push(l);
  for (const l of layers) {
    const next = new Set();
    for (const e of byLayer[l]) {
      const near = backward ? e.toPos : e.fromPos;
      if (!frontier.has(near)) continue;
      kept.push(e);
      next.add(backward ? e.fromPos : e.toPos);
    }
    frontier = next;
  }
  // TraceAssembler.EDGE_ORDER: target layer, target position, source position, head.
  kept.sort((a, b) => a.toLayer - b.toLayer || a.toPos - b.toPos || a.fromPos - b.fromPos || a.head - b.head);

  const n = Math.max(trace.influence?.length || 0, trace.rollout?.length || 0, ...trace.nodes.map((x) => x.pos + 1));
  const text = new Map();
  for (const x of trace.nodes) if (!text.has(x.pos)) text.set(x.pos, x.token);
  const value = new Map();
  const present = new Set();
  for (const p of starts) { value.set(nodeKey(from, p), 1.0); present.add(nodeKey(from, p)); }
  const sorted = Array.from({ length: L + 1 }, () => []);
  for (const e of kept) sorted[e.toLayer].push(e);
  for (const l of layers) {
    const hs = headsInLayer(req.heads || [], l, H);
    for (const e of sorted[l]) {
      const kf = nodeKey(l - 1, e.fromPos);
      const kt = nodeKey(l, e.toPos);
      present.add(kf);
      present.add(kt);
      if (backward) value.set(kf, (value.get(kf) || 0) + e.w * (value.get(kt) || 0) / hs);
      else value.set(kt, (value.get(kt) || 0) + e.w * (value.get(kf) || 0) / hs);
    }
  }
  const nodes = [];
  for (let l = 0; l <= L; l++) {
    for (let p = 0; p < n; p++) {
      const k = nodeKey(l, p);
      if (present.has(k)) nodes.push({ layer: l, pos: p, token: text.get(p) ?? `#${p}`, value: value.get(k) || 0 });
    }
  }
  const influence = new Array(n).fill(0);
  const headImportance = Array.from({ length: L }, () => new Array(H).fill(0));
  for (const e of kept) {
    influence[e.fromPos] += Math.pow(req.alpha, Math.abs(from - e.fromLayer));
    influence[e.toPos] += Math.pow(req.alpha, Math.abs(from - e.toLayer));
    headImportance[e.toLayer - 1][e.head] += e.w;
  }
  return { nodes, edges: kept, influence, headImportance, rollout: (trace.rollout || new Array(n).fill(0)).slice() };
}
