// The layered view's picture: layers as columns (the trace's start column on the left, so the eye starts where the
// trace does), tokens in sentence order. Lays the scene out once, paints it on a 2D canvas (layered-view.js holds the
// element and its input) and writes the same picture as SVG for the exports. Drawn directly rather than through a
// graph library: building a library's elements was most of the first render (BENCHMARKS.md, issue 11).
import { nodeKey } from './tau-derive.js';
import { COLORS, edgeStyle } from './style.js';
import { escHtml as esc } from './dom.js';

/** Beyond this many edges only the strongest are drawn (the legend says so): keeps big traces interactive. */
export const MAX_DRAWN_EDGES = 5000;

const RANK = { shared: 0, onlyA: 2, onlyB: 2 }; // differences drawn over shared edges; plain edges between
const q = (x, k = 2) => Math.round(x * k) / k;
const f1 = (x) => x.toFixed(1);

/**
 * Lays out a scene panel for a box of size {w, h}: nodes, edges (strongest MAX_DRAWN_EDGES, in drawing order), word
 * labels in the outer columns only (middle labels would overprint the edges; the tooltip names them) and the layer
 * axis above the columns. Coordinates are model units; the view's zoom maps them to pixels.
 * opts: {n, L, texts, special, nodes, edges, perHead, H, startNodes, hideSpecial, edgeClass, nodeClass, color, backward}
 */
export function layoutLayered(opts, { w = 800, h = 500 } = {}) {
  const { n, L, texts, special, nodes, edges, startNodes, hideSpecial, edgeClass, nodeClass } = opts;
  const dx = Math.max(30, (w - 190) / Math.max(L, 1));
  const dy = Math.max(4, Math.min(60, (h - 30) / Math.max(n, 1)));
  const col = (l) => (opts.backward ? L - l : l);
  const maxSize = Math.max(6, Math.min(28, dy * 1.5));
  const ghostSize = Math.max(3, Math.min(8, dy * 0.4));
  const fs = Math.max(4, Math.min(12, dy * 0.8));
  let maxValue = 0;
  for (const x of nodes.values()) maxValue = Math.max(maxValue, x.value || 0);
  // Untraced tokens ("ghosts") of the middle layers are drawn for short sentences only; input words and the top
  // layer's tokens are always there to click.
  const ghostsEverywhere = n <= 64;
  const out = { n, L, dx, dy, col, fs, nodes: [], byKey: new Map(), labels: [], axis: [], edges: [], total: edges.size };
  for (let l = 0; l <= L; l++) {
    for (let p = 0; p < n; p++) {
      const k = nodeKey(l, p);
      const tn = nodes.get(k);
      const start = startNodes.has(k);
      if (special[p] && hideSpecial && !start) continue;
      const outer = col(l) === 0 || col(l) === L;
      if (outer) {
        const first = col(l) === 0;
        out.labels.push({ layer: l, pos: p, text: texts[p], first, marked: !!opts.marked?.[p] });
      }
      if (!tn && !ghostsEverywhere && l !== 0 && l !== L) continue;
      const size = tn ? q(4 + (maxSize - 4) * Math.sqrt(maxValue > 0 ? Math.max(tn.value, 0) / maxValue : 0)) : ghostSize;
      const nc = tn ? nodeClass?.(l, p) : null;
      const node = { id: `n${k}`, layer: l, pos: p, x: col(l) * dx, y: p * dy, r: size / 2, trace: !!tn, start,
        value: tn ? tn.value : null, fill: tn ? (nc ? COLORS[nc] : opts.color || COLORS.node) : COLORS.ghost };
      out.nodes.push(node);
      out.byKey.set(k, node);
    }
  }
  for (const lab of out.labels) {
    const nd = out.byKey.get(nodeKey(lab.layer, lab.pos));
    const r = nd ? nd.r : ghostSize / 2;
    Object.assign(lab, { x: col(lab.layer) * dx + (lab.first ? -(r + 4) : r + 4), y: lab.pos * dy });
  }
  const axisFs = Math.max(9, Math.min(13, dx / 4));
  for (let l = 0; l <= L; l++) out.axis.push({ text: l === 0 ? 'L0 input' : `L${l}`, x: col(l) * dx, y: -Math.max(16, dy), fs: axisFs });

  const list = strongest(edges, MAX_DRAWN_EDGES);
  let maxMean = 0;
  for (const e of list) maxMean = Math.max(maxMean, e.mean);
  // Drawing order: shared edges under the rest, differences on top; weak edges under strong ones.
  const ranked = list.map((e) => {
    const c = edgeClass?.(e.key) || null;
    return { e, c, rank: RANK[c] ?? 1 };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.e.mean - b.e.mean);
  // Per-head edges of one token pair sit side by side, not on top of each other.
  const spread = opts.perHead ? Math.min(dy * 0.45, 4) : 0;
  const colorIndex = new Map();
  for (const { e, c } of ranked) {
    const st = edgeStyle(e, maxMean, { cls: c, perHead: opts.perHead, H: opts.H, color: opts.color, compare: !!edgeClass });
    let ci = colorIndex.get(st.color);
    if (ci === undefined) colorIndex.set(st.color, (ci = colorIndex.size));
    const rank = RANK[c] ?? 1;
    // The style as a small integer (styles are quantised): paintLayered sets the context's style when it changes.
    const group = (((rank * 4096 + ci) * 512 + Math.round(st.width * 20)) * 32) + Math.round(st.opacity * 20);
    const off = spread ? spread * ((e.heads[0][0] + 0.5) / Math.max(opts.H, 1) - 0.5) : 0;
    out.edges.push({ e, id: `e${e.key}`, cls: c, x1: col(e.fromLayer) * dx, y1: e.fromPos * dy + off, x2: col(e.toLayer) * dx,
      y2: e.toPos * dy + off, gap: Math.min(col(e.fromLayer), col(e.toLayer)), rank,
      width: st.width, opacity: st.opacity, color: st.color, group });
  }
  const labelW = Math.max(3, ...texts.map((t) => t.length)) * fs * 0.6 + maxSize / 2 + 6;
  out.bbox = { x1: -labelW, y1: -Math.max(16, dy) - axisFs - 4, x2: L * dx + labelW, y2: (n - 1) * dy + maxSize / 2 + 4 };
  return out;
}

/**
 * The `max` edges of largest mean, in the map's order: the set a stable sort by descending mean would keep (ties go
 * to the earlier edge), found by selecting the cut among the means alone (no sort of the edges, nor of the means).
 */
export function strongest(edges, max) {
  const list = [...edges.values()];
  if (list.length <= max) return list;
  const means = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) means[k] = list[k].mean;
  const cut = select(means, list.length - max); // the max-th largest mean
  let above = 0;
  for (const e of list) if (e.mean > cut) above++;
  let ties = max - above; // edges at exactly the cut that still fit, the first ones
  return list.filter((e) => e.mean > cut || (e.mean === cut && ties-- > 0));
}

