// Token Rings, the radial layout of the Attention Flows paper: the start token of the deepest traced layer at the
// centre, one ring per layer outward to the input words (the mirror for a forward trace). Every token keeps its
// angle on every ring, so the same word lines up across layers. Drawn as SVG: the export is the picture itself.
import { nodeKey } from './tau-derive.js';
import { COLORS, edgeStyle } from './style.js';

const SVG = 'http://www.w3.org/2000/svg';
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
const f1 = (x) => x.toFixed(1);

/** Beyond this many edges only the strongest are drawn (as in the layered view). */
export const MAX_RING_EDGES = 3000;

/**
 * Geometry: which layers are rings (index 0 = the centre), their radii and each token's angle. A gap at the top
 * leaves room for the ring labels.
 */
export function ringGeometry({ n, L, dir, fromLayer, starts, size, labelRoom }) {
  const backward = dir !== 'forward';
  const l0 = fromLayer ?? (backward ? L : 0);
  const layers = [];
  if (backward) for (let l = l0; l >= 0; l--) layers.push(l);
  else for (let l = l0; l <= L; l++) layers.push(l);
  const K = Math.max(layers.length - 1, 1);
  const outer = Math.max(40, size / 2 - labelRoom);
  const c = starts.length > 1 ? 0.6 : 0; // several start tokens sit on a small inner ring
  const radius = new Map(layers.map((l, k) => [l, (outer * (k + c)) / (K + c)]));
  const gap = 2; // token slots left empty at the top for the ring labels
  const angle = (p) => -Math.PI / 2 + (2 * Math.PI * (p + gap / 2 + 0.5)) / (n + gap);
  return { layers, radius, angle, outer, l0, backward };
}

/**
 * Draws the scene panel into `root` as an SVG of `size` px square. Returns {svg, drawn, total}.
 * opts: {n, L, dir, fromLayer, starts, texts, special, hideSpecial, startNodes, nodes, edges, edgeClass, nodeClass,
 * color, perHead, H, onNode(layer, pos, shift), onHover(info|null, element)}
 */
