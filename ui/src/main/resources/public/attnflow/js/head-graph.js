// The head graph view (GET /api/heads/graph): every head of the built models as a node of a force layout (Cytoscape's
// cose), coloured by community or by model, sized by corpus importance (GET /api/models/{m}/heads/importance), its
// Kovaleva pattern shown on hover; SIMILAR edges grey, and with two or more models a dashed line from each head of
// the first (base) model to the same head of the others. Clicking a head opens it in the head view and filters the
// trace to it. Hook: views.js draws it in the "Head graph" tab.
import { api } from './api.js';
import { app, state } from './app.js';
import { $, setStatus } from './dom.js';

const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4',
  '#b2df8a', '#fb9a99', '#cab2d6', '#6a3d9a', '#ff7f00', '#33a02c', '#b15928', '#8dd3c7'];
const colour = (i) => PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
const id = (m, l, h) => `${m}|${l}|${h}`;

/** Cytoscape elements of a HeadGraphView, with importance {model: {"l:h": mean}} and the colouring key. */
export function elements(view, importance, by) {
  const models = view.models.length ? view.models : [...new Set(view.heads.map((h) => h.model))];
  const max = Math.max(1e-9, ...Object.values(importance).flatMap((m) => Object.values(m)));
  const nodes = view.heads.map((h) => {
    const imp = (importance[h.model] || {})[`${h.layer}:${h.head}`] || 0;
    return {
      group: 'nodes',
      data: {
        id: id(h.model, h.layer, h.head), model: h.model, layer: h.layer, head: h.head, pattern: h.pattern,
        community: h.community, importance: imp, size: 10 + 30 * Math.sqrt(imp / max),
        colour: by === 'model' ? colour(models.indexOf(h.model)) : colour(h.community),
        label: `${h.layer}-${h.head}`,
      },
    };
  });
  const have = new Set(nodes.map((n) => n.data.id));
  const edges = view.edges.map((e, k) => ({
    group: 'edges',
    data: { id: `s${k}`, source: id(e.modelA, e.layerA, e.headA), target: id(e.modelB, e.layerB, e.headB), js: e.js, cosine: e.cosine },
    classes: 'similar',
  }));
  const base = models[0];
  for (const other of models.slice(1)) {
    for (const h of view.heads.filter((x) => x.model === base)) {
      const target = id(other, h.layer, h.head);
      if (have.has(target)) {
        edges.push({ group: 'edges', data: { id: `c-${other}-${h.layer}-${h.head}`, source: id(base, h.layer, h.head), target }, classes: 'counterpart' });
      }
    }
  }
  return [...nodes, ...edges];
}

async function importanceOf(models) {
  const out = {};
  await Promise.all(models.map(async (m) => {
    try {
      const r = await api.corpusImportance(m, state.tau);
      out[m] = Object.fromEntries(r.heads.map((s) => [`${s.layer}:${s.head}`, s.mean]));
    } catch { out[m] = {}; }
  }));
  return out;
}

/** Draws the head graph into #head-graph; onHead(model, layer, head) when a head is clicked. */
export async function renderHeadGraph(onHead) {
  setStatus($('hg-status'), 'loading', 'Loading the head graph…');
  let view;
  try {
    view = await api.headGraph();
  } catch (e) {
    setStatus($('hg-status'), 'error', e.message);
    return;
  }
  if (!view.heads.length) {
    setStatus($('hg-status'), 'empty', 'No head graph yet: run "attnflow heads build --model M [--model M2]".');
    return;
  }
  const by = $('hg-colour').value;
  const importance = await importanceOf(view.models);
  if (app.cyHeads) app.cyHeads.destroy();
  const cy = cytoscape({
    container: $('head-graph'),
    elements: elements(view, importance, by),
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 40 },
    style: [
      { selector: 'node', style: { width: 'data(size)', height: 'data(size)', 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 7, color: '#333' } },
      { selector: 'edge.similar', style: { width: 1, 'line-color': '#bbb', opacity: 0.6 } },
      { selector: 'edge.counterpart', style: { width: 1, 'line-color': '#555', 'line-style': 'dashed', opacity: 0.5 } },
    ],
  });
  app.cyHeads = cy;
  cy.on('mouseover', 'node', (e) => {
    const d = e.target.data();
    setStatus($('hg-hover'), 'hint', `${d.model} head ${d.layer}-${d.head}: ${d.pattern}, community ${d.community}, importance ${d.importance.toFixed(3)}`);
  });
  cy.on('tap', 'node', (e) => {
    const d = e.target.data();
    onHead(d.model, d.layer, d.head);
  });
  setStatus($('hg-status'), 'ok', `${view.heads.length} heads of ${view.models.join(' + ')}, ${view.edges.length} SIMILAR edges (k=${view.k}), ${view.communities} communities, modularity ${view.modularity.toFixed(3)}`);
}
