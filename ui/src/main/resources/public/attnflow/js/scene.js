// What to draw for the view state: one or two panels of nodes and edges with their compare classes. Shared by the
// layered view (layered.js) and Token Rings (rings.js), so both always show the same data. No DOM.
import { sumEdges, headEdges, nodeValues, compareEdges, nodeKey } from './trace-model.js';
import { changeEdges, changeNodes } from './compare-model.js';

/** The compare views: the server's attention change, the two traces overlaid, or the two traces side by side. */
export const COMPARE_VIEWS = {
  overlay: 'Attention change (server, all edges above τ)',
  traces: 'Where the traces go (trace A over trace B)',
  side: 'Side by side (trace A | trace B)',
};

const traceEdges = (T, state, H) => (state.perHead ? headEdges(T) : sumEdges(T, state.heads, H));

/** The edges reachable from the start nodes along the trace direction (a trace over the given edges). */
export function reachable(edges, startNodes, backward) {
  const reach = new Set(startNodes);
  const list = [...edges.values()].sort((a, b) => (backward ? b.toLayer - a.toLayer : a.toLayer - b.toLayer));
  const out = new Map();
  for (const e of list) {
    const near = backward ? nodeKey(e.toLayer, e.toPos) : nodeKey(e.fromLayer, e.fromPos);
    if (!reach.has(near)) continue;
    reach.add(backward ? nodeKey(e.fromLayer, e.fromPos) : nodeKey(e.toLayer, e.toPos));
    out.set(e.key, e);
  }
  return { edges: out, nodes: reach };
}

/**
 * The k strongest edges into each token (the near end of a backward trace, the far end of a forward one is the
 * token the edge serves): a readable skeleton of a trace too big to draw whole.
 */
export function topKPerToken(edges, k) {
  const by = new Map();
  for (const e of edges.values()) {
    const t = nodeKey(e.toLayer, e.toPos);
    if (!by.has(t)) by.set(t, []);
    by.get(t).push(e);
  }
  const out = new Map();
  for (const list of by.values()) {
    list.sort((a, b) => b.mean - a.mean);
    for (const e of list.slice(0, k)) out.set(e.key, e);
  }
  return out;
}

/**
 * "Hide special tokens": the trace still runs through [CLS], [SEP], … but they are not drawn. Edges touching a
 * hidden token go with it, and so does whatever is then no longer connected to the start (never fragments).
 */
export function withoutSpecial(nodes, edges, special, startNodes, backward) {
  const hidden = (l, p) => special[p] && !startNodes.has(nodeKey(l, p));
  const kept = new Map();
  for (const [k, e] of edges) if (!hidden(e.fromLayer, e.fromPos) && !hidden(e.toLayer, e.toPos)) kept.set(k, e);
  const r = reachable(kept, startNodes, backward);
  const nodesOut = new Map();
  for (const [k, x] of nodes) if (r.nodes.has(k)) nodesOut.set(k, x);
  return { nodes: nodesOut, edges: r.edges };
}

/** The panels to draw. Each: {model, nodes, edges, edgeClass(key), nodeClass(l, p), color?}. */
export function buildScenes({ A, B, compare, state, L, H, special, startNodes }) {
  const backward = state.dir !== 'forward';
  let mode = 'single';
  let panels;
  if (!B) {
    panels = [{ model: state.model, nodes: nodeValues(A), edges: traceEdges(A, state, H) }];
  } else if (state.view === 'overlay' && compare) {
    mode = 'change';
    let edges = changeEdges(compare.edges, { perHead: state.perHead, selected: state.heads, H });
    // Token Rings radiate from the start: there the change is shown along the edges a trace over both models reaches.
    if (state.layout === 'rings') edges = reachable(edges, startNodes, backward).edges;
    const nodes = changeNodes(edges);
    panels = [{ model: `${state.model} vs ${state.cmp}`, nodes, edges, edgeClass: (k) => edges.get(k)?.cls,
      nodeClass: (l, p) => nodes.get(nodeKey(l, p))?.cls }];
  } else {
    mode = state.view === 'side' ? 'side' : 'traces';
    const eA = traceEdges(A, state, H);
    const eB = traceEdges(B, state, H);
    const nA = nodeValues(A);
    const nB = nodeValues(B);
    const cmp = compareEdges(eA, eB, L);
    const nodeClass = (l, p) => {
      const a = nA.has(nodeKey(l, p));
      const b = nB.has(nodeKey(l, p));
      return a && b ? 'shared' : a ? 'onlyA' : b ? 'onlyB' : null;
    };
    const edgeClass = (k) => cmp.cls.get(k);
    if (mode === 'side') {
      panels = [
        { model: state.model, nodes: nA, edges: eA, edgeClass, nodeClass },
        { model: state.cmp, nodes: nB, edges: eB, edgeClass, nodeClass },
      ];
    } else {
      const union = new Map(eA);
      for (const [k, e] of eB) {
        const ea = union.get(k);
        if (!ea || e.mean > ea.mean) union.set(k, { ...e, heads: e.heads, other: ea || null }); // heads: a getter of sumEdges'
      }
      const nodes = new Map(nA);
      for (const [k, x] of nB) if (!nodes.has(k) || x.value > nodes.get(k).value) nodes.set(k, x);
      panels = [{ model: `${state.model} and ${state.cmp}`, nodes, edges: union, edgeClass, nodeClass }];
    }
  }
  if (state.topk > 0) for (const p of panels) p.edges = topKPerToken(p.edges, state.topk);
  let hiddenEdges = 0;
  if (state.hideSpecial) {
    for (const p of panels) {
      const before = p.edges.size;
      if (mode === 'change') {
        // No start to walk from: keep the edges between ordinary tokens and the tokens they touch.
        p.edges = new Map([...p.edges].filter(([, e]) => !special[e.fromPos] && !special[e.toPos]));
        p.nodes = new Map([...p.nodes].filter(([, x]) => !special[x.pos]));
      } else {
        ({ nodes: p.nodes, edges: p.edges } = withoutSpecial(p.nodes, p.edges, special, startNodes, backward));
      }
      hiddenEdges += before - p.edges.size;
    }
  }
  return { mode, panels, hiddenEdges };
}
