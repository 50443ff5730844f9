// The Corpus tab: head importance over the corpus, Clark et al. behaviour heat maps, and (with a compare model) the
// heads that changed most, all from existing endpoints. Behaviour cells open the sentences where the head does it
// most (read-only Cypher over the stored HeadStat nodes); sentences open in the trace view.
import { api } from './api.js';
import { state, model } from './app.js';
import { $, setStatus } from './dom.js';
import { renderHeads } from './heads.js';
import { COLORS } from './style.js';

const BEHAVIOURS = ['cls', 'sep', 'punct', 'self', 'prev', 'next', 'entropy'];
const NAMES = { cls: 'to [CLS]', sep: 'to [SEP]', punct: 'to punctuation', self: 'to self', prev: 'to previous', next: 'to next', entropy: 'entropy (nats)' };

/** Sentences of the model with the largest value of a behaviour metric in one head. */
const TOP_SENTENCES = `MATCH (st:HeadStat {model: $model, layer: $layer, head: $head})
MATCH (s:Sentence {id: st.sid})
RETURN s.id AS sid, s.text AS text, s.textB AS textB, s.label AS label, st[$metric] AS value
ORDER BY value DESC LIMIT 12`;

/** CypherResult rows as objects keyed by column. */
const records = (res) => res.rows.map((r) => Object.fromEntries(res.columns.map((c, i) => [c, r[i]])));

function grid(title, L, H, valueOf, color, onCell, describe) {
  const box = document.createElement('figure');
  box.className = 'corpus-grid';
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  const g = document.createElement('div');
  g.className = 'heads mini';
  let max = 0;
  for (let l = 1; l <= L; l++) for (let h = 0; h < H; h++) max = Math.max(max, valueOf(l, h) ?? 0);
  renderHeads(g, {
    L, H, selected: [], minCell: 8,
    cell: (l, h) => {
      const v = valueOf(l, h);
      return { tone: v == null ? null : max > 0 ? v / max : 0, color, title: `layer ${l}, head ${h}: ${describe(v)}`,
        data: { value: v ?? '' } };
    },
    onSelect: (sel) => { if (sel.length) onCell(sel[0].layer, sel[0].head); },
  });
  const key = document.createElement('div');
  key.className = 'scale-ends';
  key.textContent = `0 … ${max.toFixed(3)}`;
  box.append(cap, g, key);
  return box;
}

function sentenceList(title, rows, onOpen) {
  const root = $('corpus-sentences');
  root.innerHTML = '';
  const h = document.createElement('h3');
  h.textContent = title;
  const ul = document.createElement('ul');
  ul.className = 'sentence-list';
  for (const r of rows) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sentence';
    b.dataset.sid = r.sid;
    b.textContent = `${r.textB ? `${r.text} ‖ ${r.textB}` : r.text} — ${r.note}`;
    b.addEventListener('click', () => onOpen(r.sid));
    li.appendChild(b);
    ul.appendChild(li);
  }
  root.append(h, ul);
}

/** Renders the tab; onOpen(sid) shows a sentence's trace, onHead(layer, head) traces through one head. */
export async function renderCorpus({ onOpen, onHead }) {
  const m = model(state.model);
  const L = m?.layers || 12;
  const H = m?.heads || 12;
  const root = $('corpus-grids');
  const status = $('corpus-status');
  root.innerHTML = '';
  setStatus(status, 'loading', 'Reading the corpus…');
  try {
    const [imp, beh, cmp] = await Promise.all([
      api.corpusImportance(state.model, state.tau),
      api.corpusBehaviour(state.model),
      state.cmp ? api.compareCorpus(state.model, state.cmp, state.tau) : Promise.resolve(null),
    ]);
    const at = (list, l, h) => list.find((x) => x.layer === l && x.head === h);
    root.appendChild(grid(`Head importance over ${imp.sentences} sentences (mean per sentence, [CLS] trace at τ ${imp.tau})`, L, H,
      (l, h) => at(imp.heads, l, h)?.mean ?? null, COLORS.node, (l, h) => onHead(l, h),
      (v) => `mean importance ${v == null ? 'n/a' : v.toFixed(3)}; click: trace this sentence through the head`));
    for (const metric of BEHAVIOURS) {
      root.appendChild(grid(`Attention ${NAMES[metric]}`, L, H, (l, h) => at(beh.rows, l, h)?.[metric] ?? null, '#7d5ba6',
        async (l, h) => {
          const res = await api.cypher(TOP_SENTENCES, { model: state.model, layer: l, head: h, metric });
          sentenceList(`Sentences where layer ${l}, head ${h} attends most ${NAMES[metric]}`,
            records(res).map((r) => ({ ...r, note: `${metric} ${Number(r.value).toFixed(3)}` })), onOpen);
        },
        (v) => `${NAMES[metric]} ${v == null ? 'n/a' : v.toFixed(3)} (mean over the sentences); click: the sentences where it is highest`));
    }
    if (cmp) {
      root.prepend(grid(`Heads that changed most, ${cmp.modelA} → ${cmp.modelB}: 1 − mean cosine over ${cmp.sentences} sentences`, L, H,
        (l, h) => { const x = at(cmp.heads, l, h); return x ? 1 - x.meanCosine : null; }, '#c0392b',
        () => sentenceList(`Sentences where ${cmp.modelA} and ${cmp.modelB} differ most (mean cosine over heads)`,
          cmp.differing.map((d) => ({ ...d, note: `mean cosine ${d.meanCosine.toFixed(4)}, Jaccard ${d.jaccard.toFixed(2)}` })), onOpen),
        (v) => `1 − mean cosine ${v == null ? 'n/a' : v.toFixed(4)}; click: the sentences that differ most`));
    }
    setStatus(status, '', '');
  } catch (e) {
    setStatus(status, 'error', e.message);
  }
}
