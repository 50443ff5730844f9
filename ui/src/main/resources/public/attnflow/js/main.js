// Wires the views together: state ⇄ URL, API calls, the graph(s), the head matrix, the strip and compare mode.
import { api, setToken, token } from './api.js';
import { readState, writeState } from './state.js';
import {
  shape, sumEdges, headEdges, nodeValues, tokenTexts, compareEdges, compareHeads, nodeKey, traceAtHigherTau,
} from './trace-model.js';
import { createGraph, drawTrace, setHideSpecial, afterRender, linkGraphs, COLORS } from './graph.js';
import { renderHeads } from './heads.js';
import { renderStrip, renderDiff } from './panels.js';
import { exportPng, exportSvg, exportJson } from './export.js';

const $ = (id) => document.getElementById(id);
const state = readState();

/** Test and benchmark hook: the graphs, the last traces, timings and a render counter. */
const app = {
  cy: null,
  cyB: null,
  state,
  models: [],
  traceA: null,
  traceB: null,
  tracedTau: null, // the τ of the traces shown
  perf: [],
  renders: 0,
  idle: false,
  error: null,
  lastExport: null,
  counts() {
    const c = (cy) => cy && ({ traceNodes: cy.nodes('.trace').length, nodes: cy.nodes().length, edges: cy.edges().length });
    return { a: c(this.cy), b: this.state.cmp && this.state.view === 'side' ? c(this.cyB) : null };
  },
};
window.attnflow = app;

const cache = { tokens: new Map(), behaviour: new Map() };
let sentencePage = { offset: 0, limit: 20, total: null, items: [] };
let seq = 0;
let tauInputAt = null; // when the current burst of τ slider moves began: the step time counts from there
let loaded = null; // what app.traceA/B were traced for: {key, tau}, so a τ increase can be derived from them

// ---------------------------------------------------------------- status

function overlay(kind, msg) {
  const o = $('overlay');
  if (!kind) { o.hidden = true; return; }
  o.hidden = false;
  o.className = `overlay ${kind}`;
  $('overlay-msg').textContent = msg;
}

function setStatus(el, kind, msg) {
  el.className = `status ${kind || ''}`;
  el.textContent = msg || '';
}

const model = (id) => app.models.find((m) => m.id === id);
const floorOf = (m) => (m && Number.isFinite(m.floor) ? m.floor : 0.01);

// ---------------------------------------------------------------- models and sentences

async function loadModels() {
  app.models = await api.models();
  const opts = app.models.map((m) => `<option value="${escAttr(m.id)}">${escHtml(m.id)}</option>`).join('');
  $('model').innerHTML = opts;
  $('cmp').innerHTML = `<option value="">(none)</option>${opts}`;
  if (!model(state.model)) state.model = app.models[0]?.id || '';
  if (state.cmp && !model(state.cmp)) state.cmp = '';
  $('model').value = state.model;
  $('cmp').value = state.cmp;
  applyFloor();
}

function applyFloor() {
  const f = floorOf(model(state.model));
  const fb = state.cmp ? floorOf(model(state.cmp)) : f;
  const floor = Math.max(f, fb);
  $('tau').min = String(floor);
  if (state.tau < floor) state.tau = floor;
  $('tau').value = String(state.tau);
  $('tau-out').value = state.tau.toFixed(2);
  $('tau').title = `τ cannot go below the store floor ${floor}`;
}

async function loadSentences() {
  const status = $('sentence-status');
  setStatus(status, 'loading', 'Loading sentences…');
  try {
    const page = await api.sentences({ q: state.q, model: state.model, limit: sentencePage.limit, offset: sentencePage.offset });
    sentencePage = { ...sentencePage, ...page };
    renderSentences();
    setStatus(status, page.items.length ? '' : 'empty',
      page.items.length ? '' : state.q ? `No stored sentence matches "${state.q}".`
        : 'No sentences stored yet: type one under "New sentence", or run "attnflow demo".');
  } catch (e) {
    sentencePage.items = [];
    renderSentences();
    setStatus(status, 'error', e.message);
  }
}

