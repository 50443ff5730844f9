// The L×H head matrix: each cell coloured by a tone in [0, 1] that head-panel.js derives from a metric and its
// scale. Click, keyboard or drag to select heads; the selection filters the trace.

/** Blends white into the colour `hex` by t in [0, 1]. */
export function mix(hex, t) {
  // Blend white → colour by t in [0, 1].
  const c = parseInt(hex.slice(1), 16);
  const r = (c >> 16) & 255; const g = (c >> 8) & 255; const b = c & 255;
  const f = (x) => Math.round(255 + (x - 255) * t);
  return `rgb(${f(r)},${f(g)},${f(b)})`;
}

const focusAfter = new WeakMap(); // per matrix: keeps keyboard focus on the toggled cell across the re-render

/**
 * Renders the matrix into `root`.
 * cell(l, h) → {tone: [0, 1] or null when unknown, color, title, data: {name: value} for data- attributes};
 * selected: [{layer, head}]; onSelect(newSelection); onLayer(layer), optional: a click on a layer number.
 * The cells are built once per shape (L, H) and then updated in place (a τ step changes only their colours and
 * titles): rebuilding them would make the browser lay out the page anew. Their handlers read the latest options.
 */
export function renderHeads(root, opts) {
  const { L, H, cell: describe, selected, onLayer, minCell = 10 } = opts;
  const shape = `${L}|${H}|${minCell}|${!!onLayer}`;
  if (root.headsShape !== shape) {
    build(root, L, H, minCell, !!onLayer);
    root.headsShape = shape;
  }
  root.headsOpts = opts;
  const isSel = new Set(selected.map((s) => `${s.layer}:${s.head}`));
  const cells = root.headCells;
  for (let l = 1; l <= L; l++) {
    for (let h = 0; h < H; h++) {
      const d = describe(l, h);
      const cell = cells[(l - 1) * H + h];
      for (const k of cell.dataKeys || []) if (!(k in (d.data || {}))) delete cell.dataset[k];
      cell.dataKeys = Object.keys(d.data || {});
      for (const [k, v] of Object.entries(d.data || {})) cell.dataset[k] = v;
      cell.style.background = d.tone == null ? '#f4f5f7' : mix(d.color, 0.06 + 0.94 * d.tone);
      const sel = isSel.has(`${l}:${h}`);
      cell.classList.toggle('selected', sel);
      cell.title = d.title;
      cell.setAttribute('aria-label', d.title);
      cell.setAttribute('aria-pressed', sel ? 'true' : 'false');
      cell.tabIndex = -1;
    }
  }
  const first = cells.find((c) => c.classList.contains('selected')) || cells[0];
  if (first) first.tabIndex = 0;
  const again = focusAfter.get(root);
  if (again) {
    const [fl, fh] = again.split(':').map(Number);
    const c = cells[(fl - 1) * H + fh];
    focusAfter.delete(root);
    if (c) {
      for (const x of cells) x.tabIndex = -1;
      c.tabIndex = 0;
      c.focus();
    }
  }
}

/** The matrix's elements and handlers for L layers of H heads; the options they act on are root.headsOpts. */
function build(root, L, H, minCell, layerButtons) {
  root.innerHTML = '';
  root.style.gridTemplateColumns = `2.2em repeat(${H}, minmax(${minCell}px, 1fr))`;
  root.appendChild(document.createElement('span'));
  for (let h = 0; h < H; h++) {
    const s = document.createElement('span');
    s.className = 'hlabel';
    s.textContent = h;
    root.appendChild(s);
  }
  let brush = null;
  const cells = [];
  root.headCells = cells;
  const paintBrush = () => {
    for (const c of cells) {
      const { layer, head } = c.dataset;
      const inside = brush && +layer >= Math.min(brush.l0, brush.l1) && +layer <= Math.max(brush.l0, brush.l1)
        && +head >= Math.min(brush.h0, brush.h1) && +head <= Math.max(brush.h0, brush.h1);
      c.classList.toggle('brushing', !!inside);
    }
  };
  const toggle = (pairs) => {
    const { selected, onSelect } = root.headsOpts;
    const next = new Map(selected.map((s) => [`${s.layer}:${s.head}`, s]));
    if (pairs.length === 1) {
      const k = `${pairs[0][0]}:${pairs[0][1]}`;
      if (next.has(k)) next.delete(k); else next.set(k, { layer: pairs[0][0], head: pairs[0][1] });
    } else {
      for (const [l, h] of pairs) next.set(`${l}:${h}`, { layer: l, head: h });
    }
    focusAfter.set(root, pairs.length === 1 ? `${pairs[0][0]}:${pairs[0][1]}` : null);
    onSelect([...next.values()].sort((a, b) => a.layer - b.layer || a.head - b.head));
  };
  for (let l = 1; l <= L; l++) {
    const lab = document.createElement(layerButtons ? 'button' : 'span');
    lab.className = 'llabel';
    lab.textContent = l;
    if (layerButtons) {
      lab.type = 'button';
      lab.title = `Trace backward from [CLS] at layer ${l}`;
      lab.addEventListener('click', () => root.headsOpts.onLayer?.(l));
    }
    root.appendChild(lab);
    for (let h = 0; h < H; h++) {
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'hcell';
      cell.dataset.layer = l;
      cell.dataset.head = h;
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
  root.onmouseup = finish;
  root.onmouseleave = () => { if (brush) finish(); };
}
