// The controls above and beside the graph: models, compare view, layout, α, direction, heads, exports, token.
import { app, state, model } from './app.js';
import { $, busy } from './dom.js';
import { writeState } from './state.js';
import { setToken, token } from './api.js';
import { retrace } from './tracing.js';
import { showTab } from './views.js';
import { loadSentences, page } from './sentences.js';
import { bindTau, syncTauSlider } from './tau-control.js';
import { render } from './render.js';
import { renderHeadPanel } from './head-panel.js';
import { shape } from './trace-model.js';
import { exportPng, exportSvg, exportJson } from './export.js';
import { bindGraphKeys } from './interaction.js';

/** Redraws without fetching: for options that change only the picture. */
async function redraw() {
  writeState(state);
  if (app.traceA) await render({ fit: false });
}

export function bindControls(restart) {
  $('model').addEventListener('change', async () => {
    state.model = $('model').value;
    state.heads = [];
    state.tauAuto = true;
    page.offset = 0;
    await loadSentences();
    if (!state.sid && page.items[0]) state.sid = page.items[0].id;
    showTab('model');
  });
  $('cmp').addEventListener('change', () => {
    state.cmp = $('cmp').value;
    $('view-field').hidden = !state.cmp;
    showTab('compare');
  });
  $('view').addEventListener('change', () => { state.view = $('view').value; retrace({ fit: true, kind: 'compare' }); });
  for (const b of document.querySelectorAll('#layout button')) {
    b.addEventListener('click', () => {
      state.layout = b.dataset.layout;
      syncLayoutButtons();
      redraw();
    });
  }
  bindTau();
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
  $('per-head').addEventListener('change', () => { state.perHead = $('per-head').checked; redraw(); });
  $('hide-special').addEventListener('change', () => { state.hideSpecial = $('hide-special').checked; redraw(); });
  $('topk').addEventListener('change', () => { state.topk = +$('topk').value; redraw(); });
  const headsOnly = async () => {
    writeState(state);
    if (app.traceA) await renderHeadPanel(...Object.values(shape(app.traceA, model(state.model))).slice(1));
  };
  $('metric').addEventListener('change', () => { state.metric = $('metric').value; headsOnly(); });
  $('norm').addEventListener('change', () => { state.norm = $('norm').value; headsOnly(); });
  $('clear-heads').addEventListener('click', () => { state.heads = []; retrace({ kind: 'heads' }); });
  $('token').value = token();
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken($('token').value.trim());
    restart();
  });
  $('export-png').addEventListener('click', () => busy($('export-png'), exportPng));
  $('export-svg').addEventListener('click', () => busy($('export-svg'), exportSvg));
  $('export-json').addEventListener('click', () => busy($('export-json'), exportJson));
  bindGraphKeys($('graphs'));
  let resizeTimer = null;
  const resized = () => {
    clearTimeout(resizeTimer);
    // Both views are sized to their box: redraw (and fit) once the box settles.
    resizeTimer = setTimeout(() => (state.layout === 'rings' ? redraw() : [app.graphA, app.graphB].forEach((g) => g?.resize())), 120);
  };
  window.addEventListener('resize', resized);
  if (window.ResizeObserver) new ResizeObserver(resized).observe($('graphs'));
}

function syncLayoutButtons() {
  for (const b of document.querySelectorAll('#layout button')) b.setAttribute('aria-pressed', String(b.dataset.layout === state.layout));
}

export function syncControls() {
  syncTauSlider();
  $('alpha').value = String(state.alpha);
  $('dir').value = state.dir;
  $('per-head').checked = state.perHead;
  $('hide-special').checked = state.hideSpecial;
  $('topk').value = String(state.topk);
  $('metric').value = state.metric;
  $('norm').value = state.norm;
  $('view').value = state.view;
  $('view-field').hidden = !state.cmp;
  $('search').value = state.q;
  syncLayoutButtons();
}
