// The τ slider: logarithmic from the store floor to the τ at which the trace is only its start (that end is marked),
// with the exact τ typed in the number box beside it. A τ step traces at once; moves made while a trace is in flight
// collapse into one trace after it.
import { app, state, tauFloor } from './app.js';
import { $ } from './dom.js';
import { tauToSlider, sliderToTau, tauTop, SLIDER_STEPS } from './tau-scale.js';
import { retrace, timing, traceRequest } from './tracing.js';
import { shape } from './trace-model.js';

function top() {
  const floor = tauFloor();
  return app.tauTop && app.tauTop > floor ? app.tauTop : Math.max(1, floor * 2);
}

/** Puts the slider, the number box and the top mark in step with state.tau (after every trace). */
export function syncTauSlider() {
  const floor = tauFloor();
  if (app.loadedA && app.tauTop == null) app.tauTop = tauTop(app.loadedA, traceRequest(), shape(app.loadedA).L);
  const t = top();
  $('tau').max = String(SLIDER_STEPS);
  $('tau').value = String(tauToSlider(state.tau, floor, t));
  $('tau').setAttribute('aria-valuetext', `τ ${state.tau}`);
  $('tau-num').min = String(floor);
  $('tau-num').value = String(state.tau);
  const start = state.tokens.length ? 'its start tokens' : state.layer == null || state.dir === 'backward' ? '[CLS]' : 'its start';
  // t is a stored weight (e.g. 0.7879199981689453); rounded up to 3 decimals the statement stays true
  const shown = (Math.ceil(t * 1000) / 1000).toFixed(3);
  $('tau-top').textContent = app.tauTop ? `only ${start} from ${shown}` : '';
  $('tau-top').title = `At τ ≥ ${shown} the trace holds nothing but ${start}; the slider is logarithmic from the store floor ${floor}.`;
  $('tau-floor').textContent = String(floor);
}

function setTau(tau) {
  if (timing.tauInputAt == null) timing.tauInputAt = performance.now();
  state.tau = tau;
  state.tauAuto = false;
  $('tau-num').value = String(tau);
  tauStep();
}

let tauBusy = false;
let tauAgain = false;
async function tauStep() {
  if (tauBusy) { tauAgain = true; return; }
  tauBusy = true;
  try {
    await retrace({ kind: 'tau' });
  } finally {
    tauBusy = false;
    if (tauAgain) { tauAgain = false; tauStep(); }
  }
}

export function bindTau() {
  $('tau').addEventListener('input', () => setTau(sliderToTau(+$('tau').value, tauFloor(), top())));
  $('tau-num').addEventListener('change', () => {
    const v = Math.round(+$('tau-num').value * 1e4) / 1e4;
    if (!(v >= tauFloor() && v <= 1)) { $('tau-num').value = String(state.tau); return; }
    setTau(v);
  });
}
