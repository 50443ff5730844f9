// The head graph's Cytoscape elements (pure, so that node's test runner checks them without a browser): one node per
// head, the SIMILAR edges, and the counterpart lines from each head of a base model to the same head of every model
// of the graph fine-tuned from it (StoredModel.fineTunedFrom); the models in no such pair are paired with the graph's
// first model. Drawn by head-graph.js.

export const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4',
  '#b2df8a', '#fb9a99', '#cab2d6', '#6a3d9a', '#ff7f00', '#33a02c', '#b15928', '#8dd3c7'];
export const colour = (i) => PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
export const headId = (m, l, h) => `${m}|${l}|${h}`;

/** The graph's models, in build order (from the heads when the view names none). */
export function modelsOf(view) {
  return view.models.length ? view.models : [...new Set(view.heads.map((h) => h.model))];
}

/**
 * [[base, other]] pairs that get counterpart lines: each model of the graph fine-tuned from another model of the
 * graph is paired with that base; the models in no such pair with the first model. `stored` is /api/models' [StoredModel].
 */
export function counterpartPairs(models, stored) {
  const inGraph = new Set(models);
  const baseOf = (m) => (stored || []).find((s) => s.id === m)?.fineTunedFrom?.model;
  const pairs = [];
  for (const m of models) {
    const base = baseOf(m);
    if (base && inGraph.has(base) && base !== m) pairs.push([base, m]);
  }
  const linked = new Set(pairs.flat());
  for (const m of models.slice(1)) if (!linked.has(m)) pairs.push([models[0], m]);
  return pairs;
}

/**
 * Cytoscape elements of a HeadGraphView, with importance {model: {"l:h": mean}}, the colouring key ('community' or
 * 'model') and the stored models (for fineTunedFrom).
 */
export function elements(view, importance, by, stored) {
  const models = modelsOf(view);
  const max = Math.max(1e-9, ...Object.values(importance).flatMap((m) => Object.values(m)));
  const nodes = view.heads.map((h) => {
    const imp = (importance[h.model] || {})[`${h.layer}:${h.head}`] || 0;
    return {
      group: 'nodes',
      data: {
        id: headId(h.model, h.layer, h.head), model: h.model, layer: h.layer, head: h.head, pattern: h.pattern,
        community: h.community, importance: imp, size: 10 + 30 * Math.sqrt(imp / max),
        colour: by === 'model' ? colour(models.indexOf(h.model)) : colour(h.community),
        label: `${h.layer}-${h.head}`,
      },
    };
  });
  const have = new Set(nodes.map((n) => n.data.id));
  const edges = view.edges.map((e, k) => ({
    group: 'edges',
    data: { id: `s${k}`, source: headId(e.modelA, e.layerA, e.headA), target: headId(e.modelB, e.layerB, e.headB), js: e.js, cosine: e.cosine },
    classes: 'similar',
  }));
  for (const [base, other] of counterpartPairs(models, stored)) {
    for (const h of view.heads.filter((x) => x.model === base)) {
      const target = headId(other, h.layer, h.head);
      if (have.has(target)) {
        edges.push({ group: 'edges', data: { id: `c-${other}-${h.layer}-${h.head}`, source: headId(base, h.layer, h.head), target }, classes: 'counterpart' });
      }
    }
  }
  return [...nodes, ...edges];
}
