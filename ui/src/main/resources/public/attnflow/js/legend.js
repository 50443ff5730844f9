// The colour key: one entry for every encoding in use, rendered as HTML on screen and as SVG in the exports.
import { COLORS, headColor } from './style.js';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/**
 * The entries for a scene: [{kind: 'line'|'dot'|'text', color, label}].
 * ctx: {mode, perHead, H, nameA, nameB, drawn, total, hiddenEdges, topk, marked}
 */
export function legendItems({ mode, perHead, H, nameA, nameB, drawn, total, hiddenEdges, topk, marked }) {
  const items = [];
  if (mode === 'change') {
    items.push({ kind: 'line', color: COLORS.onlyA, label: `above τ only in A (${nameA})` });
    items.push({ kind: 'line', color: COLORS.onlyB, label: `above τ only in B (${nameB})` });
    items.push({ kind: 'line', color: COLORS.shared, label: 'in both (shared), drawn light' });
    items.push({ kind: 'text', label: 'all edges of both models above τ, from /api/compare/edges' });
  } else if (mode === 'traces' || mode === 'side') {
    items.push({ kind: 'line', color: COLORS.onlyA, label: `only trace A (${nameA}) reaches` });
    items.push({ kind: 'line', color: COLORS.onlyB, label: `only trace B (${nameB}) reaches` });
    items.push({ kind: 'line', color: COLORS.shared, label: 'both traces' });
  } else if (perHead) {
    items.push({ kind: 'line', color: headColor(0, H), label: 'edge colour: head (hue from head 0 …' });
    items.push({ kind: 'line', color: headColor(Math.floor(H / 2), H), label: `… to head ${H - 1})` });
  } else {
    items.push({ kind: 'line', color: COLORS.edge, label: 'attention above τ (width, opacity: mean over heads)' });
  }
  if (mode !== 'change') items.push({ kind: 'dot', color: mode === 'single' ? COLORS.node : COLORS.shared, label: 'token in the trace (size: flow value)' });
  items.push({ kind: 'dot', color: COLORS.start, label: 'start', ring: true });
  if (marked) items.push({ kind: 'word', color: COLORS.marked, label: 'the corpus\'s marked error span (LanguageTool)' });
  if (drawn < total) {
    items.push({ kind: 'text', warn: true,
      label: `drawing the strongest ${drawn} of ${total} edges (cap): raise τ, or draw the strongest k edges into each token` });
  }
  if (topk) items.push({ kind: 'text', label: `only the strongest ${topk} edge(s) into each token` });
  if (hiddenEdges) items.push({ kind: 'text', label: `${hiddenEdges} edges through special tokens not drawn` });
  return items;
}

export function renderLegend(root, items) {
  const html = items.map((it) => {
    const sw = it.kind === 'word' ? '<span class="marked-word">word</span>'
      : it.kind === 'line' ? `<span class="swatch" style-color="${it.color}"></span>`
      : it.kind === 'dot' ? `<span class="dot${it.ring ? ' ring' : ''}" style-color="${it.color}"></span>` : '';
    return `<span class="legend-item${it.warn ? ' warn' : ''}" data-kind="${it.kind}">${sw}${esc(it.label)}</span>`;
  }).join('');
  if (root.legendHtml === html) return; // unchanged (most τ steps): no rebuild, no new layout
  root.legendHtml = html;
  root.innerHTML = html;
  // Colours through the DOM, not inline style attributes (the CSP allows no inline styles from markup).
  for (const el of root.querySelectorAll('[style-color]')) {
    const c = el.getAttribute('style-color');
    if (el.classList.contains('ring')) el.style.borderColor = c; else el.style.background = c;
    el.removeAttribute('style-color');
  }
}

/** The legend as SVG rows starting at (x, y); returns {svg, height}. */
export function legendSvg(items, x, y, width) {
  const out = [];
  let cx = x;
  let cy = y;
  const row = 16;
  for (const it of items) {
    const w = 26 + it.label.length * 6.2;
    if (cx > x && cx + w > x + width) { cx = x; cy += row; }
    if (it.kind === 'line') out.push(`<line x1="${cx}" y1="${cy}" x2="${cx + 18}" y2="${cy}" stroke="${it.color}" stroke-width="4"/>`);
    else if (it.kind === 'dot') out.push(`<circle cx="${cx + 8}" cy="${cy}" r="5" fill="${it.ring ? '#fff' : it.color}"${it.ring ? ` stroke="${it.color}" stroke-width="2.5"` : ''}/>`);
    else if (it.kind === 'word') out.push(`<text x="${cx}" y="${cy + 4}" font-size="11" font-weight="bold" fill="${it.color}" text-decoration="underline">word</text>`);
    const tx = it.kind === 'text' ? cx : cx + (it.kind === 'word' ? 34 : 24);
    out.push(`<text class="legend" x="${tx}" y="${cy + 4}" font-size="11" fill="${it.warn ? '#b03a2e' : '#34495e'}">${esc(it.label)}</text>`);
    cx += w + 14;
  }
  return { svg: out.join(''), height: cy - y + row };
}
