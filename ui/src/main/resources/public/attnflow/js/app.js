// The page's shared state: the view state (state.js, mirrored in the URL), the loaded data, and the test and
// benchmark hook window.attnflow that the browser tests read.
import { readState } from './state.js';

export const state = readState();

export const app = {
  graphA: null, // LayeredView of panel A (layered-view.js)
  graphB: null,
  state,
  models: [],
  traceA: null,
  traceB: null,
  tokens: null,
  compare: null, // {result: CompareResult, edges: [EdgeDiff]} of the current pair, from the server
  tracedTau: null, // the τ of the traces shown
  perf: [],
  renders: 0,
  idle: false,
  error: null,
  lastExport: null,
  drawn: null,
  counts() {
    const c = (g) => g && g.m && ({ traceNodes: g.traceNodeIds().length, nodes: g.nodeCount(), edges: g.m.edges.length });
    return { a: c(this.graphA), b: this.state.cmp && this.state.view === 'side' ? c(this.graphB) : null };
  },
};
window.attnflow = app;

export const model = (id) => app.models.find((m) => m.id === id);
export const floorOf = (m) => (m && Number.isFinite(m.floor) ? m.floor : 0.01);

/** A model's weight scale: its stored weights are q = round(w·scale) (StoredWeights). */
export const scaleOf = (m) => m.scale;

/** The store floor both shown models share: τ may not go below it. */
export function tauFloor() {
  const f = floorOf(model(state.model));
  return state.cmp ? Math.max(f, floorOf(model(state.cmp))) : f;
}
