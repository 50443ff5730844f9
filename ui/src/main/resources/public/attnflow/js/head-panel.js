// The Heads panel: what the L×H matrix is coloured by (trace importance per layer or global, a Clark behaviour, or in
// compare mode the server's per-head change), its scale, and the per-layer change bars of compare mode.
import { app, state } from './app.js';
import { $, setStatus } from './dom.js';
import { renderHeads, mix } from './heads.js';
import { headGrid, change } from './compare-model.js';
import { COLORS } from './style.js';
import { behaviourOf, retrace } from './tracing.js';

export const METRICS = {
  importance: 'head importance (this trace)',
  change: 'change A→B: 1 − cosine of the attention matrices (server)',
  cls: 'attention to [CLS]', sep: 'attention to [SEP]', punct: 'attention to punctuation', self: 'attention to self',
  prev: 'attention to the previous token', next: 'attention to the next token', entropy: 'row entropy (nats)',
};

/** The metric shown: in compare mode trace importance gives way to the per-head change. */
export const shownMetric = () => (state.cmp && app.compare && state.metric === 'importance' ? 'change' : state.metric);

/** The colour of change between the models (1 − cosine), distinct from both models' own colours. */
const CHANGE_COLOR = '#c0392b';

const fmt = (v, d = 3) => (v == null ? 'n/a' : v.toFixed(d));

/** Per-layer or global maxima of an [L][H] grid, as a function (l, h) → the max its cell is scaled by. */
function scaleOf(values, perLayer) {
  const rowMax = values.map((row) => Math.max(0, ...row.filter((v) => v != null)));
  const all = Math.max(0, ...rowMax);
  return { at: (l) => (perLayer ? rowMax[l - 1] : all), all, rowMax };
}

function behaviourGrid(report, L, H, metric) {
  const g = Array.from({ length: L }, () => new Array(H).fill(null));
  for (const r of report.heads) if (g[r.layer - 1] && r.head < H) g[r.layer - 1][r.head] = r[metric];
  return g;
}

/** What the matrix's cells do: select heads, and a layer number traces backward from it. */
const matrixInput = () => ({
  selected: state.heads,
  onSelect: (sel) => { state.heads = sel; retrace({ kind: 'heads' }); },
  onLayer: (l) => { state.dir = 'backward'; state.layer = l; state.tokens = []; $('dir').value = 'backward'; retrace(); },
});

/**
 * Builds the matrix's L×H cells, blank, while a trace is on its way (when it has no cells of that shape yet), so that
 * the browser lays them out during the wait; renderHeadPanel then only colours them.
 */
export function prepareHeadPanel(L, H) {
  if (!$('heads').headCells || $('heads').headCells.length !== L * H) {
    renderHeads($('heads'), { L, H, cell: () => ({ tone: null, title: '', data: {} }), ...matrixInput() });
  }
}