function renderSentences() {
  const ul = $('sentences');
  ul.innerHTML = '';
  for (const s of sentencePage.items) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sentence';
    b.dataset.sid = s.id;
    if (s.id === state.sid) b.classList.add('current');
    const span = document.createElement('span');
    span.textContent = s.textB ? `${s.text} ‖ ${s.textB}` : s.text;
    b.appendChild(span);
    if (s.label || s.corpus) b.title = [s.corpus, s.label].filter(Boolean).join(' · ');
    b.addEventListener('click', () => chooseSentence(s.id));
    li.appendChild(b);
    ul.appendChild(li);
  }
  const { offset, limit, total, items } = sentencePage;
  $('prev-page').disabled = offset === 0;
  $('next-page').disabled = total != null ? offset + limit >= total : items.length < limit;
  $('page-info').textContent = items.length
    ? `${offset + 1}–${offset + items.length}${total != null ? ` of ${total}` : ''}` : '';
}

function markCurrentSentence() {
  for (const b of document.querySelectorAll('.sentence')) b.classList.toggle('current', b.dataset.sid === state.sid);
}

function chooseSentence(sid) {
  state.sid = sid;
  state.layer = null;
  state.tokens = [];
  markCurrentSentence();
  retrace({ fit: true });
}

// ---------------------------------------------------------------- tracing

function traceRequest() {
  return {
    direction: state.dir, tau: state.tau, alpha: state.alpha, fromLayer: state.layer, tokens: state.tokens,
    heads: state.heads,
  };
}

/** Everything a trace depends on except τ. */
function traceKey(req) {
  return JSON.stringify([state.model, state.cmp, state.sid, req.direction, req.fromLayer, req.tokens, req.heads, req.alpha]);
}

/**
 * The traces at a higher τ derived in the browser from the loaded ones (see traceAtHigherTau), or null when the
 * API must be asked: τ went down, or anything else changed since the loaded traces.
 */
function derivedTraces(req) {
  if (!loaded || !app.traceA || loaded.key !== traceKey(req) || !(req.tau > loaded.tau)) return null;
  const derive = (T, m) => {
    const { L, H } = shape(T, model(m));
    return traceAtHigherTau(T, req, L, H);
  };
  return [derive(app.traceA, state.model), app.traceB ? derive(app.traceB, state.cmp) : null, app.tokens];
}

async function tokensOf(m, sid) {
  const k = `${m}\u0000${sid}`;
  if (!cache.tokens.has(k)) {
    // Token texts make the graph readable for positions outside the trace; the trace's own nodes are the fallback.
    cache.tokens.set(k, api.tokens(m, sid).catch(() => null));
  }
  return cache.tokens.get(k);
}

async function behaviourOf(m, sid) {
  const k = `${m}\u0000${sid}`;
  if (!cache.behaviour.has(k)) {
    const p = api.headBehaviour(m, sid);
    cache.behaviour.set(k, p);
    p.catch(() => cache.behaviour.delete(k));
  }
  return cache.behaviour.get(k);
}