export function drawRings(root, opts) {
  const { n, L, texts, special, nodes, edges, edgeClass, nodeClass, startNodes } = opts;
  const size = Math.max(260, Math.min(root.clientWidth || 600, root.clientHeight || 600));
  const fs = Math.max(7, Math.min(13, (2 * Math.PI * (size / 2 - 90)) / (n + 2) * 0.75));
  const labelRoom = Math.min(100, 10 + fs * 0.6 * Math.min(9, Math.max(...texts.map((t) => t.length), 3)));
  const g = ringGeometry({ ...opts, size, labelRoom });
  const cx = size / 2;
  const cy = size / 2;
  const pt = (l, p) => {
    const r = g.radius.get(l);
    if (r === 0) return [cx, cy];
    const a = g.angle(p);
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  };
  const out = [];
  // rings, and their labels (drawn last, over the edges, in the gap at the top)
  const labels = [];
  const dr = g.outer / Math.max(g.layers.length - 1, 1);
  const every = dr < fs ? 2 : 1; // close rings: label every other one (and always the outermost)
  for (const [k, l] of g.layers.entries()) {
    const r = g.radius.get(l);
    const named = k % every === 0 || k === g.layers.length - 1;
    if (r > 0) out.push(`<circle class="ring" cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(r)}" fill="none" stroke="#e3e7ec" stroke-width="1"/>`);
    const name = l === 0 ? 'L0 input' : `L${l}`;
    // The centre's layer is named under its word; every ring at the top of its circle, in the gap.
    const y = r > 0 ? cy - r + 3.5 : cy + 18 + fs + 2;
    if (named) labels.push(`<text class="ring-label" x="${f1(cx)}" y="${f1(y)}" font-size="${Math.max(8, fs - 2.5).toFixed(1)}" text-anchor="middle" fill="#6b7785" paint-order="stroke" stroke="#ffffff" stroke-width="3">${name}</text>`);
  }
  // edges: shared first, then the differences on top
  let list = [...edges.values()];
  const total = list.length;
  if (total > MAX_RING_EDGES) list = list.sort((a, b) => b.mean - a.mean).slice(0, MAX_RING_EDGES);
  let maxMean = 0;
  for (const e of list) maxMean = Math.max(maxMean, e.mean);
  const rank = { shared: 0, undefined: 1, onlyA: 2, onlyB: 2 };
  list.sort((a, b) => (rank[edgeClass?.(a.key)] ?? 1) - (rank[edgeClass?.(b.key)] ?? 1) || a.mean - b.mean);
  const drawnEdges = [];
  for (const e of list) {
    if (!g.radius.has(e.fromLayer) || !g.radius.has(e.toLayer)) continue;
    const cl = edgeClass?.(e.key) || null;
    const st = edgeStyle(e, maxMean, { cls: cl, perHead: opts.perHead, H: opts.H, color: opts.color, compare: !!opts.edgeClass });
    const [x1, y1] = pt(e.fromLayer, e.fromPos);
    const [x2, y2] = pt(e.toLayer, e.toPos);
    // Bezier handles run along each end's own angle, half way to the other ring: curves that follow the rings.
    const r1 = g.radius.get(e.fromLayer);
    const r2 = g.radius.get(e.toLayer);
    const rm = (r1 + r2) / 2;
    const h1 = r1 === 0 ? [x1, y1] : [cx + rm * Math.cos(g.angle(e.fromPos)), cy + rm * Math.sin(g.angle(e.fromPos))];
    const h2 = r2 === 0 ? [x2, y2] : [cx + rm * Math.cos(g.angle(e.toPos)), cy + rm * Math.sin(g.angle(e.toPos))];
    drawnEdges.push(e);
    out.push(`<path class="edge" data-i="${drawnEdges.length - 1}" data-key="${e.key}" d="M${f1(x1)},${f1(y1)}C${f1(h1[0])},${f1(h1[1])} ${f1(h2[0])},${f1(h2[1])} ${f1(x2)},${f1(y2)}" `
      + `fill="none" stroke="${st.color}" stroke-width="${st.width}" stroke-opacity="${st.opacity}"${cl ? ` data-cmp="${cl}"` : ''}/>`);
  }
  // nodes: every token on every ring (ghosts grey), traced ones sized by value
  let maxValue = 0;
  for (const x of nodes.values()) maxValue = Math.max(maxValue, x.value || 0);
  const ghosts = n <= 128;
  const nodeList = [];
  for (const l of g.layers) {
    for (let p = 0; p < n; p++) {
      const k = nodeKey(l, p);
      const tn = nodes.get(k);
      if (special[p] && opts.hideSpecial && !startNodes.has(k)) continue;
      if (!tn && (!ghosts || g.radius.get(l) === 0)) continue;
      const [x, y] = pt(l, p);
      const r = tn ? 2 + (opts.edgeClass ? 3.5 : 6) * Math.sqrt(maxValue > 0 ? Math.max(tn.value, 0) / maxValue : 0) : 1.3;
      const nc = tn ? nodeClass?.(l, p) : null;
      const fill = tn ? (nc ? COLORS[nc] : opts.color || COLORS.node) : '#dde2e7';
      const start = startNodes.has(k) ? ` stroke="${COLORS.start}" stroke-width="2.5"` : '';
      nodeList.push({ layer: l, pos: p, value: tn ? tn.value : null });
      out.push(`<circle class="node${tn ? ' trace' : ''}" data-n="${nodeList.length - 1}" id="r${k}" cx="${f1(x)}" cy="${f1(y)}" r="${r.toFixed(2)}" fill="${fill}"${start} tabindex="-1"/>`);
    }
  }
  // word labels outside the outermost ring, radial, never upside down
  const lOut = g.layers[g.layers.length - 1];
  const rl = g.radius.get(lOut) + 8;
  for (let p = 0; p < n; p++) {
    if (special[p] && opts.hideSpecial) continue;
    const a = g.angle(p);
    const deg = (a * 180) / Math.PI;
    const left = Math.cos(a) < 0;
    const x = cx + rl * Math.cos(a);
    const y = cy + rl * Math.sin(a);
    const mk = !!opts.marked?.[p];
    out.push(`<text class="word${mk ? ' marked' : ''}" x="${f1(x)}" y="${f1(y)}" font-size="${fs.toFixed(1)}" dominant-baseline="middle" `
      + `text-anchor="${left ? 'end' : 'start'}" transform="rotate(${f1(left ? deg + 180 : deg)} ${f1(x)} ${f1(y)})"`
      + `${mk ? ` font-weight="bold" text-decoration="underline" fill="${COLORS.marked}"` : ' fill="#2c3e50"'}>${esc(texts[p])}</text>`);
  }
  out.push(...labels);
  // the centre's word
  if (g.radius.get(g.l0) === 0 && opts.starts.length === 1) {
    out.push(`<text class="centre" x="${f1(cx)}" y="${f1(cy + 18)}" paint-order="stroke" stroke="#ffffff" stroke-width="3" font-size="${fs.toFixed(1)}" text-anchor="middle" fill="#2c3e50">${esc(texts[opts.starts[0]])}</text>`);
  }
  root.innerHTML = `<svg xmlns="${SVG}" class="rings-svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif" role="img" aria-label="Token Rings">${out.join('')}</svg>`;
  const svg = root.firstChild;
  svg.addEventListener('click', (ev) => {
    const i = ev.target.dataset?.n;
    if (i != null) opts.onNode?.(nodeList[+i].layer, nodeList[+i].pos, ev.shiftKey);
  });
  svg.addEventListener('mouseover', (ev) => {
    const t = ev.target;
    if (t.dataset?.n != null) opts.onHover?.({ node: nodeList[+t.dataset.n] }, t);
    else if (t.dataset?.i != null) opts.onHover?.({ edge: drawnEdges[+t.dataset.i], cmp: t.dataset.cmp }, t);
  });
  svg.addEventListener('mouseout', () => opts.onHover?.(null, null));
  return { svg, drawn: drawnEdges.length, total, nodes: nodeList, edges: drawnEdges };
}
