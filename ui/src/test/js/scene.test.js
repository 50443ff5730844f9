// What the views draw: the server's edge sides grouped per token pair, hiding special tokens without fragments,
// and the k strongest edges into each token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeEdges, changeNodes } from '../../main/resources/public/attnflow/js/compare-model.js';
import { withoutSpecial, topKPerToken, reachable } from '../../main/resources/public/attnflow/js/scene.js';
import { sumEdges } from '../../main/resources/public/attnflow/js/trace-model.js';

const diff = (layer, head, fromPos, toPos, wA, wB, side) => ({ layer, head, fromPos, toPos, wA, wB, side });

test('a token pair is only-A when A has it above τ in some head and B in none, shared otherwise', () => {
  const edges = changeEdges([
    diff(1, 0, 0, 1, 0.5, 0.0, 'ONLY_A'),
    diff(1, 1, 0, 1, 0.4, 0.3, 'SHARED'),
    diff(1, 0, 2, 1, 0.0, 0.6, 'ONLY_B'),
    diff(2, 3, 1, 1, 0.2, 0.0, 'ONLY_A'),
    diff(2, 4, 1, 1, 0.0, 0.3, 'ONLY_B'),
  ], { perHead: false, selected: [], H: 12 });
  assert.equal(edges.get('0_0_1').cls, 'shared');
  assert.equal(edges.get('0_2_1').cls, 'onlyB');
  assert.equal(edges.get('1_1_1').cls, 'shared', 'A in one head and B in another: both have the pair');
  assert.ok(Math.abs(edges.get('0_0_1').mean - (0.5 + 0.4) / 12) < 1e-15, 'the larger weight, averaged over the heads');
  const nodes = changeNodes(edges);
  assert.equal(nodes.get('0_2').cls, 'onlyB');
  assert.equal(nodes.get('1_1').cls, 'shared');
});

test('per head, each edge keeps the server\'s side; selected heads filter their layers only', () => {
  const d = [diff(1, 0, 0, 1, 0.5, 0, 'ONLY_A'), diff(1, 1, 0, 1, 0.4, 0.3, 'SHARED'), diff(2, 0, 0, 0, 0, 0.2, 'ONLY_B')];
  const per = changeEdges(d, { perHead: true, selected: [{ layer: 1, head: 1 }], H: 12 });
  assert.deepEqual([...per.keys()].sort(), ['0_0_1_1', '1_0_0_0']);
  assert.equal(per.get('0_0_1_1').cls, 'shared');
  assert.equal(per.get('1_0_0_0').cls, 'onlyB');
});

// A backward trace from [CLS]@2: [CLS]@2 ← a@1 ← b@0, and [CLS]@2 ← [SEP]@1 ← c@0.
const trace = {
  nodes: [{ layer: 2, pos: 0, value: 1 }, { layer: 1, pos: 1, value: 0.5 }, { layer: 1, pos: 3, value: 0.5 },
    { layer: 0, pos: 2, value: 0.2 }, { layer: 0, pos: 4, value: 0.2 }],
  edges: [
    { fromLayer: 1, fromPos: 1, toLayer: 2, toPos: 0, head: 0, w: 0.5 },
    { fromLayer: 1, fromPos: 3, toLayer: 2, toPos: 0, head: 0, w: 0.5 },
    { fromLayer: 0, fromPos: 2, toLayer: 1, toPos: 1, head: 0, w: 0.4 },
    { fromLayer: 0, fromPos: 4, toLayer: 1, toPos: 3, head: 0, w: 0.4 },
  ],
};
const special = [true, false, false, true, false];

test('hiding special tokens drops their edges and what only they connected, never the start', () => {
  const edges = sumEdges(trace, [], 1);
  const nodes = new Map(trace.nodes.map((x) => [`${x.layer}_${x.pos}`, x]));
  const r = withoutSpecial(nodes, edges, special, new Set(['2_0']), true);
  assert.deepEqual([...r.edges.keys()].sort(), ['0_2_1', '1_1_0']);
  assert.deepEqual([...r.nodes.keys()].sort(), ['0_2', '1_1', '2_0'], 'c@0, reached only through [SEP], is not drawn');
});

test('reachable walks from the start in the trace direction', () => {
  const edges = sumEdges(trace, [], 1);
  assert.equal(reachable(edges, new Set(['1_1']), true).edges.size, 1);
  assert.equal(reachable(edges, new Set(['0_4']), false).edges.size, 2);
});

test('top-k keeps the strongest edges into each token', () => {
  const edges = sumEdges(trace, [], 1);
  const k1 = topKPerToken(edges, 1);
  assert.equal(k1.size, 3, 'one edge into [CLS]@2, one into a@1, one into [SEP]@1');
});

test('summing per pair does not depend on the order of the edges (a pair\'s heads need not follow each other)', () => {
  const edges = [];
  for (let l = 1; l <= 3; l++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let h = 0; h < 3; h++) {
    if ((l + i + j + h) % 3) edges.push({ fromLayer: l - 1, fromPos: i, toLayer: l, toPos: j, head: h, w: ((l * 7 + i * 5 + j * 3 + h) % 11) / 16 });
  }
  const shuffled = edges.map((e, k) => [((k * 7919) % edges.length), e]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  const view = (m) => Object.fromEntries([...m].map(([k, s]) => [k, [s.sum, s.mean, [...s.heads].sort((a, b) => a[0] - b[0])]]));
  const ordered = sumEdges({ nodes: [], edges, influence: new Array(4).fill(0) }, [], 3);
  const mixed = sumEdges({ nodes: [], edges: shuffled, influence: new Array(4).fill(0) }, [], 3);
  assert.equal(ordered.size, 3 * 4 * 4);
  assert.deepEqual(view(mixed), view(ordered));
});
