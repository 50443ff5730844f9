// The sentence strip (influence and rollout per input token) and the per-layer difference bars of compare mode.
import { COLORS } from './graph.js';

const norm = (arr) => {
  const m = Math.max(0, ...(arr || []).map((x) => Math.abs(x)));
  return (x) => (m > 0 ? Math.abs(x) / m : 0);
};

/**
 * series: [{name, values: number[], color}] (influence and rollout of A, and of B in compare mode).
 * onToken(pos) is called when a word is clicked (trace forward from it).
 */
export function renderStrip(root, { texts, special, hideSpecial, series, startPositions, onToken }) {
  root.innerHTML = '';
  const scales = series.map((s) => norm(s.values));
  texts.forEach((t, pos) => {
    if (hideSpecial && special[pos]) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tok';
    if (startPositions.has(pos)) b.classList.add('start');
    const bars = document.createElement('span');
    bars.className = 'bars';
    const tips = [];
    series.forEach((s, k) => {
      const v = s.values?.[pos] ?? 0;
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.height = `${Math.round(2 + 38 * scales[k](v))}px`;
      bar.style.background = s.color;
      bars.appendChild(bar);
      tips.push(`${s.name} ${Number(v).toFixed(4)}`);
    });
    const label = document.createElement('span');
    label.className = 'word';
    label.textContent = t;
    b.append(bars, label);
    b.title = `${t} (position ${pos}): ${tips.join(', ')}`;
    b.setAttribute('aria-label', `Trace forward from ${t}, position ${pos}. ${tips.join(', ')}`);
    b.addEventListener('click', () => onToken(pos));
    root.appendChild(b);
  });
}

/** Stacked per-layer bars: only in A, shared, only in B, and the Jaccard overlap. */
export function renderDiff(root, perLayer, nameA, nameB) {
  root.innerHTML = '';
  const max = Math.max(1, ...perLayer.map((r) => r.shared + r.onlyA + r.onlyB));
  for (const r of [...perLayer].reverse()) {
    const row = document.createElement('div');
    row.className = 'diff-row';
    row.title = `layer ${r.layer}: ${r.onlyA} only in ${nameA}, ${r.shared} shared, ${r.onlyB} only in ${nameB}; `
      + `Jaccard ${r.jaccard.toFixed(2)}`;
    const lab = document.createElement('span');
    lab.className = 'diff-label';
    lab.textContent = `L${r.layer}`;
    const bar = document.createElement('span');
    bar.className = 'diff-bar';
    for (const [k, c] of [['onlyA', COLORS.onlyA], ['shared', COLORS.shared], ['onlyB', COLORS.onlyB]]) {
      const seg = document.createElement('span');
      seg.style.width = `${(100 * r[k]) / max}%`;
      seg.style.background = c;
      seg.dataset.kind = k;
      seg.dataset.count = r[k];
      bar.appendChild(seg);
    }
    const j = document.createElement('span');
    j.className = 'diff-j';
    j.textContent = `J ${r.jaccard.toFixed(2)}`;
    row.append(lab, bar, j);
    root.appendChild(row);
  }
}
