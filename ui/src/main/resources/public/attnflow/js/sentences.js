// The Sentences panel: the stored sentences one page at a time, search, and ingesting a new sentence (which says
// which words the tokenizer could not represent).
import { api } from './api.js';
import { app, state, model } from './app.js';
import { $, setStatus, busy } from './dom.js';
import { writeState } from './state.js';
import { tokensOf, sentenceOf } from './tracing.js';
import { renderSentenceInfo } from './predictions.js';
import { showTab } from './views.js';

export const page = { offset: 0, limit: 20, total: null, items: [] };

export async function loadSentences() {
  const status = $('sentence-status');
  setStatus(status, 'loading', 'Loading sentences…');
  try {
    const res = await api.sentences({ q: state.q, model: state.model, limit: page.limit, offset: page.offset });
    Object.assign(page, { items: res.items, total: res.total });
    renderSentences();
    setStatus(status, res.items.length ? '' : 'empty',
      res.items.length ? '' : state.q ? `No stored sentence matches "${state.q}".`
        : 'No sentences stored yet: type one under "New sentence", or run "attnflow demo".');
  } catch (e) {
    page.items = [];
    renderSentences();
    setStatus(status, 'error', e.message);
  }
}

function renderSentences() {
  const ul = $('sentences');
  ul.innerHTML = '';
  for (const s of page.items) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sentence';
    b.dataset.sid = s.id;
    if (s.id === state.sid) b.classList.add('current');
    const span = document.createElement('span');
    span.textContent = s.textB ? `${s.text} ‖ ${s.textB}` : s.text;
    b.appendChild(span);
    if (s.label) {
      const lab = document.createElement('small');
      lab.className = 'gold';
      lab.textContent = `gold: ${s.label}`;
      b.appendChild(lab);
    }
    if (s.corpus) b.title = `corpus ${s.corpus}${s.label ? `, gold label ${s.label}` : ''}`;
    b.addEventListener('click', () => chooseSentence(s.id));
    li.appendChild(b);
    ul.appendChild(li);
  }
  const { offset, limit, total, items } = page;
  $('prev-page').disabled = offset === 0;
  $('next-page').disabled = offset + limit >= total;
  $('page-info').textContent = items.length ? `${offset + 1}–${offset + items.length} of ${total}` : '';
  showSentenceInfo();
}

/** The chosen sentence's corpus, gold label and the shown models' predictions (where the server stores them). */
export function showSentenceInfo() {
  const sid = state.sid;
  const draw = (detail) => {
    if (sid !== state.sid) return;
    if (detail) app.sentence = detail; // the stored record, for titles when the sentence is not on this page
    const mine = app.tracedSid === sid; // the traces loaded are of this sentence
    const shown = [{ model: state.model, trace: mine ? app.traceA : null }];
    if (state.cmp) shown.push({ model: state.cmp, trace: mine ? app.traceB : null });
    renderSentenceInfo($('sentence-info'), { sentence: page.items.find((x) => x.id === sid), detail, shown,
      labelsOf: (m) => model(m)?.labels });
  };
  draw(null);
  if (sid) sentenceOf(sid).then(draw);
}

export function markCurrentSentence() {
  for (const b of document.querySelectorAll('.sentence')) b.classList.toggle('current', b.dataset.sid === state.sid);
  showSentenceInfo();
}

export function chooseSentence(sid) {
  state.sid = sid;
  state.layer = null;
  state.tokens = [];
  state.tauAuto = true;
  markCurrentSentence();
  showTab('trace');
}

/** The words of `text` that became [UNK]: the tokens' offsets count code points (not UTF-16 units) of the text. */
function unknownWords(tokens, text, textB) {
  const out = [];
  const chars = [Array.from(text), Array.from(textB || '')];
  for (const t of tokens || []) {
    if (t.text !== '[UNK]') continue;
    const src = t.type === 1 && textB ? chars[1] : chars[0];
    out.push(t.end > t.start ? src.slice(t.start, t.end).join('') : '?');
  }
  return out;
}

export function bindIngest() {
  $('ingest-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy($('ingest-submit'), async () => {
      const text = $('ingest-text').value.trim();
      const textB = $('ingest-text-b').value.trim();
      const st = $('ingest-status');
      if (!text) { setStatus(st, 'error', 'Type a sentence first.'); return; }
      setStatus(st, 'loading', `Ingesting with ${state.model}${state.cmp ? ` and ${state.cmp}` : ''}…`);
      try {
        const res = await api.ingest(state.model, text, textB || null);
        if (state.cmp) await api.ingest(state.cmp, text, textB || null);
        const unk = unknownWords(await tokensOf(state.model, res.sid), text, textB);
        const notes = [`Ingested (${res.n} tokens).`];
        if (res.truncated) notes.push(`Cut to ${res.n} tokens: the model reads no more.`);
        if (unk.length) notes.push(`${unk.length} word(s) became [UNK], the model cannot represent them: ${unk.join(' ')}`);
        setStatus(st, unk.length || res.truncated ? 'warn' : 'ok', notes.join(' '));
        state.q = '';
        $('search').value = '';
        page.offset = 0;
        await loadSentences();
        chooseSentence(res.sid);
      } catch (e) {
        setStatus(st, 'error', e.message);
      }
    });
  });
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.q = $('search').value.trim();
    page.offset = 0;
    writeState(state);
    busy($('search-submit'), loadSentences);
  });
  $('prev-page').addEventListener('click', () => { page.offset = Math.max(0, page.offset - page.limit); loadSentences(); });
  $('next-page').addEventListener('click', () => { page.offset += page.limit; loadSentences(); });
  app.page = page;
}
