// The layered view's element: two stacked canvases (the picture, and the hover and focus marks over it), pan by drag,
// zoom by wheel, click and hover by hit-testing the laid-out scene (layered.js).
import { layoutLayered, paintLayered, paintMarks, layeredSvg, hitLayered } from './layered.js';

const DPR = () => Math.min(2, window.devicePixelRatio || 1);

export class LayeredView {
  /** callbacks: {onNode(layer, pos, shift), onHover(info {node}|{edge}|null, rect), onViewport(vp), onHoverNode(id|null)} */
  constructor(container, callbacks) {
    this.el = container;
    this.cb = callbacks;
    this.vp = { k: 1, tx: 0, ty: 0 };
    this.m = null;
    this.marks = { edge: null, nodes: [] };
    container.innerHTML = '';
    container.classList.add('layered');
    this.base = document.createElement('canvas');
    this.top = document.createElement('canvas');
    this.top.className = 'marks';
    container.append(this.base, this.top);
    this.bind();
  }

  size() {
    return { w: this.el.clientWidth || 800, h: this.el.clientHeight || 500 };
  }

  /** Lays out and paints a scene panel (see layoutLayered); returns {drawn, total}. */
  draw(opts) {
    const { w, h } = this.size();
    this.m = layoutLayered(opts, { w, h });
    this.marks = { edge: null, nodes: [] };
    if (opts.fit || !this.fitted) this.fit();
    else this.paint();
    return { drawn: this.m.edges.length, total: this.m.total };
  }

  /** The whole scene in the box, at most at zoom 1 (label sizes are real pixels then). */
  fit() {
    if (!this.m) return;
    const { w, h } = this.size();
    const bb = this.m.bbox;
    const pad = 20;
    const k = Math.min(1, (w - 2 * pad) / (bb.x2 - bb.x1), (h - 2 * pad) / (bb.y2 - bb.y1));
    this.fitted = true;
    this.setViewport({ k, tx: (w - k * (bb.x2 + bb.x1)) / 2, ty: pad - k * bb.y1 });
  }

  setViewport(vp, quiet) {
    this.vp = { ...vp };
    this.paint();
    if (!quiet) this.cb.onViewport?.(this.vp);
  }

  resize() {
    if (this.m) this.fit();
  }

