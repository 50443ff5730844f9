// The τ slider's scale and the readable default τ. The store keeps q = round(w·scale) (req.scale, the model's `scale`
// of /api/models); the cuts below work on those q. Slider positions give τ rounded to 10⁻⁴ for reading. No DOM.
import { traceAtHigherTau, traceLength } from './tau-derive.js';
import { pairIndex } from './trace-model.js';

/** Drawn token pairs at most, by default: beyond this a trace is a hairball (docs/DESIGN.md, "Readable by default"). */
export const PAIR_BUDGET = 600;

/**
 * After a trace at τ, the page fetches the same trace at τ·PREFETCH_RATIO in the background (never below the floor),
 * so that τ steps down to there are derived in the browser; it does so while no loaded trace is at or below
 * τ·PREFETCH_WHEN. A lower ratio covers longer drags down but fetches (and derives from) larger traces.
 */
export const PREFETCH_RATIO = 0.6;
export const PREFETCH_WHEN = 0.8;

/** The τ to fetch ahead after a trace at tau, or null when tau is already at the floor. */
export function prefetchTau(tau, floor) {
  const t = Math.max(floor, quantise(tau * PREFETCH_RATIO));
  return t < tau ? t : null;
}

/**
 * The time budget (ms) the server gets for a trace fetched ahead, from what the trace just shown took it (until its
 * headers): AHEAD_FACTOR times that (the trace ahead is larger), within [AHEAD_MIN_MS, AHEAD_MAX_MS]. Past it the
 * server stops the query, so a trace the page no longer waits for (left, another sentence) holds the store at most
 * that long (docs/DESIGN.md, "Traces fetched ahead have a time budget"); a step down then asks the API.
 */
export const AHEAD_FACTOR = 5;
export const AHEAD_MIN_MS = 2000;
export const AHEAD_MAX_MS = 20000;

export function aheadTimeoutMs(serverMs) {
  const t = Number.isFinite(serverMs) ? AHEAD_FACTOR * serverMs : AHEAD_MAX_MS;
  return Math.round(Math.min(AHEAD_MAX_MS, Math.max(AHEAD_MIN_MS, t)));
}

/** Slider positions between the floor and the top. */
export const SLIDER_STEPS = 1000;

const quantise = (tau) => Math.round(tau * 1e4) / 1e4;

/** Distinct (layer, from, to) token pairs of a trace: what the layered view draws as one edge each. */
export function tokenPairs(trace) {
  const s = new Set();
  const n = traceLength(trace);
  for (const e of trace.edges) s.add(pairIndex(e, n));
  return s.size;
}

function firstLayer(req, L) {
  const backward = req.direction !== 'forward';
  const from = req.fromLayer ?? (backward ? L : 0);
  return backward ? from : from + 1;
}

/**
 * The lowest τ at which the trace holds nothing but its start (for a backward trace from [CLS]: only [CLS]):
 * the largest stored weight leaving the start, as τ. Null when the trace has no edge.
 */
export function tauTop(trace, req, L) {
  const first = firstLayer(req, L);
  let q = -1;
  const s = req.scale;
  for (const e of trace.edges) if (e.toLayer === first) q = Math.max(q, Math.round(e.w * s));
  if (q < 0) return null;
  // The cut is q > τ·scale in floating point (as on the server): q/scale·scale may fall just below q, so go one step up then.
  return q > (q / s) * s ? (q + 1) / s : q / s;
}

/**
 * The lowest τ ≥ tau whose trace draws at most `budget` token pairs, found by bisection over the stored weights
 * (the pair count only falls as τ rises); `trace` is the loaded trace at `tau`.
 */
export function pickTauWithinBudget(trace, req, L, tau, H, budget = PAIR_BUDGET) {
  if (tokenPairs(trace) <= budget) return tau;
  const s = req.scale;
  const qs = [...new Set(trace.edges.map((e) => Math.round(e.w * s)))].filter((q) => q / s > tau).sort((a, b) => a - b);
  let lo = 0;
  let hi = qs.length - 1; // at τ = qs[last] nothing above it remains: within budget
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = qs[mid] / s;
    if (tokenPairs(traceAtHigherTau(trace, { ...req, tau: t }, L, H)) <= budget) hi = mid; else lo = mid + 1;
  }
  return qs.length ? qs[lo] / s : tau;
}

/** Slider position 0…SLIDER_STEPS of τ on a logarithmic scale from the floor to the top. */
export function tauToSlider(tau, floor, top) {
  if (!(top > floor)) return 0;
  const t = Math.min(Math.max(tau, floor), top);
  return Math.round((SLIDER_STEPS * Math.log(t / floor)) / Math.log(top / floor));
}

/** τ of a slider position (the inverse of tauToSlider), rounded to 10⁻⁴ for reading. */
export function sliderToTau(s, floor, top) {
  if (!(top > floor)) return floor;
  return quantise(floor * Math.pow(top / floor, s / SLIDER_STEPS));
}
