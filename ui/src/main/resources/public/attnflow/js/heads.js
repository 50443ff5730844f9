// The L×H head matrix: coloured by head importance in the current trace or by a behaviour metric, and in compare
// mode by shared / only-A / only-B. Click, keyboard or drag to select heads; the selection filters the trace.
import { COLORS } from './graph.js';

const METRIC_NAMES = {
  importance: 'importance', cls: 'to [CLS]', sep: 'to [SEP]', punct: 'to punctuation', self: 'to self',
  prev: 'to previous', next: 'to next', entropy: 'entropy',
};

function mix(hex, t) {
  // Blend white → colour by t in [0, 1].
  const c = parseInt(hex.slice(1), 16);
  const r = (c >> 16) & 255; const g = (c >> 8) & 255; const b = c & 255;
  const f = (x) => Math.round(255 + (x - 255) * t);
  return `rgb(${f(r)},${f(g)},${f(b)})`;
}

let focusAfter = null; // keeps keyboard focus on the toggled cell across the re-render

/**
 * Renders the matrix into `root`.
 * values: [L][H] numbers (or null where unknown); classes: optional [L][H] of shared/onlyA/onlyB/none;
 * selected: [{layer, head}]; onSelect(newSelection); onLayer(layer).
 */
export function renderHeads(root, { L, H, values, classes, metric, selected, onSelect, onLayer }) {
  root.innerHTML = '';
  root.style.gridTemplateColumns = `2.2em repeat(${H}, minmax(10px, 1fr))`;
  let max = 0;
  for (const row of values || []) for (const v of row || []) if (v != null && v > max) max = v;
  const isSel = new Set(selected.map((s) => `${s.layer}:${s.head}`));

  root.appendChild(document.createElement('span'));
  for (let h = 0; h < H; h++) {
    const s = document.createElement('span');
    s.className = 'hlabel';
    s.textContent = h;
    root.appendChild(s);
  }
  let brush = null;
  const cells = [];
  const paintBrush = () => {
    for (const c of cells) {
      const { layer, head } = c.dataset;
      const inside = brush && +layer >= Math.min(brush.l0, brush.l1) && +layer <= Math.max(brush.l0, brush.l1)
        && +head >= Math.min(brush.h0, brush.h1) && +head <= Math.max(brush.h0, brush.h1);
      c.classList.toggle('brushing', !!inside);
    }
  };
  for (let l = 1; l <= L; l++) {
    const lab = document.createElement('button');
    lab.type = 'button';
    lab.className = 'llabel';
    lab.textContent = l;
    lab.title = `Trace from [CLS] at layer ${l}`;
    lab.addEventListener('click', () => onLayer(l));
    root.appendChild(lab);
    for (let h = 0; h < H; h++) {
      const v = values?.[l - 1]?.[h];
      const cl = classes?.[l - 1]?.[h];
      const t = v == null || max <= 0 ? 0 : Math.max(0, v) / max;
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'hcell';
      cell.dataset.layer = l;
      cell.dataset.head = h;
      let bg = mix(COLORS.node, 0.08 + 0.92 * t);
      if (cl && cl !== 'none') bg = mix(COLORS[cl], 0.35 + 0.65 * t);
      else if (cl === 'none' || v == null) bg = '#f4f5f7';
      cell.style.background = bg;
      if (isSel.has(`${l}:${h}`)) cell.classList.add('selected');
      const vs = v == null ? 'n/a' : v.toFixed(3);
      const cs = cl && cl !== 'none' ? `, ${cl === 'shared' ? 'shared' : cl === 'onlyA' ? 'only in A' : 'only in B'}` : '';
      cell.title = `layer ${l}, head ${h}: ${METRIC_NAMES[metric] || metric} ${vs}${cs}`;
      cell.setAttribute('aria-label', cell.title);
      cell.setAttribute('aria-pressed', isSel.has(`${l}:${h}`) ? 'true' : 'false');
      cell.addEventListener('mousedown', (ev) => {
        if (ev.button !== 0) return;
        brush = { l0: l, h0: h, l1: l, h1: h };
        paintBrush();
        ev.preventDefault();
      });
      cell.addEventListener('mouseenter', () => {
        if (!brush) return;
        brush.l1 = l;
        brush.h1 = h;
        paintBrush();
      });
      // One tab stop for the whole matrix; arrow keys move within it (roving tabindex).
      cell.tabIndex = -1;
      cell.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          toggle([[l, h]]);
          return;
        }
        const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[ev.key];
        if (!move) return;
        ev.preventDefault();
        const nl = Math.min(L, Math.max(1, l + move[0]));
        const nh = Math.min(H - 1, Math.max(0, h + move[1]));
        const next = cells[(nl - 1) * H + nh];
        for (const c of cells) c.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      });
      cells.push(cell);
      root.appendChild(cell);
    }
  }
  const first = cells.find((c) => c.classList.contains('selected')) || cells[0];
  if (first) first.tabIndex = 0;
  const toggle = (pairs) => {
    const next = new Map(selected.map((s) => [`${s.layer}:${s.head}`, s]));
    if (pairs.length === 1) {
      const k = `${pairs[0][0]}:${pairs[0][1]}`;
      if (next.has(k)) next.delete(k); else next.set(k, { layer: pairs[0][0], head: pairs[0][1] });
    } else {
      for (const [l, h] of pairs) next.set(`${l}:${h}`, { layer: l, head: h });
    }
    focusAfter = pairs.length === 1 ? `${pairs[0][0]}:${pairs[0][1]}` : null;
    onSelect([...next.values()].sort((a, b) => a.layer - b.layer || a.head - b.head));
  };
  const finish = () => {
    if (!brush) return;
    const b = brush;
    brush = null;
    paintBrush();
    const pairs = [];
    for (let l = Math.min(b.l0, b.l1); l <= Math.max(b.l0, b.l1); l++) {
      for (let h = Math.min(b.h0, b.h1); h <= Math.max(b.h0, b.h1); h++) pairs.push([l, h]);
    }
    toggle(pairs);
  };
  if (focusAfter) {
    const [fl, fh] = focusAfter.split(':').map(Number);
    const c = cells[(fl - 1) * H + fh];
    focusAfter = null;
    if (c) {
      for (const x of cells) x.tabIndex = -1;
      c.tabIndex = 0;
      c.focus();
    }
  }
  root.onmouseup = finish;
  root.onmouseleave = () => { if (brush) finish(); };
}
