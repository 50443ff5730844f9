// The browser's τ derivation against the server: each fixture holds the API's trace at a low τ and its traces of
// the same request at higher τs (saved by app WebUiTraceFixturesTest). Deriving the higher ones from the low one
// must give the same edges in the same order and the same numbers. Run with `node --test` (no browser, no npm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceAtHigherTau, headsInLayer, traceLength } from '../../main/resources/public/attnflow/js/tau-derive.js';
import { traceFixtures } from './trace-fixtures.js';

const fixtures = traceFixtures();

/** The request as the UI holds it (state.js): tokens as numbers, heads as {layer, head}. */
function uiRequest(r, tau, scale) {
  return {
    direction: r.direction,
    alpha: r.alpha,
    fromLayer: r.fromLayer ?? null,
    tokens: r.tokens ? r.tokens.split(',').map(Number) : [],
    heads: r.heads ? r.heads.split(',').map((x) => { const [layer, head] = x.split(':').map(Number); return { layer, head }; }) : [],
    tau,
    scale,
  };
}

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

function assertSameTrace(got, want) {
  assert.deepEqual(got.edges, want.edges, 'the same per-head edges in the same order');
  assert.deepEqual(got.nodes.map((x) => [x.layer, x.pos, x.token]), want.nodes.map((x) => [x.layer, x.pos, x.token]),
    'the same nodes in the same order');
  got.nodes.forEach((x, i) => close(x.value, want.nodes[i].value, `flow of ${x.layer}_${x.pos}`));
  assert.equal(got.influence.length, want.influence.length);
  got.influence.forEach((v, i) => close(v, want.influence[i], `influence of token ${i}`));
  got.headImportance.forEach((row, l) => row.forEach((v, h) => close(v, want.headImportance[l][h], `importance ${l + 1}:${h}`)));
  assert.deepEqual(got.rollout, want.rollout, 'rollout does not depend on τ');
  assert.deepEqual(got.attentionFlow ?? null, want.attentionFlow ?? null, 'nor does attention flow (max-flow)');
}

test('the fixtures hold traces that get smaller as τ rises', () => {
  assert.ok(fixtures.cases.length >= 3);
  for (const c of fixtures.cases) {
    let prev = c.base.trace.edges.length;
    assert.ok(prev > 0, `${c.name}: the base trace is not empty`);
    for (const h of c.higher) {
      assert.ok(h.trace.edges.length <= prev, `${c.name}: τ ${h.tau} keeps at most the edges of a lower τ`);
      prev = h.trace.edges.length;
    }
  }
});

for (const c of fixtures.cases) {
  for (const h of c.higher) {
    test(`${c.name}: τ ${c.base.tau} → ${h.tau} equals the API's trace`, () => {
      const got = traceAtHigherTau(c.base.trace, uiRequest(c.request, h.tau, c.scale), c.layers, c.heads);
      assertSameTrace(got, h.trace);
    });
  }
  test(`${c.name}: deriving at the loaded τ gives the loaded trace back`, () => {
    const got = traceAtHigherTau(c.base.trace, uiRequest(c.request, c.base.tau, c.scale), c.layers, c.heads);
    assertSameTrace(got, c.base.trace);
  });
}

test('a layer without selected heads counts all of them', () => {
  const sel = [{ layer: 2, head: 1 }, { layer: 2, head: 3 }];
  assert.equal(headsInLayer(sel, 2, 12), 2);
  assert.equal(headsInLayer(sel, 3, 12), 12);
});

test('the sentence length is read from influence, rollout or nodes', () => {
  assert.equal(traceLength({ nodes: [{ pos: 4 }], influence: [], rollout: [] }), 5);
  assert.equal(traceLength({ nodes: [], influence: [0, 0, 0], rollout: [] }), 3);
});