  paint() {
    const { w, h } = this.size();
    const dpr = DPR();
    for (const c of [this.base, this.top]) {
      if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
        c.width = Math.round(w * dpr);
        c.height = Math.round(h * dpr);
        c.style.width = `${w}px`;
        c.style.height = `${h}px`;
        if (c === this.top) this.marksShown = false; // a resized canvas is blank
      }
    }
    if (!this.m) return;
    paintLayered(this.base.getContext('2d'), this.m, this.vp, dpr, w, h);
    this.paintMarks();
  }

  paintMarks() {
    if (!this.m) return;
    // An empty marks canvas stays as it is: clearing it would cost each repaint a second canvas frame.
    const any = !!this.marks.edge || this.marks.nodes.length > 0;
    if (!any && !this.marksShown) return;
    const { w, h } = this.size();
    paintMarks(this.top.getContext('2d'), this.m, this.vp, DPR(), w, h, this.marks);
    this.marksShown = any;
  }

  /** Marks the hovered edge and the hovered, focused or linked nodes (by id). */
  mark({ edge = null, nodeIds = [] }) {
    this.marks = { edge, nodes: nodeIds.map((id) => this.node(id)).filter(Boolean) };
    this.paintMarks();
  }

  node(id) {
    return this.m?.byKey.get(id.replace(/^n/, ''));
  }

  /** The screen rectangle of a node, for its tooltip; null when it is not drawn. */
  nodeRect(id) {
    if (!this.m) return null;
    const key = id.replace(/^n/, '');
    const [l, p] = key.split('_').map(Number);
    // A token that is not drawn (a middle layer's ghost of a long sentence) still has its place in the grid.
    const nd = this.node(id) || { x: this.m.col(l) * this.m.dx, y: p * this.m.dy, r: 2 };
    const r = this.el.getBoundingClientRect();
    const { k, tx, ty } = this.vp;
    const x = r.left + tx + k * nd.x;
    const y = r.top + ty + k * nd.y;
    const rad = Math.max(2, k * nd.r);
    return { left: x - rad, right: x + rad, top: y - rad, bottom: y + rad };
  }

  edgeRect(d) {
    const r = this.el.getBoundingClientRect();
    const { k, tx, ty } = this.vp;
    const xs = [d.x1, d.x2].map((x) => r.left + tx + k * x);
    const ys = [d.y1, d.y2].map((y) => r.top + ty + k * y);
    return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  }

  svg() {
    return layeredSvg(this.m);
  }

  // ------------------------------------------------------------ what the browser tests read

  traceNodeIds() { return this.m ? this.m.nodes.filter((x) => x.trace).map((x) => x.id) : []; }
  nodeValues() { return Object.fromEntries((this.m?.nodes || []).filter((x) => x.trace).map((x) => [x.id, x.value])); }
  edgeIds() { return this.m ? this.m.edges.map((d) => d.id) : []; }
  edgeClasses() { return Object.fromEntries((this.m?.edges || []).map((d) => [d.id, d.cls])); }
  nodeCount() { return this.m ? this.m.nodes.length : 0; }

  /** Scrolls a node into the middle of the view and returns its point relative to the container's centre. */
  centreOn(id) {
    const nd = this.node(id);
    const { w, h } = this.size();
    this.setViewport({ k: this.vp.k, tx: w / 2 - this.vp.k * nd.x, ty: h / 2 - this.vp.k * nd.y });
    return { dx: 0, dy: 0 };
  }

  // ------------------------------------------------------------ input

  toModel(ev) {
    const r = this.el.getBoundingClientRect();
    return { x: (ev.clientX - r.left - this.vp.tx) / this.vp.k, y: (ev.clientY - r.top - this.vp.ty) / this.vp.k };
  }

  bind() {
    let drag = null;
    const el = this.el;
    el.addEventListener('mousedown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, vp: { ...this.vp }, moved: false }; });
    window.addEventListener('mouseup', (ev) => {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (d.moved || !this.m || !el.contains(ev.target)) return;
      const p = this.toModel(ev);
      const hit = hitLayered(this.m, p.x, p.y, 4 / this.vp.k);
      if (hit?.node) this.cb.onNode?.(hit.node.layer, hit.node.pos, ev.shiftKey);
    });
    el.addEventListener('mousemove', (ev) => {
      if (drag && (drag.moved || Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) > 3)) {
        drag.moved = true;
        this.setViewport({ k: drag.vp.k, tx: drag.vp.tx + ev.clientX - drag.x, ty: drag.vp.ty + ev.clientY - drag.y });
        return;
      }
      if (!this.m) return;
      const p = this.toModel(ev);
      const hit = hitLayered(this.m, p.x, p.y, 4 / this.vp.k);
      const key = hit?.node?.id || hit?.edge?.id || null;
      if (key === this.hovered) return;
      this.hovered = key;
      if (hit?.node) {
        this.mark({ nodeIds: [hit.node.id] });
        this.cb.onHover?.(hit, this.nodeRect(hit.node.id));
      } else if (hit?.edge) {
        this.mark({ edge: hit.edge });
        this.cb.onHover?.(hit, this.edgeRect(hit.edge));
      } else {
        this.mark({});
        this.cb.onHover?.(null);
      }
      this.cb.onHoverNode?.(hit?.node?.id || null);
      el.style.cursor = hit?.node ? 'pointer' : '';
    });
    el.addEventListener('mouseleave', () => {
      this.hovered = null;
      this.mark({});
      this.cb.onHover?.(null);
      this.cb.onHoverNode?.(null);
    });
    el.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const r = el.getBoundingClientRect();
      const f = Math.exp(-ev.deltaY * 0.0015);
      const k = Math.min(8, Math.max(0.05, this.vp.k * f));
      const cx = ev.clientX - r.left;
      const cy = ev.clientY - r.top;
      const s = k / this.vp.k;
      this.setViewport({ k, tx: cx - s * (cx - this.vp.tx), ty: cy - s * (cy - this.vp.ty) });
    }, { passive: false });
  }
}

/** Keeps two views' viewports and hovered nodes in step (side-by-side compare). */
export function linkViews(a, b) {
  const link = (from, to) => {
    const own = from.cb.onViewport;
    from.cb.onViewport = (vp) => { own?.(vp); to.setViewport(vp, true); };
    from.cb.onHoverNode = (id) => to.mark({ nodeIds: id ? [id] : [] });
  };
  link(a, b);
  link(b, a);
}
