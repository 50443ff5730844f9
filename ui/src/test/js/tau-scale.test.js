// The τ slider's log scale and the readable default τ, on the API's traces saved as fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceAtHigherTau } from '../../main/resources/public/attnflow/js/tau-derive.js';
import {
  pickTauWithinBudget, tokenPairs, tauTop, tauToSlider, sliderToTau, SLIDER_STEPS, aheadTimeoutMs,
} from '../../main/resources/public/attnflow/js/tau-scale.js';
import { traceFixtures } from './trace-fixtures.js';

const fixtures = traceFixtures();
const c = fixtures.cases[0];
const req = (tau) => ({ direction: 'backward', alpha: 0.5, fromLayer: null, tokens: [], heads: [], tau, scale: c.scale });

test('the picked τ is the lowest that keeps the drawn token pairs within the budget', () => {
  const base = c.base.trace;
  const all = tokenPairs(base);
  const budget = Math.floor(all / 3);
  const tau = pickTauWithinBudget(base, req(c.base.tau), c.layers, c.base.tau, c.heads, budget);
  assert.ok(tau > c.base.tau);
  assert.ok(tokenPairs(traceAtHigherTau(base, req(tau), c.layers, c.heads)) <= budget);
  const below = (Math.round(tau * c.scale) - 1) / c.scale;
  assert.ok(tokenPairs(traceAtHigherTau(base, req(below), c.layers, c.heads)) > budget, 'one step lower is over budget');
});

test('a trace within the budget keeps its τ', () => {
  assert.equal(pickTauWithinBudget(c.base.trace, req(c.base.tau), c.layers, c.base.tau, c.heads, 1e9), c.base.tau);
});

test('at the top τ the trace is only its start', () => {
  const top = tauTop(c.base.trace, req(c.base.tau), c.layers);
  assert.ok(top > c.base.tau);
  assert.equal(traceAtHigherTau(c.base.trace, req(top), c.layers, c.heads).edges.length, 0);
  const below = (Math.round(top * c.scale) - 1) / c.scale;
  assert.ok(traceAtHigherTau(c.base.trace, req(below), c.layers, c.heads).edges.length > 0);
});

test('the slider is logarithmic from the floor to the top, and its ends are the floor and the top', () => {
  assert.equal(sliderToTau(0, 0.01, 0.5), 0.01);
  assert.equal(sliderToTau(SLIDER_STEPS, 0.01, 0.5), 0.5);
  assert.equal(tauToSlider(0.01, 0.01, 0.5), 0);
  assert.equal(tauToSlider(0.5, 0.01, 0.5), SLIDER_STEPS);
  const mid = sliderToTau(SLIDER_STEPS / 2, 0.01, 0.64);
  assert.ok(Math.abs(mid - 0.08) < 1e-4, `the middle is the geometric mean, got ${mid}`);
  for (const t of [0.0123, 0.05, 0.3]) assert.ok(Math.abs(sliderToTau(tauToSlider(t, 0.01, 0.5), 0.01, 0.5) - t) / t < 0.01);
});

test('a trace fetched ahead gets 5× the shown trace\'s server time, within 2 to 20 s; unknown: the most', () => {
  assert.equal(aheadTimeoutMs(300), 2000);
  assert.equal(aheadTimeoutMs(1000), 5000);
  assert.equal(aheadTimeoutMs(9000), 20000);
  assert.equal(aheadTimeoutMs(null), 20000);
  assert.equal(aheadTimeoutMs(1234.5), Math.round(5 * 1234.5));
});
