// The tabs: the trace (layered or Token Rings), BertViz's head and model views, and the corpus.
import { state } from './app.js';
import { $ } from './dom.js';
import { writeState } from './state.js';
import { retrace } from './tracing.js';
import { renderHeadView, renderModelView } from './bertviz.js';
import { renderCorpus } from './corpus.js';
import { chooseSentence } from './sentences.js';
import { renderHeadGraph } from './head-graph.js';

const TABS = ['trace', 'head', 'model', 'corpus', 'heads'];

/** Shows state.tab and draws it. */
export async function showTab(kind) {
  for (const t of TABS) {
    $(`tab-${t}`).hidden = t !== state.tab;
    document.querySelector(`.tabs [data-tab="${t}"]`).setAttribute('aria-selected', String(t === state.tab));
  }
  // The Heads panel belongs to the trace: the other views have their own heads.
  document.querySelector('.rightbar').hidden = state.tab !== 'trace';
  document.querySelector('.layout').classList.toggle('no-right', state.tab !== 'trace');
  writeState(state);
  if (state.tab === 'heads') { await renderHeadGraph(openGraphHead); return; }
  if (!state.model || !state.sid) return;
  if (state.tab === 'trace') await retrace({ fit: true, kind: kind || 'tab' });
  else if (state.tab === 'head') await renderHeadView();
  else if (state.tab === 'model') await renderModelView(openHead);
  else await renderCorpus({ onOpen: openSentence, onHead: traceHead });
}

function openHead(layer, head) {
  Object.assign(state, { tab: 'head', hvLayer: layer, hvHead: head });
  showTab();
}

/** A head of the head graph: its model becomes the shown one, the trace keeps only it, the head view opens. */
function openGraphHead(m, layer, head) {
  Object.assign(state, { model: m, tab: 'head', hvLayer: layer, hvHead: head, heads: [{ layer, head }] });
  const select = $('model');
  if (select) select.value = m;
  showTab();
}

function openSentence(sid) {
  state.tab = 'trace';
  chooseSentence(sid);
}

function traceHead(layer, head) {
  Object.assign(state, { tab: 'trace', heads: [{ layer, head }] });
  showTab();
}

export function bindTabs() {
  for (const b of document.querySelectorAll('.tabs [data-tab]')) {
    b.addEventListener('click', () => { state.tab = b.dataset.tab; showTab(); });
  }
  $('hg-colour').addEventListener('change', () => { if (state.tab === 'heads') showTab(); });
  $('hv-layer').addEventListener('change', () => { state.hvLayer = +$('hv-layer').value; writeState(state); renderHeadView(); });
  $('hv-head').addEventListener('change', () => {
    const v = $('hv-head').value;
    state.hvHead = v === 'all' ? 'all' : +v;
    writeState(state);
    renderHeadView();
  });
}
