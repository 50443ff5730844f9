// Starts the page: models, the sentence list, the first trace. The modules: app.js (state and test hook),
// tracing.js (data), render.js (drawing), controls.js / interaction.js / sentences.js (input).
import { api } from './api.js';
import { app, state, model } from './app.js';
import { $, overlay, escHtml } from './dom.js';
import { loadSentences, page, markCurrentSentence, bindIngest } from './sentences.js';
import { showTab, bindTabs } from './views.js';
import { bindControls, syncControls } from './controls.js';
import { COMPARE_VIEWS } from './scene.js';

async function loadModels() {
  app.models = await api.models();
  const opts = app.models.map((m) => `<option value="${escHtml(m.id)}">${escHtml(m.id)}</option>`).join('');
  $('model').innerHTML = opts;
  $('cmp').innerHTML = `<option value="">(none)</option>${opts}`;
  // Without a model in the URL, a fine-tune (fineTunedFrom) opens compared with its base: base = A, tuned = B.
  const tuned = app.models.find((m) => m.fineTunedFrom && m.id.endsWith('@final') && model(m.fineTunedFrom.model));
  if (!state.model && !state.cmp && tuned) [state.model, state.cmp] = [tuned.fineTunedFrom.model, tuned.id];
  if (!model(state.model)) state.model = app.models[0]?.id || '';
  if (state.cmp && !model(state.cmp)) state.cmp = '';
  $('model').value = state.model;
  $('cmp').value = state.cmp;
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
  if (!state.sid && page.items[0]) state.sid = page.items[0].id;
  markCurrentSentence();
  if (!state.sid) {
    app.idle = true;
    overlay('empty', 'No sentence is stored yet: type one under "New sentence" to ingest it.');
    return;
  }
  await showTab('first');
}

$('view').innerHTML = Object.entries(COMPARE_VIEWS).map(([k, v]) => `<option value="${k}">${escHtml(v)}</option>`).join('');
bindControls(start);
bindTabs();
bindIngest();
syncControls();
start();
