// The server's comparison of two models (GET /api/compare and /api/compare/edges) shaped for drawing. Every number
// comes from the server; this module only groups it. No DOM.
import { headsInLayer, nodeKey } from './tau-derive.js';

const SIDE = { SHARED: 'shared', ONLY_A: 'onlyA', ONLY_B: 'onlyB' };

/**
 * The per-head edges above τ in either model (EdgeDiff) as drawable edges: per head when perHead, else one per
 * token pair and layer. A pair is only-A when model A has it above τ in some head and model B in none (and the
 * mirror); shared otherwise. Width and opacity follow the larger of the two weights, averaged over the layer's heads.
 * `selected` heads filter the edges as they filter a trace.
 */
export function changeEdges(diffs, { perHead, selected, H }) {
  const sel = new Set(selected.map((s) => `${s.layer}:${s.head}`));
  const selLayers = new Set(selected.map((s) => s.layer));
  const out = new Map();
  for (const d of diffs) {
    if (selLayers.has(d.layer) && !sel.has(`${d.layer}:${d.head}`)) continue;
    const side = SIDE[d.side];
    const key = perHead ? `${d.layer - 1}_${d.fromPos}_${d.toPos}_${d.head}` : `${d.layer - 1}_${d.fromPos}_${d.toPos}`;
    let e = out.get(key);
    if (!e) {
      e = { key, fromLayer: d.layer - 1, fromPos: d.fromPos, toLayer: d.layer, toPos: d.toPos, sum: 0, heads: [], inA: false, inB: false };
      out.set(key, e);
    }
    const w = Math.max(d.wA, d.wB);
    e.sum += w;
    e.heads.push([d.head, w, d.wA, d.wB, side]);
    if (side !== 'onlyB') e.inA = true;
    if (side !== 'onlyA') e.inB = true;
  }
  for (const e of out.values()) {
    e.cls = e.inA && e.inB ? 'shared' : e.inA ? 'onlyA' : 'onlyB';
    e.mean = perHead ? e.sum : e.sum / headsInLayer(selected, e.toLayer, H);
    e.heads.sort((a, b) => b[1] - a[1]);
  }
  return out;
}

/** The tokens the change edges touch, grey when both models' edges reach them, else in the model's colour. */
export function changeNodes(edges) {
  const m = new Map();
  const touch = (l, p, e) => {
    const k = nodeKey(l, p);
    let x = m.get(k);
    if (!x) { x = { layer: l, pos: p, value: 0, a: false, b: false }; m.set(k, x); }
    x.value += e.mean;
    x.a ||= e.inA;
    x.b ||= e.inB;
  };
  for (const e of edges.values()) {
    touch(e.fromLayer, e.fromPos, e);
    touch(e.toLayer, e.toPos, e);
  }
  for (const x of m.values()) x.cls = x.a && x.b ? 'shared' : x.a ? 'onlyA' : 'onlyB';
  return m;
}

/** The server's per-head comparison as an [L][H] grid of HeadComparison (null where a model lacks the head). */
export function headGrid(result, L, H) {
  const g = Array.from({ length: L }, () => new Array(H).fill(null));
  for (const h of result.heads) if (h.layer <= L && h.head < H) g[h.layer - 1][h.head] = h;
  return g;
}

/** A head's change: 1 − cosine of the two stored attention matrices (0 = the same attention). */
export const change = (cosine) => 1 - cosine;

/** Edge totals over every common head: the numbers of the summary line. */
export function totals(result) {
  let shared = 0; let onlyA = 0; let onlyB = 0;
  for (const r of result.layers) { shared += r.shared; onlyA += r.onlyA; onlyB += r.onlyB; }
  return { shared, onlyA, onlyB, jaccard: result.jaccard, meanCosine: result.meanCosine };
}
