// The head graph view (GET /api/heads/graph): every head of the built models as a node of a force layout (Cytoscape's
// cose), coloured by community or by model, sized by corpus importance (GET /api/models/{m}/heads/importance), its
// Kovaleva pattern shown on hover; SIMILAR edges grey, and a dashed line from each head of a base model to the same
// head of the models fine-tuned from it (head-graph-elements.js). Clicking a head opens it in the head view and
// filters the trace to it, on a sentence that head's model holds. Hook: views.js draws it in the "Head graph" tab.
import { api } from './api.js';
import { app, state } from './app.js';
import { $, setStatus } from './dom.js';
import { elements } from './head-graph-elements.js';

async function importanceOf(models, corpus) {
  const out = {};
  await Promise.all(models.map(async (m) => {
    try {
      const r = await api.corpusImportance(m, state.tau, corpus || undefined);
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
  const importance = await importanceOf(view.models, view.corpus);
  if (app.cyHeads) app.cyHeads.destroy();
  const cy = cytoscape({
    container: $('head-graph'),
    elements: elements(view, importance, by, app.models),
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
  cy.on('tap', 'node', async (e) => {
    const d = e.target.data();
    try {
      await sentenceHeldBy(d.model, view.corpus);
    } catch (err) {
      setStatus($('hg-hover'), 'error', err.message);
      return;
    }
    onHead(d.model, d.layer, d.head);
  });
  setStatus($('hg-status'), 'ok', `${view.heads.length} heads of ${view.models.join(' + ')}, ${view.edges.length} SIMILAR edges (k=${view.k}), ${view.communities} communities, modularity ${view.modularity.toFixed(3)}`);
}

/**
 * Keeps the chosen sentence when `model` holds it, else chooses the first sentence of the head graph's corpus that
 * `model` holds (a base/fine-tune graph is often built over a corpus the other models never read), so that the head
 * view has a matrix to draw.
 */
async function sentenceHeldBy(model, corpus) {
  if (state.sid) {
    const s = await api.sentence(state.sid).catch(() => null);
    if (s && (s.models || []).includes(model)) return;
  }
  const page = await api.sentences({ model, corpus: corpus || undefined, limit: 1 });
  if (!page.items.length) throw new Error(`${model} holds no sentence${corpus ? ` of corpus ${corpus}` : ''}`);
  Object.assign(state, { sid: page.items[0].id, layer: null, tokens: [], tauAuto: true });
}
