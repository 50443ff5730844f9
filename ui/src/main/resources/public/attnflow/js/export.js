// Exports of whatever is on screen (layered or Token Rings; single, overlay or side by side), each with a title, the
// layer axis and the legend: SVG, PNG at 2× (painted from that same SVG), and the trace JSON with its request.
import { app, state } from './app.js';
import { legendSvg } from './legend.js';
import { traceRequest } from './tracing.js';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function ringsSvg(el) {
  const svg = el.querySelector('svg');
  return { body: svg.innerHTML, w: +svg.getAttribute('width'), h: +svg.getAttribute('height') };
}

/** The title lines: models, sentence, direction, start, τ, α. */
export function titleLines() {
  const s = currentSentence();
  const text = s ? (s.textB ? `${s.text} ‖ ${s.textB}` : s.text) : app.view?.text.join(' ');
  const models = state.cmp ? `${state.model} (A) vs ${state.cmp} (B)` : state.model;
  const view = { overlay: 'attention change', traces: 'where the traces go', side: 'side by side' }[state.view];
  const L = app.view?.L;
  const layer = state.layer ?? (state.dir === 'backward' ? L : 0);
  const from = (state.tokens.length ? state.tokens : [0]).map((p) => app.view?.text[p]).join(', ');
  return [
    `Attention Flows: ${models}${state.cmp ? `, ${view}` : ''}`,
    `“${text}”`,
    `${state.dir} trace from ${from} @ L${layer} · τ ${state.tau} · α ${state.alpha}`
      + `${state.heads.length ? ` · ${state.heads.length} head(s)` : ''} · ${state.layout === 'rings' ? 'Token Rings' : 'layered'}`,
  ];
}

/** The whole picture as one SVG document. */
export function composeSvg() {
  const rings = state.layout === 'rings';
  const side = app.scenes?.panels.length === 2;
  const panels = [rings ? ringsSvg(document.getElementById('rings')) : app.graphA.svg()];
  if (side) panels.push(rings ? ringsSvg(document.getElementById('rings-b')) : app.graphB.svg());
  const gap = 24;
  const lines = titleLines();
  const titleW = Math.max(...lines.map((t, i) => t.length * (i === 0 ? 9 : 7))) + 32; // rough glyph widths
  const width = Math.max(560, titleW, panels.reduce((s, p) => s + p.w, 0) + gap * (panels.length - 1) + 32);
  const head = 20 + lines.length * 18 + (side ? 18 : 0);
  const legend = legendSvg(app.legend || [], 16, 0, width - 32);
  const ph = Math.max(...panels.map((p) => p.h));
  const height = head + ph + legend.height + 28;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  lines.forEach((t, i) => out.push(`<text class="title" x="16" y="${24 + i * 18}" font-size="${i === 0 ? 15 : 12}"`
    + `${i === 0 ? ' font-weight="bold"' : ''} fill="#1f2d3d">${esc(t)}</text>`));
  const used = panels.reduce((s, p) => s + p.w, 0) + gap * (panels.length - 1);
  let x = Math.max(16, (width - used) / 2); // centred under the title
  panels.forEach((p, i) => {
    if (side) out.push(`<text x="${x}" y="${head - 6}" font-size="12" font-weight="bold" fill="#1f2d3d">${i ? 'B' : 'A'}: ${esc(i ? state.cmp : state.model)}</text>`);
    out.push(`<g class="panel" transform="translate(${x},${head})">${p.body}</g>`);
    x += p.w + gap;
  });
  out.push(`<g class="legend" transform="translate(0,${head + ph + 18})">${legend.svg}</g>`);
  out.push('</svg>');
  return out.join('\n');
}

