// BertViz's two views from GET /api/…/attention (one head's stored matrix): the head view (one head's, or a layer's,
// attention as lines between two token columns, hover focus) and the model view (L×H thumbnails, clickable).
import { api } from './api.js';
import { app, state, model } from './app.js';
import { $, setStatus } from './dom.js';
import { headColor, COLORS } from './style.js';
import { mix } from './heads.js';

const cache = new Map();
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

function matrix(m, sid, layer, head) {
  const k = `${m}\u0000${sid}\u0000${layer}\u0000${head}`;
  if (!cache.has(k)) {
    const p = api.attention(m, sid, layer, head);
    cache.set(k, p);
    p.catch(() => cache.delete(k));
  }
  return cache.get(k);
}

/** Runs `jobs` (functions returning promises) at most `k` at a time. */
async function pool(jobs, k) {
  let next = 0;
  const worker = async () => { while (next < jobs.length) await jobs[next++](); };
  await Promise.all(Array.from({ length: Math.min(k, jobs.length) }, worker));
}

function shapeOf() {
  const m = model(state.model);
  return { L: m?.layers || 12, H: m?.heads || 12 };
}

/** Fills the layer and head pickers of the head view. */
function syncPickers(L, H) {
  const lay = $('hv-layer');
  const hd = $('hv-head');
  if (lay.options.length !== L) lay.innerHTML = Array.from({ length: L }, (_, i) => `<option value="${i + 1}">layer ${i + 1}</option>`).join('');
  if (hd.options.length !== H + 1) {
    hd.innerHTML = `<option value="all">all heads</option>${Array.from({ length: H }, (_, h) => `<option value="${h}">head ${h}</option>`).join('')}`;
  }
  lay.value = String(state.hvLayer);
  hd.value = String(state.hvHead);
}

/** The head view: tokens twice, row i on the left attending to token j on the right with opacity = weight. */
export async function renderHeadView() {
  const { L, H } = shapeOf();
  syncPickers(L, H);
  const status = $('hv-status');
  const heads = state.hvHead === 'all' ? Array.from({ length: H }, (_, h) => h) : [+state.hvHead];
  setStatus(status, 'loading', 'Reading attention…');
  let mats;
  try {
    mats = await Promise.all(heads.map((h) => matrix(state.model, state.sid, state.hvLayer, h)));
  } catch (e) {
    setStatus(status, 'error', e.message);
    return;
  }
  setStatus(status, '', '');
  const tokens = mats[0].tokens;
  const n = tokens.length;
  const row = Math.max(14, Math.min(22, 640 / n));
  const colW = 120;
  const gapW = 220;
  const width = colW * 2 + gapW;
  const height = n * row + 30;
  const yOf = (i) => 24 + i * row + row / 2;
  const out = [];
  heads.forEach((h, k) => {
    const w = mats[k].weights;
    const color = heads.length > 1 ? headColor(h, H) : COLORS.edge;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = w[i][j];
        if (v <= 0) continue;
        out.push(`<line class="att" data-i="${i}" data-j="${j}" x1="${colW}" y1="${yOf(i).toFixed(1)}" x2="${colW + gapW}" y2="${yOf(j).toFixed(1)}" `
          + `stroke="${color}" stroke-width="2" stroke-opacity="${(v / heads.length ** 0.5).toFixed(3)}"><title>${esc(tokens[i])} → ${esc(tokens[j])}: head ${h} ${v.toFixed(4)}</title></line>`);
      }
    }
  });
  const labels = [];
  for (let i = 0; i < n; i++) {
    labels.push(`<text class="tok left" data-i="${i}" x="${colW - 8}" y="${yOf(i) + 4}" text-anchor="end" font-size="12">${esc(tokens[i])}</text>`);
    labels.push(`<text class="tok right" data-j="${i}" x="${colW + gapW + 8}" y="${yOf(i) + 4}" font-size="12">${esc(tokens[i])}</text>`);
  }
  const title = `${state.model}, layer ${state.hvLayer}, ${heads.length > 1 ? 'all heads (colour = head)' : `head ${heads[0]}`}`;
  const root = $('head-view');
  root.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img" aria-label="Head view: ${esc(title)}">`
    + `<text x="${colW - 8}" y="14" text-anchor="end" font-size="11" fill="#6b7785">token i attends…</text>`
    + `<text x="${colW + gapW + 8}" y="14" font-size="11" fill="#6b7785">…to token j</text>`
    + `<g class="lines">${out.join('')}</g>${labels.join('')}</svg>`;
  $('hv-caption').textContent = `${title}. Line opacity = stored weight (below the store floor ${mats[0].floor} reads 0). Hover a token to see only its lines.`;
  const svg = root.firstChild;
  const lines = [...svg.querySelectorAll('line.att')];
  const focus = (side, idx) => {
    for (const l of lines) l.classList.toggle('faded', idx != null && l.dataset[side] !== idx);
  };
  svg.addEventListener('mouseover', (ev) => {
    const t = ev.target;
    if (t.dataset.i != null && t.classList.contains('tok')) focus('i', t.dataset.i);
    else if (t.dataset.j != null && t.classList.contains('tok')) focus('j', t.dataset.j);
  });
  svg.addEventListener('mouseout', () => focus(null, null));
  app.headView = { lines: lines.length, heads: heads.length, n };
}

/** The model view: every head's matrix as a thumbnail (row = attending token, column = attended), click to open. */
export async function renderModelView(openHead) {
  const { L, H } = shapeOf();
  const root = $('model-view');
  root.innerHTML = '';
  root.style.gridTemplateColumns = `3em repeat(${H}, minmax(36px, 1fr))`;
  root.appendChild(document.createElement('span'));
  for (let h = 0; h < H; h++) {
    const s = document.createElement('span');
    s.className = 'hlabel';
    s.textContent = `h${h}`;
    root.appendChild(s);
  }
  const cells = [];
  for (let l = 1; l <= L; l++) {
    const lab = document.createElement('span');
    lab.className = 'llabel';
    lab.textContent = `L${l}`;
    root.appendChild(lab);
    for (let h = 0; h < H; h++) {
      const c = document.createElement('canvas');
      c.className = 'thumb';
      c.width = 48;
      c.height = 48;
      c.dataset.layer = l;
      c.dataset.head = h;
      c.tabIndex = 0;
      c.title = `layer ${l}, head ${h}: open in the head view`;
      c.setAttribute('role', 'button');
      const open = () => openHead(l, h);
      c.addEventListener('click', open);
      c.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(); } });
      root.appendChild(c);
      cells.push(c);
    }
  }
  const status = $('mv-status');
  let done = 0;
  setStatus(status, 'loading', `Reading ${L * H} heads…`);
  try {
    await pool(cells.map((c) => async () => {
      const m = await matrix(state.model, state.sid, +c.dataset.layer, +c.dataset.head);
      paintThumb(c, m.weights);
      c.dataset.drawn = 'true';
      done++;
      if (done % 12 === 0) setStatus(status, 'loading', `Read ${done} of ${L * H} heads…`);
    }), 6);
    setStatus(status, '', '');
  } catch (e) {
    setStatus(status, 'error', e.message);
  }
  app.modelView = { cells: cells.length, drawn: done };
}

function paintThumb(canvas, w) {
  const n = w.length;
  const ctx = canvas.getContext('2d');
  const s = canvas.width / n;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (w[i][j] <= 0) continue;
      ctx.fillStyle = mix(COLORS.node, Math.min(1, Math.sqrt(w[i][j])));
      ctx.fillRect(j * s, i * s, Math.ceil(s), Math.ceil(s));
    }
  }
}
