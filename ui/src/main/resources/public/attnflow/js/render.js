// Draws the loaded data: the scene panels (layered graph or Token Rings), the legend, the summary line, the token
// strip, the head matrix and the per-layer compare bars.
import { app, state, model } from './app.js';
import { $ } from './dom.js';
import { shape, tokenTexts, nodeKey } from './trace-model.js';
import { MAX_DRAWN_EDGES } from './layered.js';
import { LayeredView, linkViews } from './layered-view.js';
import { drawRings, MAX_RING_EDGES } from './rings.js';
import { buildScenes } from './scene.js';
import { legendItems, renderLegend } from './legend.js';
import { renderStrip } from './panels.js';
import { renderHeadPanel, renderChangeBars, prepareHeadPanel } from './head-panel.js';
import { totals } from './compare-model.js';
import { COLORS } from './style.js';
import { hideTooltip, showTooltip, nodeTip, edgeTip } from './tooltip.js';
import { traceFrom, traceForwardFrom } from './interaction.js';
import { syncTauSlider } from './tau-control.js';
import { tokenPairs } from './tau-scale.js';
import { showSentenceInfo } from './sentences.js';

/** Start layer and positions of the current trace. */
export function startOf(L) {
  const layer = state.layer ?? (state.dir === 'backward' ? L : 0);
  const tokens = state.tokens.length ? state.tokens : [0];
  return { layer, tokens, keys: new Set(tokens.map((p) => nodeKey(layer, p))) };
}

function cmpName(cls) {
  return { shared: 'in both models', onlyA: `only in A (${state.model})`, onlyB: `only in B (${state.cmp})` }[cls] || '';
}

function layeredHover(info, rect) {
  if (!info || !app.view) { hideTooltip(); return; }
  if (info.node) showTooltip(nodeTip(app.view.text[info.node.pos], info.node), rect);
  else showTooltip(edgeTip(app.view.text, info.edge.e, cmpName(info.edge.cls)), rect);
}

function ringHover(info, target) {
  if (!info || !app.view) { hideTooltip(); return; }
  const rect = target.getBoundingClientRect();
  if (info.node) showTooltip(nodeTip(app.view.text[info.node.pos], info.node), rect, target.id);
  else showTooltip(edgeTip(app.view.text, info.edge, cmpName(info.cmp)), rect, target);
}

/** The layered view of panel a or b, created on first use. */
function ensureGraph(which) {
  const key = which === 'a' ? 'graphA' : 'graphB';
  if (!app[key]) {
    app[key] = new LayeredView($(which === 'a' ? 'layered' : 'layered-b'),
      { onNode: traceFrom, onHover: layeredHover, onViewport: () => hideTooltip() });
  }
  if (app.graphA && app.graphB && !app.linked) { linkViews(app.graphA, app.graphB); app.linked = true; }
  return app[key];
}

/** Draws everything for app.traceA/B and app.compare. */
export async function render({ fit }) {
  hideTooltip();
  const A = app.traceA;
  const B = app.traceB;
  const { n, L, H } = shape(A, model(state.model));
  const { text, special, marked } = tokenTexts(n, app.tokens, A, B);
  const start = startOf(L);
  app.view = { text, L };
  renderStripPanel(text, special, marked);
  showSentenceInfo();
  const mp = performance.now();
  await renderHeadPanel(L, H);
  renderChangeBars($('diff'), app.compare?.result, state.model, state.cmp);
  $('diff-panel').hidden = !B || !app.compare;
  const panelsMs = performance.now() - mp;
  const m0 = performance.now();
  const scenes = buildScenes({ A, B, compare: app.compare, state, L, H, special, startNodes: start.keys });
  app.scenes = scenes;
  const m1 = performance.now();
  const rings = state.layout === 'rings';
  const two = scenes.panels.length === 2;
  // Legend and summary first: they take their height before the graph fills what is left.
  const total = scenes.panels[0].edges.size;
  app.legend = legendItems({ mode: scenes.mode, perHead: state.perHead, H, nameA: state.model, nameB: state.cmp,
    drawn: Math.min(total, rings ? MAX_RING_EDGES : MAX_DRAWN_EDGES), total, hiddenEdges: scenes.hiddenEdges,
    topk: state.topk, marked: marked.some(Boolean) });
  renderLegend($('legend'), app.legend);
  renderSummary(A, B, start, text, L);
  $('graph-wrap-b').hidden = !two;
  $('graph-title-a').hidden = !two;
  for (const [i, which] of [[0, 'a'], [1, 'b']]) {
    const p = scenes.panels[i];
    const cyEl = $(which === 'a' ? 'layered' : 'layered-b');
    const ringEl = $(which === 'a' ? 'rings' : 'rings-b');
    cyEl.hidden = rings || !p;
    ringEl.hidden = !rings || !p;
    if (!p) continue;
    const common = { n, L, H, texts: text, special, marked, perHead: state.perHead, startNodes: start.keys, hideSpecial: state.hideSpecial,
      nodes: p.nodes, edges: p.edges, edgeClass: p.edgeClass, nodeClass: p.nodeClass, color: B ? COLORS.shared : null };
    let drawn;
    if (rings) {
      drawn = drawRings(ringEl, { ...common, dir: state.dir, fromLayer: start.layer, starts: start.tokens,
        onNode: traceFrom, onHover: ringHover });
    } else {
      drawn = ensureGraph(which).draw({ ...common, fit, backward: state.dir !== 'forward' });
    }
    if (i === 0) app.drawn = drawn;
  }
  if (two && !rings && fit) app.graphB.setViewport(app.graphA.vp, true);
  const m2 = performance.now();
  $('graph-title-a').textContent = `A: ${state.model}`;
  $('graph-title-b').textContent = `B: ${state.cmp}`;
  syncTauSlider();
  app.lastSplit = { modelMs: m1 - m0, drawMs: m2 - m1, panelsMs: panelsMs + performance.now() - m2 };
}

