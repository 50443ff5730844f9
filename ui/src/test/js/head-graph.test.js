// The head graph's elements: counterpart lines follow fineTunedFrom (base -> each fine-tuned state), whatever the
// order the models were built in; without that relation they pair the first model with the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elements, counterpartPairs } from '../../main/resources/public/attnflow/js/head-graph-elements.js';

const heads = (model, L, H) => Array.from({ length: L * H }, (_, x) => ({
  model, layer: Math.floor(x / H) + 1, head: x % H, pattern: 'vertical', community: x % 3,
}));
const view = (models) => ({ models, heads: models.flatMap((m) => heads(m, 2, 3)), edges: [] });
const stored = [
  { id: 'base' },
  { id: 'ft@step83', fineTunedFrom: { model: 'base', step: 83 } },
  { id: 'ft@final', fineTunedFrom: { model: 'base', step: 250 } },
  { id: 'other' },
];
const lines = (els) => els.filter((e) => e.classes === 'counterpart').map((e) => `${e.data.source}>${e.data.target}`);

test('each head of the base gets a line to the same head of its fine-tune, even when the fine-tune is named first', () => {
  const els = elements(view(['ft@final', 'base']), {}, 'community', stored);
  const got = lines(els);
  assert.equal(got.length, 6);
  for (let x = 0; x < 6; x++) assert.ok(got.includes(`base|${Math.floor(x / 3) + 1}|${x % 3}>ft@final|${Math.floor(x / 3) + 1}|${x % 3}`));
});

test('a base with two checkpoints gets lines to both; an unrelated model pairs with the first model', () => {
  assert.deepEqual(counterpartPairs(['base', 'ft@step83', 'ft@final'], stored), [['base', 'ft@step83'], ['base', 'ft@final']]);
  assert.deepEqual(counterpartPairs(['other', 'base'], stored), [['other', 'base']]);
  assert.deepEqual(counterpartPairs(['ft@final', 'other'], stored), [['ft@final', 'other']]);
  assert.deepEqual(counterpartPairs(['base'], stored), []);
});

test('one node per head and one SIMILAR edge per edge of the view', () => {
  const v = view(['base', 'ft@final']);
  v.edges = [{ modelA: 'base', layerA: 1, headA: 0, modelB: 'ft@final', layerB: 1, headB: 0, js: 0.1, cosine: 0.9 }];
  const els = elements(v, { base: { '1:0': 0.5 } }, 'model', stored);
  assert.equal(els.filter((e) => e.group === 'nodes').length, 12);
  assert.equal(els.filter((e) => e.classes === 'similar').length, 1);
  const n = els.find((e) => e.data.id === 'base|1|0');
  assert.equal(n.data.size, 40);
});
