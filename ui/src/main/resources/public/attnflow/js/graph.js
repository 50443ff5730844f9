// The attention flow graph: layers as columns (0 = input words … L), tokens in sentence order, preset positions.
/* global cytoscape */
import { nodeKey } from './trace-model.js';
import { COLORS, edgeStyle } from './style.js';

export { COLORS };

const STYLE = [
  { selector: 'node', style: {
    width: 'data(size)', height: 'data(size)', 'background-color': COLORS.ghost, 'border-width': 0,
    'font-size': 'data(fs)', 'min-zoomed-font-size': 7, color: '#333', 'text-valign': 'center',
  } },
  { selector: 'node.trace', style: { 'background-color': 'data(color)' } },
  { selector: 'node.labeled', style: { label: 'data(label)' } },
  { selector: 'node.first', style: { 'text-halign': 'left', 'text-margin-x': -4 } },
  { selector: 'node.last', style: { 'text-halign': 'right', 'text-margin-x': 4 } },
  { selector: 'node.axis', style: {
    label: 'data(label)', 'background-opacity': 0, 'text-valign': 'top', 'text-halign': 'center', color: '#6b7785',
    'font-weight': 'bold', events: 'no',
  } },
  { selector: 'node.start', style: { 'border-width': 3, 'border-color': COLORS.start } },
  { selector: 'node.hidden-special', style: { display: 'none' } },
  { selector: 'node.linked, node.hover', style: { 'border-width': 3, 'border-color': '#f1c40f' } },
  { selector: 'edge', style: {
    'curve-style': 'haystack', 'haystack-radius': 0, width: 'data(width)', 'line-color': 'data(color)',
    opacity: 'data(opacity)',
  } },
  { selector: 'edge.per-head', style: { 'haystack-radius': 0.6 } },
  { selector: 'edge.hover', style: { 'line-color': '#f39c12', opacity: 1 } },
  { selector: 'node.dim', style: { opacity: 0.25 } },
];

/**
 * Geometry of the preset layout: the grid fills the container at zoom 1 (so label sizes are real pixels), with
 * room for the token labels left of layer 0 and right of layer L. Long sentences get taller than the view.
 */
function geometry(n, L, cy) {
  const w = cy.width() || 800;
  const h = cy.height() || 500;
  const dx = Math.max(30, (w - 190) / Math.max(L, 1));
  const dy = Math.max(4, Math.min(60, (h - 30) / Math.max(n, 1)));
  return { dx, dy };
}

/** Creates a Cytoscape instance in a container, with tap and hover callbacks. */
export function createGraph(container, { onNodeTap, onHover }) {
  // ?renderer=webgl selects Cytoscape's WebGL renderer (3.31+) for measuring it against the canvas one (BENCHMARKS.md).
  const webgl = new URLSearchParams(location.search).get('renderer') === 'webgl';
  const cy = cytoscape({
    container,
    ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    style: STYLE,
    layout: { name: 'preset' },
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
    hideEdgesOnViewport: false,
    textureOnViewport: true,
    pixelRatio: 1,
  });
  cy.on('tap', 'node[pos >= 0]', (ev) => onNodeTap?.(ev.target.data('layer'), ev.target.data('pos'), ev.originalEvent?.shiftKey));
  cy.on('mouseover', 'node[pos >= 0], edge', (ev) => { ev.target.addClass('hover'); onHover?.(ev.target, ev.originalEvent); });
  cy.on('mouseout', 'node[pos >= 0], edge', (ev) => { ev.target.removeClass('hover'); onHover?.(null, ev.originalEvent); });
  // A pan or zoom moves the element away from its tooltip: hide it.
  cy.on('viewport', () => onHover?.(null));
  return cy;
}

/** Beyond this many edges only the strongest are drawn (the summary says so): keeps big traces interactive. */
export const MAX_DRAWN_EDGES = 5000;

const q = (x, k = 20) => Math.round(x * k) / k; // quantised node sizes: fewer distinct styles, cheaper diffs

/**
 * Draws a trace. `edges` is a Map of summed or per-head edges (trace-model.js); `edgeClass` optionally classifies
 * each edge as shared/onlyA/onlyB for compare mode; `nodeClass` likewise for nodes.
 * The token grid is kept while the sentence and size stay the same, and edges are diffed by id, so a τ step or a
 * head filter only touches what changed. Returns {drawn, total} edge counts.
 */