/** One line: what is traced, and how big it is; in compare mode the server's overall numbers. */
function renderSummary(A, B, start, text, L) {
  const from = start.tokens.map((p) => text[p]).join(', ');
  const dir = state.dir === 'backward' ? 'Backward' : 'Forward';
  const what = `${dir} trace from ${from} @ L${start.layer}, τ ${state.tau}`
    + `${state.heads.length ? `, ${state.heads.length} selected head(s)` : ''}`;
  const one = (m, T) => `${m}: ${T.nodes.length} nodes, ${T.edges.length} head edges (${tokenPairs(T)} token pairs)`;
  let s = `${what}. ${one(state.model, A)}`;
  if (B) s += `; ${one(state.cmp, B)}`;
  if (B && app.compare) {
    const t = totals(app.compare.result);
    s += `. Server comparison over all ${L} layers: ${t.shared} shared, ${t.onlyA} only-A, ${t.onlyB} only-B head edges,`
      + ` Jaccard ${t.jaccard.toFixed(3)}, mean cosine ${t.meanCosine.toFixed(4)}`;
  }
  $('summary').textContent = s;
  $('summary').dataset.jaccard = B && app.compare ? String(app.compare.result.jaccard) : '';
}

/**
 * While the trace of a sentence is on its way: builds the strip and the head matrix for it with stand-in values
 * (where they are not built yet), so that the browser lays them out during the wait rather than after it; render()
 * then fills them in. toks: the sentence's tokens (/tokens).
 */
export function prepare(toks) {
  const m = model(state.model);
  if (!toks?.length || !m) return;
  const n = toks.length;
  const { text, special, marked } = tokenTexts(n, toks);
  const flow = toks.every((t) => Number.isFinite(t.attentionFlow)) ? toks.map((t) => t.attentionFlow) : null;
  const like = { influence: new Array(n).fill(0), rollout: toks.map((t) => t.rollout ?? 0), attentionFlow: flow };
  renderStripPanel(text, special, marked, { A: like, B: state.cmp ? like : null, skeleton: true });
  prepareHeadPanel(m.layers, m.heads);
}

/** The strip of app.traceA and app.traceB (or, skeleton, of stand-ins with their shape: see prepare). */
export function renderStripPanel(text, special, marked, { A = app.traceA, B = app.traceB, skeleton = false } = {}) {
  const series = [
    { name: `influence${B ? ` ${state.model}` : ''}`, values: A.influence, color: B ? COLORS.onlyA : COLORS.node },
    { name: `rollout${B ? ` ${state.model}` : ''}`, values: A.rollout, color: B ? '#9fe3d6' : '#9db4d6' },
  ];
  // attention flow (max-flow), when ingest computed it (null above its length bound)
  if (A.attentionFlow) {
    series.push({ name: `attention flow (max-flow)${B ? ` ${state.model}` : ''}`, values: A.attentionFlow, color: '#e0b35a' });
  }
  if (B) {
    series.push({ name: `influence ${state.cmp}`, values: B.influence, color: COLORS.onlyB });
    series.push({ name: `rollout ${state.cmp}`, values: B.rollout, color: '#cfa6e0' });
    if (B.attentionFlow) {
      series.push({ name: `attention flow (max-flow) ${state.cmp}`, values: B.attentionFlow, color: '#c98f2e' });
    }
  }
  const key = $('strip-key');
  const names = JSON.stringify(series.map((s) => [s.name, s.color]));
  if (!skeleton && key.dataset.series !== names) {
    key.dataset.series = names;
    key.textContent = '';
    for (const s of series) {
      const sw = document.createElement('span');
      sw.className = 'key';
      sw.style.background = s.color;
      key.append(sw, ` ${s.name}  `);
    }
    key.append('; click a word to trace forward from it');
  }
  const startPositions = new Set(state.layer === 0 ? state.tokens : []);
  renderStrip($('strip'), {
    texts: text, special, marked, hideSpecial: state.hideSpecial, series, startPositions, onToken: traceForwardFrom, skeleton,
  });
}
