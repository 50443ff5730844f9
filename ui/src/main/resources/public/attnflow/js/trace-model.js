// Pure functions over the trace JSON contract (nodes, edges, influence, headImportance, rollout). No DOM.
import { headsInLayer, nodeKey, traceLength } from './tau-derive.js';

export { headsInLayer, nodeKey };

export const pairKey = (e) => `${e.fromLayer}_${e.fromPos}_${e.toPos}`;
/**
 * A small integer for the token pair of an edge (its layer, from, to) in a sentence of n tokens, one to one with
 * pairKey: a Map keyed by it is several times faster than one keyed by the string (traces have ~10⁵ edges).
 */
export const pairIndex = (e, n) => (e.toLayer * n + e.fromPos) * n + e.toPos;
export const headEdgeKey = (e) => `${e.fromLayer}_${e.fromPos}_${e.toPos}_${e.head}`;

/**
 * The trace of a TraceColumns answer (/trace/columns) as /trace answers it (TraceResult): the same fields, with each
 * edge k unpacked into {fromLayer, fromPos, toLayer, toPos, head, w}, w = q[k] / scale (the server's own division,
 * so the same double).
 */
export function traceOfColumns(t) {
  const c = t.edges;
  const edges = new Array(c.count);
  for (let k = 0; k < c.count; k++) {
    edges[k] = { fromLayer: c.toLayer[k] - 1, fromPos: c.fromPos[k], toLayer: c.toLayer[k], toPos: c.toPos[k], head: c.head[k],
      w: c.q[k] / c.scale };
  }
  return { ...t, edges };
}

/** n, L and H of a trace, read from its arrays. */
export function shape(trace, model) {
  const n = traceLength(trace);
  const L = trace.headImportance?.length || model?.layers || Math.max(0, ...trace.nodes.map((x) => x.layer));
  const H = trace.headImportance?.[0]?.length || model?.heads || 0;
  return { n, L, H };
}

/**
 * One summed edge of sumEdges: a token pair and layer with the sum and mean of its heads' weights. Its `heads`
 * ([head, w], strongest first, for the hover) are listed when first read: most drawn edges are never hovered, and
 * listing them for every pair of a large trace was a good part of a τ step.
 */
class PairEdge {
  constructor(key, e, edges, k) {
    this.key = key;
    this.fromLayer = e.fromLayer;
    this.fromPos = e.fromPos;
    this.toLayer = e.toLayer;
    this.toPos = e.toPos;
    this.sum = 0;
    this.mean = 0;
    this.edges = edges; // the trace's edges: this pair's are edges[first, end) and then `more`, in the trace's order
    this.first = k;
    this.end = k;
    this.more = null;
    this.listed = null;
  }

  add(e, k) {
    this.sum += e.w;
    if (k === this.end) this.end++;
    else (this.more ||= []).push(e);
  }

  get heads() {
    if (!this.listed) {
      const hs = [];
      for (let k = this.first; k < this.end; k++) hs.push([this.edges[k].head, this.edges[k].w]);
      for (const e of this.more || []) hs.push([e.head, e.w]);
      this.listed = hs.sort((a, b) => b[1] - a[1]);
    }
    return this.listed;
  }
}

/**
 * One edge per token pair and layer, summed over the trace's heads: the default view. Each entry keeps the
 * per-head weights (for the hover) and the mean over the layer's selected heads (for width and opacity).
 */
export function sumEdges(trace, selected, H) {
  // Found by a number (pairIndex) and keyed by pairKey's string: one string per pair, not per head edge.
  const n = traceLength(trace);
  const edges = trace.edges;
  const byPair = new Map();
  if (pairsInRuns(edges, n)) {
    // TraceAssembler's order (every loaded and derived trace): a pair's heads follow each other, so a new pair index
    // is a new pair and no index map is needed (it was most of a τ step's scene at tens of thousands of edges).
    let s = null;
    let last = -1;
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k];
      const i = pairIndex(e, n);
      if (i !== last) {
        s = new PairEdge(pairKey(e), e, edges, k);
        byPair.set(s.key, s);
        last = i;
      }
      s.add(e, k);
    }
  } else {
    const byIndex = new Map();
    let s = null;
    let last = -1;
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k];
      const i = pairIndex(e, n);
      if (i !== last) s = byIndex.get(i);
      last = i;
      if (!s) {
        s = new PairEdge(pairKey(e), e, edges, k);
        byIndex.set(i, s);
        byPair.set(s.key, s);
      }
      s.add(e, k);
    }
  }
  const hs = new Map(); // heads counted per layer
  for (const s of byPair.values()) {
    if (!hs.has(s.toLayer)) hs.set(s.toLayer, headsInLayer(selected, s.toLayer, H));
    s.mean = s.sum / hs.get(s.toLayer);
  }
  return byPair;
}

/** Whether each token pair's edges are one run: true when the edges are sorted by layer, target, source (any head order). */
function pairsInRuns(edges, n) {
  let last = -1;
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k];
    const o = (e.toLayer * n + e.toPos) * n + e.fromPos;
    if (o < last) return false;
    last = o;
  }
  return true;
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

/** Token text, special and marked flags per position: from the tokens endpoint when we have it, else from the trace's own nodes. */
export function tokenTexts(n, tokens, ...traces) {
  const out = new Array(n).fill(null);
  const special = new Array(n).fill(false);
  const marked = new Array(n).fill(false); // inside the corpus's marked error span (LanguageTool), where stored
  for (const t of tokens || []) {
    if (t.pos < n) {
      out[t.pos] = t.text;
      special[t.pos] = !!t.special;
      marked[t.pos] = t.marked === true;
    }
  }
  for (const tr of traces) {
    for (const x of tr?.nodes || []) if (x.pos < n && out[x.pos] == null) out[x.pos] = x.token;
  }
  for (let i = 0; i < n; i++) {
    if (out[i] == null) out[i] = `#${i}`;
    if (!tokens || tokens.length === 0) special[i] = /^(\[(CLS|SEP|PAD|MASK|UNK)\]|<s>|<\/s>|<pad>)$/.test(out[i]);
  }
  return { text: out, special, marked };
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