export function drawTrace(cy, {
  n, L, texts, special, nodes, edges, perHead, H, startNodes, hideSpecial, edgeClass, nodeClass, fit, color, backward,
}) {
  const { dx, dy } = geometry(n, L, cy);
  const base = color || COLORS.node;
  let maxValue = 0;
  for (const x of nodes.values()) maxValue = Math.max(maxValue, x.value || 0);
  const col = (l) => (backward ? L - l : l); // the start column on the left: the eye starts where the trace does
  const maxSize = Math.max(6, Math.min(28, dy * 1.5));
  const ghostSize = Math.max(3, Math.min(8, dy * 0.4));
  const fontSize = Math.max(4, Math.min(12, dy * 0.8));
  const gridKey = `${n}|${L}|${backward}|${Math.round(dx)}|${Math.round(dy)}|${texts.join('\u0001')}`;
  const rebuild = cy.scratch('attnflowGrid') !== gridKey;

  // Untraced tokens ("ghosts") of the middle layers are drawn for short sentences only: they show the grid, but
  // for long ones they would be most of Cytoscape's work. Input words and top-layer tokens are always clickable.
  const ghostsEverywhere = n <= 64;
  const nodeEls = [];
  for (let l = 0; l <= L; l++) {
    for (let p = 0; p < n; p++) {
      const tn = nodes.get(nodeKey(l, p));
      if (!tn && !ghostsEverywhere && l !== 0 && l !== L) continue;
      const classes = [];
      let size = ghostSize;
      let c = COLORS.ghost;
      if (tn) {
        classes.push('trace');
        size = q(4 + (maxSize - 4) * Math.sqrt(maxValue > 0 ? Math.max(tn.value, 0) / maxValue : 0), 2);
        const nc = nodeClass?.(l, p);
        c = nc ? COLORS[nc] : base;
      }
      // Words are labelled in the outer columns only: middle labels would overprint the edges (hover names them).
      if (col(l) === 0) classes.push('first', 'labeled');
      else if (col(l) === L) classes.push('last', 'labeled');
      if (special[p]) classes.push('special');
      if (special[p] && hideSpecial && !startNodes.has(nodeKey(l, p))) classes.push('hidden-special');
      if (startNodes.has(nodeKey(l, p))) classes.push('start');
      const cls = classes.join(' ');
      const value = tn ? tn.value : null;
      nodeEls.push({
        group: 'nodes',
        data: { id: `n${nodeKey(l, p)}`, layer: l, pos: p, label: texts[p], size, color: c, value,
          fs: l === 0 || l === L ? fontSize : fontSize * 0.8, sig: `${size}|${c}|${cls}|${value}` },
        position: { x: col(l) * dx, y: p * dy },
        classes: cls,
      });
    }
  }

  // The layer axis above the columns, part of the graph so that every export carries it.
  for (let l = 0; l <= L; l++) {
    nodeEls.push({
      group: 'nodes',
      data: { id: `axis${l}`, label: l === 0 ? 'L0 input' : `L${l}`, sig: 'axis', size: 1, fs: Math.max(9, Math.min(13, dx / 4)) },
      position: { x: col(l) * dx, y: -Math.max(16, dy) },
      classes: 'axis',
    });
  }

  let list = [...edges.values()];
  const total = list.length;
  if (total > MAX_DRAWN_EDGES) list = list.sort((a, b) => b.mean - a.mean).slice(0, MAX_DRAWN_EDGES);
  let maxMean = 0;
  for (const e of list) maxMean = Math.max(maxMean, e.mean);
  const edgeEls = new Map();
  for (const e of list) {
    const cl = edgeClass?.(e.key) || null;
    const { width, opacity, color: c } = edgeStyle(e, maxMean, { cls: cl, perHead, H, color, compare: !!edgeClass });
    const id = `e${e.key}`;
    edgeEls.set(id, {
      group: 'edges',
      data: {
        id, source: `n${nodeKey(e.fromLayer, e.fromPos)}`, target: `n${nodeKey(e.toLayer, e.toPos)}`,
        width, opacity, color: c, layer: e.toLayer, heads: e.heads, sum: e.sum, mean: e.mean, cmp: cl,
        fromLayer: e.fromLayer, fromPos: e.fromPos, toLayer: e.toLayer, toPos: e.toPos,
        sig: `${width}|${opacity}|${c}|${e.sum}|${e.heads.length}`,
      },
      classes: perHead ? 'per-head' : '',
    });
  }

  cy.startBatch();
  if (rebuild) {
    cy.elements().remove();
    cy.add(nodeEls);
    cy.scratch('attnflowGrid', gridKey);
  } else {
    const want = new Set(nodeEls.map((el) => el.data.id));
    cy.nodes().filter((nd) => !want.has(nd.id())).remove();
    const addNodes = [];
    for (const el of nodeEls) {
      const nd = cy.getElementById(el.data.id);
      if (nd.empty()) addNodes.push(el);
      else if (nd.data('sig') !== el.data.sig) {
        nd.data(el.data);
        nd.classes(el.classes);
      }
    }
    cy.add(addNodes);
  }
  cy.edges().filter((e) => !edgeEls.has(e.id())).remove();
  const add = [];
  for (const [id, el] of edgeEls) {
    const e = cy.getElementById(id);
    if (e.empty()) add.push(el);
    else if (e.data('sig') !== el.data.sig) {
      e.data(el.data);
      e.classes(el.classes);
    }
  }
  cy.add(add);
  cy.endBatch();
  if (fit) cy.fit(undefined, 20);
  return { drawn: list.length, total };
}

/** Resolves after Cytoscape has drawn the current elements (next render event, or two frames). */
export function afterRender(cy) {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(); } };
    cy.one('render', () => requestAnimationFrame(finish));
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(finish, 50)));
  });
}

/** Keeps two graphs' viewports and hovered nodes in step (side-by-side compare). */
export function linkGraphs(a, b) {
  let syncing = false;
  const sync = (from, to) => () => {
    if (syncing || !to.container()) return;
    syncing = true;
    to.viewport({ zoom: from.zoom(), pan: from.pan() });
    syncing = false;
  };
  a.on('viewport', sync(a, b));
  b.on('viewport', sync(b, a));
  const link = (from, to) => {
    from.on('mouseover', 'node', (ev) => to.getElementById(ev.target.id()).addClass('linked'));
    from.on('mouseout', 'node', (ev) => to.getElementById(ev.target.id()).removeClass('linked'));
  };
  link(a, b);
  link(b, a);
}
