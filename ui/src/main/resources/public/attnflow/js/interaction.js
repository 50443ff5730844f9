// What clicks and keys on the graph do: trace from a token, and move between tokens with the arrow keys.
import { app, state, model } from './app.js';
import { $ } from './dom.js';
import { shape, nodeKey } from './trace-model.js';
import { retrace } from './tracing.js';
import { showTooltip, hideTooltip, nodeTip } from './tooltip.js';

/** Traces from the token at (layer, pos): backward by default; with shift, adds it to the start tokens. */
export function traceFrom(layer, pos, add) {
  const L = shape(app.traceA, model(state.model)).L;
  let dir = $('dir').value;
  if (layer === 0) dir = 'forward';
  if (layer === L) dir = 'backward';
  const sameStart = state.layer === layer || (state.layer == null && layer === (state.dir === 'backward' ? L : 0));
  state.tokens = add && sameStart ? [...new Set([...(state.tokens.length ? state.tokens : [0]), pos])].sort((a, b) => a - b) : [pos];
  state.layer = layer;
  state.dir = dir;
  $('dir').value = dir;
  app.focus = { layer, pos };
  retrace({ kind: 'click' });
}

export function traceForwardFrom(pos) {
  state.dir = 'forward';
  state.layer = 0;
  state.tokens = [pos];
  $('dir').value = 'forward';
  retrace();
}

/** The keyboard cursor of the graph: a token (layer, pos) shown with its tooltip. */
function showFocus() {
  const f = app.focus;
  if (!f || !app.view) return;
  const id = nodeKey(f.layer, f.pos);
  let rect = null;
  let value = null;
  if (state.layout === 'rings') {
    const el = document.getElementById(`r${id}`);
    if (el) rect = el.getBoundingClientRect();
  } else if (app.graphA) {
    app.graphA.mark({ nodeIds: [`n${id}`] });
    rect = app.graphA.nodeRect(`n${id}`);
    value = app.graphA.node(`n${id}`)?.value ?? null;
  }
  const tn = app.traceA.nodes.find((x) => x.layer === f.layer && x.pos === f.pos);
  value = tn ? tn.value : value;
  $('graph-focus').textContent = `${app.view.text[f.pos]}, position ${f.pos}, layer ${f.layer}: Enter traces from it`;
  if (rect) showTooltip(nodeTip(app.view.text[f.pos], { layer: f.layer, pos: f.pos, value }), rect, id);
}

/**
 * Arrow keys move the cursor: up/down between tokens, left/right between layers (in the reading direction of the
 * view); Enter traces from it (shift+Enter adds it to the start tokens); Escape hides the tooltip.
 */
export function bindGraphKeys(el) {
  el.addEventListener('keydown', (ev) => {
    if (!app.traceA || !app.view) return;
    const { L } = shape(app.traceA, model(state.model));
    const n = app.view.text.length;
    const f = app.focus || { layer: state.layer ?? (state.dir === 'backward' ? L : 0), pos: state.tokens[0] ?? 0 };
    const towardInput = state.dir !== 'forward' ? 1 : -1; // the layered view reads from the start column
    const moves = {
      ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [towardInput, 0], ArrowRight: [-towardInput, 0],
    };
    if (ev.key === 'Enter') {
      ev.preventDefault();
      traceFrom(f.layer, f.pos, ev.shiftKey);
      return;
    }
    if (ev.key === 'Escape') { hideTooltip(); return; }
    const m = moves[ev.key];
    if (!m) return;
    ev.preventDefault();
    app.focus = { layer: Math.min(L, Math.max(0, f.layer + m[0])), pos: Math.min(n - 1, Math.max(0, f.pos + m[1])) };
    showFocus();
  });
  el.addEventListener('focus', () => { app.focus ||= null; showFocus(); });
  el.addEventListener('blur', hideTooltip);
}