export async function renderHeadPanel(L, H) {
  const status = $('heads-status');
  setStatus(status, '', '');
  const metric = shownMetric();
  let cell;
  let scaleText;
  if (metric === 'change') {
    const grid = headGrid(app.compare.result, L, H);
    const max = Math.max(1e-9, ...grid.flat().filter(Boolean).map((x) => change(x.cosine)));
    cell = (l, h) => {
      const x = grid[l - 1][h];
      if (!x) return { tone: null, title: `layer ${l}, head ${h}: not in both models`, data: {} };
      const c = change(x.cosine);
      return {
        tone: c / max, color: CHANGE_COLOR,
        title: `layer ${l}, head ${h}: change 1 − cosine ${fmt(c, 4)} (cosine ${fmt(x.cosine, 4)} ± ${fmt(x.cosineBound, 4)});`
          + ` edges above τ: ${x.shared} shared, ${x.onlyA} only-A, ${x.onlyB} only-B, Jaccard ${fmt(x.jaccard)}`
          + `${x.inTraceA !== x.inTraceB ? `; in the [CLS] trace of ${x.inTraceA ? 'A' : 'B'} only` : ''}`,
        data: { change: c, cosine: x.cosine, bound: x.cosineBound, jaccard: x.jaccard, shared: x.shared, onlyA: x.onlyA, onlyB: x.onlyB },
      };
    };
    scaleText = { lo: '0 (same attention)', hi: `${fmt(max, 4)} (most changed)`, color: CHANGE_COLOR };
  } else {
    let values = app.traceA.headImportance;
    if (metric !== 'importance') {
      try {
        values = behaviourGrid(await behaviourOf(state.model, state.sid), L, H, metric);
      } catch (e) {
        setStatus(status, 'error', `Head behaviour unavailable: ${e.message}`);
        values = Array.from({ length: L }, () => new Array(H).fill(null));
      }
    }
    const perLayer = state.norm === 'layer';
    const s = scaleOf(values, perLayer);
    cell = (l, h) => {
      const v = values[l - 1]?.[h];
      const m = s.at(l);
      return {
        tone: v == null ? null : m > 0 ? Math.max(0, v) / m : 0, color: COLORS.node,
        title: `layer ${l}, head ${h}: ${METRICS[metric]} ${fmt(v)}${perLayer ? ` (layer max ${fmt(m)})` : ''}`,
        data: { value: v ?? '' },
      };
    };
    scaleText = { lo: '0', hi: perLayer ? 'max of its layer' : `${fmt(s.all)} (max of all heads)`, color: COLORS.node };
  }
  renderHeads($('heads'), { L, H, cell, ...matrixInput() });
  renderScale($('heads-scale'), METRICS[metric], scaleText);
  $('norm-field').hidden = metric === 'change';
  $('head-selection').textContent = state.heads.length
    ? `${state.heads.length} head(s): ${state.heads.slice(0, 6).map((h) => `${h.layer}:${h.head}`).join(', ')}${state.heads.length > 6 ? '…' : ''}`
    : 'All heads';
}

function renderScale(root, name, { lo, hi, color }) {
  root.innerHTML = '';
  const title = document.createElement('div');
  title.textContent = `Colour: ${name}`;
  const bar = document.createElement('div');
  bar.className = 'scale-bar';
  for (let i = 0; i <= 10; i++) {
    const s = document.createElement('span');
    s.style.background = mix(color, 0.06 + 0.094 * i);
    bar.appendChild(s);
  }
  const ends = document.createElement('div');
  ends.className = 'scale-ends';
  const a = document.createElement('span');
  a.textContent = lo;
  const b = document.createElement('span');
  b.textContent = hi;
  ends.append(a, b);
  root.append(title, bar, ends);
}

/**
 * The server's per-layer change (LayerComparison): a bar of 1 − mean cosine of the layer's heads, and the layer's
 * edge Jaccard at τ with its shared / only-A / only-B counts in the tooltip.
 */
export function renderChangeBars(root, result, nameA, nameB) {
  root.innerHTML = '';
  if (!result) return;
  const max = Math.max(1e-9, ...result.layers.map((r) => change(r.meanCosine)));
  for (const r of [...result.layers].reverse()) {
    const c = change(r.meanCosine);
    const row = document.createElement('div');
    row.className = 'diff-row';
    row.dataset.layer = r.layer;
    row.dataset.change = c;
    row.dataset.jaccard = r.jaccard;
    row.title = `layer ${r.layer}: 1 − mean cosine ${c.toFixed(4)} (max bound ± ${r.maxCosineBound.toFixed(4)}); edges above τ:`
      + ` ${r.onlyA} only in ${nameA}, ${r.shared} shared, ${r.onlyB} only in ${nameB}, Jaccard ${r.jaccard.toFixed(2)}`;
    const lab = document.createElement('span');
    lab.className = 'diff-label';
    lab.textContent = `L${r.layer}`;
    const bar = document.createElement('span');
    bar.className = 'diff-bar';
    const seg = document.createElement('span');
    seg.style.width = `${(100 * c) / max}%`;
    seg.style.background = CHANGE_COLOR;
    bar.appendChild(seg);
    const v = document.createElement('span');
    v.className = 'diff-v';
    v.textContent = c.toFixed(4);
    const j = document.createElement('span');
    j.className = 'diff-j';
    j.textContent = `J ${r.jaccard.toFixed(2)}`;
    row.append(lab, bar, v, j);
    root.appendChild(row);
  }
}