/** Fetches the trace(s) for the current state and draws them. Later calls supersede earlier ones. */
async function retrace({ fit = false, kind = 'trace' } = {}) {
  writeState(state);
  if (!state.model || !state.sid) return;
  const my = ++seq;
  app.idle = false;
  const t0 = performance.now();
  const slow = setTimeout(() => { if (my === seq) overlay('loading', 'Tracing…'); }, 150);
  try {
    const req = traceRequest();
    // Raising τ only removes edges: derive that trace locally and skip the API round trip (the slider stays quick).
    const local = kind === 'tau' ? derivedTraces(req) : null;
    const [a, b, toks] = local || await Promise.all([
      api.trace(state.model, state.sid, req),
      state.cmp ? api.trace(state.cmp, state.sid, req) : Promise.resolve(null),
      tokensOf(state.model, state.sid),
    ]);
    if (my !== seq) return;
    const t1 = performance.now();
    app.traceA = a;
    app.traceB = b;
    app.tokens = toks;
    loaded = { key: traceKey(req), tau: req.tau };
    app.tracedTau = req.tau;
    await render({ fit });
    const tr = performance.now();
    if (my !== seq) return;
    await Promise.all([afterRender(app.cy), state.cmp && state.view === 'side' ? afterRender(app.cyB) : null]);
    const t2 = performance.now();
    const sinceInput = kind === 'tau' && tauInputAt != null ? t2 - tauInputAt : null;
    if (kind === 'tau') tauInputAt = null;
    app.perf.push({ kind, derived: !!local, fetchMs: t1 - t0, renderMs: t2 - t1, paintMs: t2 - tr, ...app.lastSplit, totalMs: t2 - t0, sinceInputMs: sinceInput,
      ...app.counts().a, traceEdges: a.edges.length, n: app.traceA.influence?.length });
    performance.measure(`attnflow:${kind}`, { start: t0, end: t2 });
    app.error = null;
    overlay(a.nodes.length ? null : 'empty', 'This trace is empty: lower τ or choose other heads.');
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

// ---------------------------------------------------------------- rendering

function ensureGraphs() {
  const side = !!state.cmp && state.view === 'side';
  $('graph-wrap-b').hidden = !side;
  $('graph-title-a').hidden = !side;
  if (!app.cy) {
    app.cy = createGraph($('cy'), { onNodeTap: traceFrom, onHover: hover });
  }
  if (side && !app.cyB) {
    app.cyB = createGraph($('cy-b'), { onNodeTap: traceFrom, onHover: hover });
    linkGraphs(app.cy, app.cyB);
  }
  app.cy.resize();
  if (side) app.cyB.resize();
  return side;
}

let view = null; // what the hover needs: texts, compare classes

async function render({ fit }) {
  const A = app.traceA;
  const B = app.traceB;
  const mA = model(state.model);
  const { n, L, H } = shape(A, mA);
  const { text, special } = tokenTexts(n, app.tokens, A, B);
  // Panels first: they set the height left for the graph, which the preset layout fills.
  $('legend').hidden = !B;
  $('diff-panel').hidden = !B;
  renderStripPanel(text, special);
  const mp = performance.now();
  await renderHeadPanel(L, H);
  const panelsMs = performance.now() - mp;
  const side = ensureGraphs();
  const m0 = performance.now();
  const edgesA = state.perHead ? headEdges(A) : sumEdges(A, state.heads, H);
  const edgesB = B ? (state.perHead ? headEdges(B) : sumEdges(B, state.heads, H)) : null;
  const nodesA = nodeValues(A);
  const nodesB = B ? nodeValues(B) : null;
  const startLayer = state.layer ?? (state.dir === 'backward' ? L : 0);
  const startNodes = new Set((state.tokens.length ? state.tokens : [0]).map((p) => nodeKey(startLayer, p)));
  const cmp = B ? compareEdges(edgesA, edgesB, L) : null;
  const nodeCls = (l, p) => {
    if (!B) return null;
    const a = nodesA.has(nodeKey(l, p));
    const b = nodesB.has(nodeKey(l, p));
    return a && b ? null : a ? 'onlyA' : b ? 'onlyB' : null;
  };
  const m1 = performance.now();
  const common = { n, L, H, texts: text, special, perHead: state.perHead, startNodes, hideSpecial: state.hideSpecial, fit };
  view = { text, cmp, L };
  if (B && !side) {
    const union = new Map(edgesA);
    for (const [k, e] of edgesB) {
      const ea = union.get(k);
      if (!ea || e.mean > ea.mean) union.set(k, { ...e, other: ea || null });
    }
    const nodes = new Map(nodesA);
    for (const [k, x] of nodesB) if (!nodes.has(k) || x.value > nodes.get(k).value) nodes.set(k, x);
    app.drawn = drawTrace(app.cy, { ...common, nodes, edges: union, edgeClass: (k) => cmp.cls.get(k), nodeClass: nodeCls });
  } else {
    app.drawn = drawTrace(app.cy, { ...common, nodes: nodesA, edges: edgesA, edgeClass: B ? (k) => cmp.cls.get(k) : null,
      color: B ? COLORS.shared : null, nodeClass: B ? nodeCls : null });
    if (side) {
      drawTrace(app.cyB, { ...common, nodes: nodesB, edges: edgesB, edgeClass: (k) => cmp.cls.get(k),
        color: COLORS.shared, nodeClass: nodeCls });
      if (fit) app.cyB.viewport({ zoom: app.cy.zoom(), pan: app.cy.pan() });
    }
  }
  const m2 = performance.now();
  $('graph-title-a').textContent = `A: ${state.model}`;
  $('graph-title-b').textContent = `B: ${state.cmp}`;
  $('legend-a').textContent = state.model;
  $('legend-b').textContent = state.cmp;
  if (B) renderDiff($('diff'), cmp.perLayer, state.model, state.cmp);
  renderSummary(A, B, edgesA, edgesB, cmp, text, startLayer);
  app.lastSplit = { modelMs: m1 - m0, drawMs: m2 - m1, panelsMs: panelsMs + performance.now() - m2 };
}

function renderSummary(A, B, edgesA, edgesB, cmp, text, startLayer) {
  const from = (state.tokens.length ? state.tokens : [0]).map((p) => text[p]).join(', ');
  const what = `${state.dir === 'backward' ? 'Backward' : 'Forward'} trace from ${from} @ layer ${startLayer}, τ ${state.tau.toFixed(2)}`
    + `${state.heads.length ? `, ${state.heads.length} selected head(s)` : ''}`;
  const one = (m, T, E) => `${m}: ${T.nodes.length} nodes, ${T.edges.length} head edges (${E.size} token pairs)`;
  let s = `${what}. ${one(state.model, A, edgesA)}`;
  if (B) {
    const tot = cmp.perLayer.reduce((acc, r) => ({ s: acc.s + r.shared, u: acc.u + r.shared + r.onlyA + r.onlyB }), { s: 0, u: 0 });
    s += `; ${one(state.cmp, B, edgesB)}; shared ${tot.s}, Jaccard ${(tot.u ? tot.s / tot.u : 1).toFixed(2)}`;
  }
  if (app.drawn && app.drawn.drawn < app.drawn.total) {
    s += `. Drawing the strongest ${app.drawn.drawn} of ${app.drawn.total} edges: raise τ or choose heads to see all`;
  }
  $('summary').textContent = s;
}

function renderStripPanel(text, special) {
  const A = app.traceA;
  const B = app.traceB;
  const series = [
    { name: `influence${B ? ` ${state.model}` : ''}`, values: A.influence, color: B ? COLORS.onlyA : COLORS.node },
    { name: `rollout${B ? ` ${state.model}` : ''}`, values: A.rollout, color: B ? '#9fe3d6' : '#9db4d6' },
  ];
  if (B) {
    series.push({ name: `influence ${state.cmp}`, values: B.influence, color: COLORS.onlyB });
    series.push({ name: `rollout ${state.cmp}`, values: B.rollout, color: '#cfa6e0' });
  }
  const startPositions = new Set(state.layer === 0 ? state.tokens : []);
  renderStrip($('strip'), {
    texts: text, special, hideSpecial: state.hideSpecial, series, startPositions,
    onToken: (pos) => { state.dir = 'forward'; state.layer = 0; state.tokens = [pos]; $('dir').value = 'forward'; retrace(); },
  });
}

async function renderHeadPanel(L, H) {
  const status = $('heads-status');
  let values = app.traceA.headImportance;
  let classes = null;
  setStatus(status, '', '');
  if (app.traceB) classes = compareHeads(app.traceA.headImportance, app.traceB.headImportance);
  if (state.metric !== 'importance') {
    try {
      const rows = await behaviourOf(state.model, state.sid);
      values = Array.from({ length: L }, () => new Array(H).fill(null));
      for (const r of rows) if (values[r.layer - 1] && r.head < H) values[r.layer - 1][r.head] = r[state.metric];
    } catch (e) {
      setStatus(status, 'error', `Head behaviour unavailable: ${e.message}`);
    }
  }
  renderHeads($('heads'), {
    L, H, values, classes, metric: state.metric, selected: state.heads,
    onSelect: (sel) => { state.heads = sel; retrace({ kind: 'heads' }); },
    onLayer: (l) => { state.dir = 'backward'; state.layer = l; state.tokens = []; $('dir').value = 'backward'; retrace(); },
  });
  $('head-selection').textContent = state.heads.length
    ? `${state.heads.length} head(s): ${state.heads.slice(0, 6).map((h) => `${h.layer}:${h.head}`).join(', ')}${state.heads.length > 6 ? '…' : ''}`
    : 'All heads';
}

// ---------------------------------------------------------------- interaction

function traceFrom(layer, pos, add) {
  const L = shape(app.traceA, model(state.model)).L;
  let dir = $('dir').value;
  if (layer === 0) dir = 'forward';
  if (layer === L) dir = 'backward';
  const sameStart = state.layer === layer || (state.layer == null && layer === (state.dir === 'backward' ? L : 0));
  state.tokens = add && sameStart ? [...new Set([...(state.tokens.length ? state.tokens : [0]), pos])].sort((a, b) => a - b) : [pos];
  state.layer = layer;
  state.dir = dir;
  $('dir').value = dir;
  retrace({ kind: 'click' });
}

const tooltip = () => $('tooltip');

function hover(el, ev) {
  const tip = tooltip();
  if (!el || !view) { tip.hidden = true; return; }
  const t = view.text;
  let html;
  if (el.isNode()) {
    const v = el.data('value');
    html = `<b>${escHtml(t[el.data('pos')])}</b> · position ${el.data('pos')} · layer ${el.data('layer')}<br>`
      + (v == null ? 'not in this trace' : `flow value ${v.toFixed(4)}`);
  } else {
    const s = el.source().data();
    const d = el.data();
    const heads = d.heads.slice(0, 12).map(([h, w]) => `h${h} ${w.toFixed(3)}`).join(', ') + (d.heads.length > 12 ? ', …' : '');
    const cmpName = { shared: 'shared by both models', onlyA: `only in ${state.model}`, onlyB: `only in ${state.cmp}` }[d.cmp] || '';
    html = `layer ${d.layer}: <b>${escHtml(t[s.pos])}</b>@${s.layer} → <b>${escHtml(t[el.target().data('pos')])}</b>@${d.layer}<br>`
      + `head${d.heads.length > 1 ? 's' : ''} ${heads}<br>weight ${d.heads.length > 1 ? `sum ${d.sum.toFixed(3)}, mean ${d.mean.toFixed(3)}` : d.sum.toFixed(3)}`
      + (cmpName ? `<br>${escHtml(cmpName)}` : '');
  }
  tip.innerHTML = html;
  tip.hidden = false;
  const x = ev?.clientX ?? 0;
  const y = ev?.clientY ?? 0;
  tip.style.left = `${Math.min(x + 14, window.innerWidth - 340)}px`;
  tip.style.top = `${y + 14}px`;
}

function exportName() {
  return `attnflow-${state.model}${state.cmp ? `-vs-${state.cmp}` : ''}-${String(state.sid).slice(0, 10)}-tau${state.tau}`;
}

function bind() {
  $('model').addEventListener('change', async () => {
    state.model = $('model').value;
    state.heads = [];
    applyFloor();
    sentencePage.offset = 0;
    await loadSentences();
    if (!state.sid && sentencePage.items[0]) state.sid = sentencePage.items[0].id;
    retrace({ fit: true });
  });
  $('cmp').addEventListener('change', () => {
    state.cmp = $('cmp').value;
    $('view-field').hidden = !state.cmp;
    applyFloor();
    retrace({ fit: true, kind: 'compare' });
  });
  $('view').addEventListener('change', () => { state.view = $('view').value; retrace({ fit: true, kind: 'compare' }); });
  // A τ step traces at once; moves made while a trace is in flight collapse into one trace after it.
  let tauBusy = false;
  let tauAgain = false;
  const tauStep = async () => {
    if (tauBusy) { tauAgain = true; return; }
    tauBusy = true;
    try {
      await retrace({ kind: 'tau' });
    } finally {
      tauBusy = false;
      if (tauAgain) { tauAgain = false; tauStep(); }
    }
  };
  $('tau').addEventListener('input', () => {
    if (tauInputAt == null) tauInputAt = performance.now();
    state.tau = +$('tau').value;
    $('tau-out').value = state.tau.toFixed(2);
    tauStep();
  });
  $('alpha').addEventListener('change', () => {
    const a = +$('alpha').value;
    if (!(a > 0 && a <= 1)) { $('alpha').value = state.alpha; return; }
    state.alpha = a;
    retrace({ kind: 'alpha' });
  });
  $('dir').addEventListener('change', () => {
    state.dir = $('dir').value;
    const L = app.traceA ? shape(app.traceA, model(state.model)).L : null;
    // A backward trace from the inputs or a forward one from the top would be empty: start at the other end.
    if (state.dir === 'forward' && (state.layer == null || state.layer === L)) state.layer = 0;
    if (state.dir === 'backward' && (state.layer == null || state.layer === 0)) state.layer = null;
    retrace({ kind: 'direction' });
  });
  $('reset').addEventListener('click', () => {
    Object.assign(state, { dir: 'backward', layer: null, tokens: [], heads: [] });
    $('dir').value = 'backward';
    retrace();
  });
  $('per-head').addEventListener('change', () => { state.perHead = $('per-head').checked; retrace({ kind: 'per-head' }); });
  $('hide-special').addEventListener('change', () => {
    state.hideSpecial = $('hide-special').checked;
    setHideSpecial(app.cy, state.hideSpecial);
    if (app.cyB) setHideSpecial(app.cyB, state.hideSpecial);
    if (app.traceA) renderStripPanel(...Object.values(tokenTexts(shape(app.traceA).n, app.tokens, app.traceA, app.traceB)));
    writeState(state);
  });
  $('metric').addEventListener('change', async () => {
    state.metric = $('metric').value;
    writeState(state);
    if (app.traceA) {
      const { L, H } = shape(app.traceA, model(state.model));
      await renderHeadPanel(L, H);
    }
  });
  $('clear-heads').addEventListener('click', () => { state.heads = []; retrace({ kind: 'heads' }); });
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.q = $('search').value.trim();
    sentencePage.offset = 0;
    writeState(state);
    loadSentences();
  });
  $('prev-page').addEventListener('click', () => { sentencePage.offset = Math.max(0, sentencePage.offset - sentencePage.limit); loadSentences(); });
  $('next-page').addEventListener('click', () => { sentencePage.offset += sentencePage.limit; loadSentences(); });
  $('ingest-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = $('ingest-text').value.trim();
    const textB = $('ingest-text-b').value.trim();
    const st = $('ingest-status');
    if (!text) { setStatus(st, 'error', 'Type a sentence first.'); return; }
    setStatus(st, 'loading', `Ingesting with ${state.model}${state.cmp ? ` and ${state.cmp}` : ''}…`);
    try {
      const res = await api.ingest(state.model, text, textB || null);
      if (state.cmp) await api.ingest(state.cmp, text, textB || null);
      const sid = res?.id || res?.sid || res?.sentence?.id;
      setStatus(st, 'ok', 'Ingested.');
      state.q = '';
      $('search').value = '';
      sentencePage.offset = 0;
      await loadSentences();
      if (sid) chooseSentence(sid);
    } catch (e) {
      setStatus(st, 'error', e.message);
    }
  });
  $('token').value = token();
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken($('token').value.trim());
    start();
  });
  $('export-png').addEventListener('click', async () => {
    const blob = await exportPng(app.cy, exportName());
    const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
    app.lastExport = { type: 'png', size: blob.size, magic: Array.from(head) };
  });
  $('export-svg').addEventListener('click', () => {
    const svg = exportSvg(app.cy, exportName());
    app.lastExport = { type: 'svg', size: svg.length, lines: (svg.match(/<line /g) || []).length };
  });
  $('export-json').addEventListener('click', () => {
    const data = app.traceB
      ? { request: traceRequest(), a: { model: state.model, sid: state.sid, trace: app.traceA }, b: { model: state.cmp, sid: state.sid, trace: app.traceB } }
      : app.traceA;
    const json = exportJson(data, exportName());
    app.lastExport = { type: 'json', size: json.length };
  });
  window.addEventListener('resize', () => { app.cy?.resize(); app.cyB?.resize(); });
  // The graph's box also changes when panels around it grow or shrink: keep Cytoscape's canvas in step.
  if (window.ResizeObserver) {
    new ResizeObserver(() => { app.cy?.resize(); app.cyB?.resize(); }).observe($('cy'));
  }
}