/** The value a sort would put at index k of a (Hoare's quickselect: a is reordered, in linear time on average). */
function select(a, k) {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo];
    const z = a[hi];
    let p = a[(lo + hi) >> 1];
    if ((x <= p) !== (p <= z)) p = (x <= p) === (x <= z) ? z : x; // median of three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** Paints the laid-out scene on a 2D context at viewport {k, tx, ty}. */
export function paintLayered(ctx, m, { k, tx, ty }, dpr, cssW, cssH) {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
  ctx.lineCap = 'butt';
  // One stroke per edge, in drawing order (weak under strong): as the SVG export draws them, overlaps add up. Many small
  // strokes also rasterise faster than one path per style (BENCHMARKS.md, issue 11: Skia strokes a path of thousands of
  // overlapping segments as one shape).
  let style = null;
  for (const d of m.edges) {
    if (d.group !== style) {
      style = d.group;
      ctx.strokeStyle = d.color;
      ctx.globalAlpha = d.opacity;
      ctx.lineWidth = d.width;
    }
    ctx.beginPath();
    ctx.moveTo(d.x1, d.y1);
    ctx.lineTo(d.x2, d.y2);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  const fills = new Map();
  for (const nd of m.nodes) {
    let g = fills.get(nd.fill);
    if (!g) fills.set(nd.fill, (g = []));
    g.push(nd);
  }
  for (const [fill, g] of fills) {
    ctx.beginPath();
    for (const nd of g) { ctx.moveTo(nd.x + nd.r, nd.y); ctx.arc(nd.x, nd.y, nd.r, 0, 2 * Math.PI); }
    ctx.fillStyle = fill;
    ctx.fill();
  }
  ctx.beginPath();
  for (const nd of m.nodes) if (nd.start) { ctx.moveTo(nd.x + nd.r + 1.5, nd.y); ctx.arc(nd.x, nd.y, nd.r + 1.5, 0, 2 * Math.PI); }
  ctx.strokeStyle = COLORS.start;
  ctx.lineWidth = 3;
  ctx.stroke();
  ctx.textBaseline = 'middle';
  if (m.fs * k >= 6) { // too small to read: the tooltip names the token (as zooming in does)
    for (const lab of m.labels) {
      ctx.font = `${lab.marked ? 'bold ' : ''}${m.fs}px sans-serif`;
      ctx.fillStyle = lab.marked ? COLORS.marked : '#333';
      ctx.textAlign = lab.first ? 'right' : 'left';
      ctx.fillText(lab.text, lab.x, lab.y);
      if (lab.marked) { // underlined, as in the legend
        const w = ctx.measureText(lab.text).width;
        ctx.fillRect(lab.first ? lab.x - w : lab.x, lab.y + m.fs * 0.55, w, Math.max(0.8, m.fs / 10));
      }
    }
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#6b7785';
  for (const a of m.axis) {
    ctx.font = `bold ${a.fs}px sans-serif`;
    ctx.fillText(a.text, a.x, a.y);
  }
}

/** Paints the hover and focus marks: an edge in orange, nodes ringed in yellow. */
export function paintMarks(ctx, m, { k, tx, ty }, dpr, cssW, cssH, { edge, nodes }) {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
  if (edge) {
    ctx.beginPath();
    ctx.moveTo(edge.x1, edge.y1);
    ctx.lineTo(edge.x2, edge.y2);
    ctx.strokeStyle = '#f39c12';
    ctx.lineWidth = Math.max(edge.width + 1, 2 / k);
    ctx.stroke();
  }
  ctx.beginPath();
  for (const nd of nodes || []) { ctx.moveTo(nd.x + nd.r + 2, nd.y); ctx.arc(nd.x, nd.y, nd.r + 2, 0, 2 * Math.PI); }
  ctx.strokeStyle = '#f1c40f';
  ctx.lineWidth = 3;
  ctx.stroke();
}

/** The same picture as SVG elements, translated so that its bounding box starts at the padding: {body, w, h}. */
export function layeredSvg(m) {
  const pad = 12;
  const bb = m.bbox;
  const out = [`<g transform="translate(${f1(pad - bb.x1)},${f1(pad - bb.y1)})">`];
  for (const d of m.edges) {
    out.push(`<line class="edge" x1="${f1(d.x1)}" y1="${f1(d.y1)}" x2="${f1(d.x2)}" y2="${f1(d.y2)}" stroke="${esc(d.color)}" `
      + `stroke-width="${d.width.toFixed(2)}" stroke-opacity="${d.opacity.toFixed(3)}"/>`);
  }
  for (const nd of m.nodes) {
    const ring = nd.start ? ` stroke="${COLORS.start}" stroke-width="3"` : '';
    out.push(`<circle cx="${f1(nd.x)}" cy="${f1(nd.y)}" r="${nd.r.toFixed(2)}" fill="${esc(nd.fill)}"${ring}/>`);
  }
  for (const lab of m.labels) {
    out.push(`<text x="${f1(lab.x)}" y="${f1(lab.y)}" font-size="${f1(m.fs)}" dominant-baseline="middle" `
      + `text-anchor="${lab.first ? 'end' : 'start'}"${lab.marked ? ` class="marked" font-weight="bold" text-decoration="underline" fill="${COLORS.marked}"` : ' fill="#333"'}>${esc(lab.text)}</text>`);
  }
  for (const a of m.axis) {
    out.push(`<text class="axis" x="${f1(a.x)}" y="${f1(a.y)}" font-size="${f1(a.fs)}" font-weight="bold" text-anchor="middle" fill="#6b7785">${a.text}</text>`);
  }
  out.push('</g>');
  return { body: out.join(''), w: Math.ceil(bb.x2 - bb.x1 + 2 * pad), h: Math.ceil(bb.y2 - bb.y1 + 2 * pad) };
}

/** The node or edge under model point (x, y), within `tol` model units: {node} | {edge} | null. */
export function hitLayered(m, x, y, tol) {
  const c = Math.round(x / m.dx);
  const p = Math.round(y / m.dy);
  const layer = m.col(c); // col is its own inverse
  for (const pp of [p, p - 1, p + 1]) {
    const nd = m.byKey.get(nodeKey(layer, pp));
    if (nd && Math.hypot(nd.x - x, nd.y - y) <= Math.max(nd.r, tol)) return { node: nd };
  }
  const gap = Math.floor(x / m.dx);
  let best = null;
  let bestD = Infinity;
  for (const d of m.edges) {
    if (d.gap !== gap) continue;
    const t = (x - d.x1) / (d.x2 - d.x1);
    const dist = Math.abs(d.y1 + t * (d.y2 - d.y1) - y) * Math.abs(Math.cos(Math.atan2(d.y2 - d.y1, d.x2 - d.x1)));
    // The last drawn (on top) wins a tie.
    if (dist <= Math.max(tol, d.width / 2) && dist <= bestD) { best = d; bestD = dist; }
  }
  return best ? { edge: best } : null;
}