/** Paints an SVG of the subset composeSvg writes (rect, line, circle, path, text, translate, rotate) on a canvas. */
function paint(ctx, node) {
  for (const el of node.children) {
    const a = (k, d = 0) => (el.hasAttribute(k) ? el.getAttribute(k) : d);
    const num = (k, d = 0) => +a(k, d);
    ctx.save();
    const tr = a('transform', '');
    const t = /translate\(([-\d.]+),([-\d.]+)\)/.exec(tr);
    if (t) ctx.translate(+t[1], +t[2]);
    const r = /rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)/.exec(tr);
    if (r) { ctx.translate(+r[2], +r[3]); ctx.rotate((+r[1] * Math.PI) / 180); ctx.translate(-r[2], -r[3]); }
    ctx.globalAlpha = num('stroke-opacity', 1);
    ctx.strokeStyle = a('stroke', 'none');
    ctx.lineWidth = num('stroke-width', 1);
    ctx.fillStyle = a('fill', '#000');
    const tag = el.tagName;
    if (tag === 'g') paint(ctx, el);
    else if (tag === 'rect') { ctx.fillRect(num('x'), num('y'), num('width'), num('height')); }
    else if (tag === 'line') { ctx.beginPath(); ctx.moveTo(num('x1'), num('y1')); ctx.lineTo(num('x2'), num('y2')); ctx.stroke(); }
    else if (tag === 'path') { ctx.stroke(new Path2D(a('d'))); }
    else if (tag === 'circle') {
      ctx.beginPath();
      ctx.arc(num('cx'), num('cy'), num('r'), 0, 2 * Math.PI);
      if (a('fill') !== 'none') { ctx.globalAlpha = 1; ctx.fill(); }
      if (a('stroke', 'none') !== 'none') ctx.stroke();
    } else if (tag === 'text') {
      ctx.globalAlpha = 1;
      ctx.font = `${a('font-weight', '') === 'bold' ? 'bold ' : ''}${num('font-size', 12)}px sans-serif`;
      ctx.textAlign = { end: 'right', middle: 'center' }[a('text-anchor', '')] || 'left';
      ctx.textBaseline = a('dominant-baseline', '') === 'middle' ? 'middle' : 'alphabetic';
      if (a('stroke', 'none') !== 'none') ctx.strokeText(el.textContent, num('x'), num('y')); // the halo
      ctx.fillText(el.textContent, num('x'), num('y'));
    }
    ctx.restore();
  }
}

export async function exportSvg() {
  const svg = composeSvg();
  download(`${exportName()}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  app.lastExport = { type: 'svg', size: svg.length, svg, lines: (svg.match(/<line class="edge"/g) || []).length,
    paths: (svg.match(/<path class="edge"/g) || []).length };
  return svg;
}

export async function exportPng() {
  const doc = new DOMParser().parseFromString(composeSvg(), 'image/svg+xml').documentElement;
  const w = +doc.getAttribute('width');
  const h = +doc.getAttribute('height');
  const canvas = document.createElement('canvas');
  const scale = Math.min(2, 16000 / Math.max(w, h));
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  paint(ctx, doc);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  download(`${exportName()}.png`, blob);
  const magic = Array.from(new Uint8Array(await blob.slice(0, 8).arrayBuffer()));
  app.lastExport = { type: 'png', size: blob.size, magic, width: canvas.width, height: canvas.height, scale };
  return blob;
}

/** The trace(s) with everything needed to reproduce them. */
export async function exportJson() {
  const s = currentSentence();
  const one = (m, trace) => ({ model: m, trace });
  const data = {
    title: titleLines(), sid: state.sid, text: s?.text ?? null, textB: s?.textB ?? null, label: s?.label ?? null,
    tau: state.tau, alpha: state.alpha, direction: state.dir, start: { layer: app.view ? (state.layer ?? (state.dir === 'backward' ? app.view.L : 0)) : state.layer, tokens: state.tokens.length ? state.tokens : [0] },
    heads: state.heads, request: traceRequest(), model: state.model,
    a: one(state.model, app.traceA), b: state.cmp ? one(state.cmp, app.traceB) : null,
    compare: state.cmp && app.compare ? app.compare.result : null,
  };
  const json = JSON.stringify(data, null, 1);
  download(`${exportName()}.json`, new Blob([json], { type: 'application/json' }));
  app.lastExport = { type: 'json', size: json.length, keys: Object.keys(data) };
  return json;
}

/** The shown sentence's record: from the listed page, else the one fetched for the sentence panel. */
function currentSentence() {
  return app.page?.items.find((x) => x.id === state.sid) || (app.sentence?.id === state.sid ? app.sentence : null);
}

function exportName() {
  return `attnflow-${state.model}${state.cmp ? `-vs-${state.cmp}` : ''}-${String(state.sid).slice(0, 10)}-tau${state.tau}-${state.layout}`;
}