function syncControls() {
  $('tau').value = String(state.tau);
  $('tau-out').value = state.tau.toFixed(2);
  $('alpha').value = String(state.alpha);
  $('dir').value = state.dir;
  $('per-head').checked = state.perHead;
  $('hide-special').checked = state.hideSpecial;
  $('metric').value = state.metric;
  $('view').value = state.view;
  $('view-field').hidden = !state.cmp;
  $('search').value = state.q;
}

async function start() {
  app.idle = false;
  overlay('loading', 'Loading models…');
  try {
    await loadModels();
  } catch (e) {
    app.error = e.message;
    app.idle = true;
    overlay('error', e.message);
    return;
  }
  if (!app.models.length) {
    app.idle = true;
    overlay('empty', 'No model has been ingested yet. Run "attnflow demo", or "attnflow ingest --model … --corpus FILE".');
    return;
  }
  syncControls();
  await loadSentences();
  if (!state.sid && sentencePage.items[0]) state.sid = sentencePage.items[0].id;
  markCurrentSentence();
  if (!state.sid) {
    app.idle = true;
    overlay('empty', 'No sentence is stored yet: type one under "New sentence" to ingest it.');
    return;
  }
  await retrace({ fit: true, kind: 'first' });
}

function escHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
const escAttr = escHtml;

bind();
syncControls();
start();
