// The layered view's layout, hit-testing and SVG: what it draws is the scene it is given, in the reading direction of
// the trace, capped to the strongest edges, and a point on a node or an edge finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutLayered, hitLayered, layeredSvg, strongest, MAX_DRAWN_EDGES } from '../../main/resources/public/attnflow/js/layered.js';
import { sumEdges, nodeValues } from '../../main/resources/public/attnflow/js/trace-model.js';
import { traceFixtures } from './trace-fixtures.js';

const trace = {
  nodes: [{ layer: 2, pos: 0, value: 1 }, { layer: 1, pos: 1, value: 0.4 }, { layer: 1, pos: 0, value: 0.2 }, { layer: 0, pos: 2, value: 0.1 }],
  edges: [
    { fromLayer: 1, fromPos: 1, toLayer: 2, toPos: 0, head: 0, w: 0.8 },
    { fromLayer: 1, fromPos: 0, toLayer: 2, toPos: 0, head: 1, w: 0.4 },
    { fromLayer: 0, fromPos: 2, toLayer: 1, toPos: 1, head: 0, w: 0.25 },
  ],
};

function scene(extra = {}) {
  return {
    n: 3, L: 2, H: 2, texts: ['[CLS]', 'good', 'film'], special: [true, false, false], nodes: nodeValues(trace),
    edges: sumEdges(trace, [], 2), startNodes: new Set(['2_0']), backward: true, ...extra,
  };
}

test('a backward trace reads from its start: the last layer is the first column; every edge and trace node is drawn', () => {
  const m = layoutLayered(scene(), { w: 800, h: 500 });
  assert.equal(m.byKey.get('2_0').x, 0);
  assert.equal(m.byKey.get('0_2').x, 2 * m.dx);
  assert.deepEqual(m.nodes.filter((x) => x.trace).map((x) => x.id).sort(), ['n0_2', 'n1_0', 'n1_1', 'n2_0']);
  assert.deepEqual(m.edges.map((d) => d.id).sort(), ['e0_2_1', 'e1_0_0', 'e1_1_0']);
  assert.deepEqual(m.axis.map((a) => a.text), ['L0 input', 'L1', 'L2']);
  assert.ok(m.labels.every((l) => l.layer === 0 || l.layer === 2), 'words are named in the outer columns only');
  const fwd = layoutLayered(scene({ backward: false }), { w: 800, h: 500 });
  assert.equal(fwd.byKey.get('0_2').x, 0, 'a forward trace starts at the input column');
});

test('hiding special tokens keeps the start and drops the other special nodes', () => {
  const m = layoutLayered(scene({ hideSpecial: true }), { w: 800, h: 500 });
  assert.ok(m.byKey.has('2_0'), 'the start stays');
  assert.ok(!m.byKey.has('1_0') && !m.byKey.has('0_0'));
});

test('beyond the cap only the strongest edges are drawn, weakest first so the strong ones lie on top', () => {
  const edges = new Map();
  for (let i = 0; i < MAX_DRAWN_EDGES + 10; i++) {
    const e = { key: `1_${i % 60}_${Math.floor(i / 60)}`, fromLayer: 1, fromPos: i % 60, toLayer: 2, toPos: Math.floor(i / 60), mean: (i + 1) / 1e5, sum: 0, heads: [[0, 0]] };
    edges.set(e.key, e);
  }
  const n = 100;
  const m = layoutLayered({ ...scene(), n, texts: Array(n).fill('w'), special: Array(n).fill(false), nodes: new Map(), edges }, {});
  assert.equal(m.edges.length, MAX_DRAWN_EDGES);
  assert.equal(m.total, MAX_DRAWN_EDGES + 10);
  assert.ok(m.edges.every((d, i) => i === 0 || m.edges[i - 1].e.mean <= d.e.mean));
  assert.equal(m.edges[0].e.mean, 11 / 1e5, 'the 10 weakest are the ones left out');
});

test('the strongest k edges are the ones a stable sort by descending mean keeps, ties to the earlier edge', () => {
  let seed = 11;
  const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (const [count, k] of [[50, 10], [400, 399], [400, 400], [400, 7], [1000, 250]]) {
    // means from a few distinct values, so that many edges tie at the cut
    const edges = new Map(Array.from({ length: count }, (_, i) => [`k${i}`, { key: `k${i}`, mean: Math.floor(rnd() * 9) / 8 }]));
    const want = [...edges.values()].sort((a, b) => b.mean - a.mean).slice(0, k).map((e) => e.key).sort();
    const got = strongest(edges, k);
    assert.equal(got.length, Math.min(count, k));
    assert.deepEqual(got.map((e) => e.key).sort(), want, `${count} edges, k ${k}`);
    const order = [...edges.keys()];
    assert.deepEqual(got.map((e) => e.key), order.filter((key) => got.some((e) => e.key === key)), 'in the map\'s order');
  }
});

test('a point on a node finds the node, a point on an edge between columns finds the edge', () => {
  const m = layoutLayered(scene(), { w: 800, h: 500 });
  const nd = m.byKey.get('1_1');
  assert.equal(hitLayered(m, nd.x + 0.5, nd.y, 2).node.id, 'n1_1');
  const d = m.edges.find((x) => x.id === 'e1_1_0');
  const t = 0.3;
  assert.equal(hitLayered(m, d.x1 + t * (d.x2 - d.x1), d.y1 + t * (d.y2 - d.y1) + 0.5, 2).edge.id, 'e1_1_0');
  assert.equal(hitLayered(m, m.dx / 2, 2.5 * m.dy + 40, 2), null, 'nothing far from every element');
});

test('the SVG has one line per drawn edge, the layer axis and the words', () => {
  const m = layoutLayered(scene(), { w: 800, h: 500 });
  const { body, w, h } = layeredSvg(m);
  assert.equal((body.match(/<line class="edge"/g) || []).length, 3);
  assert.ok(body.includes('>L0 input</text>') && body.includes('>L2</text>'));
  assert.ok(body.includes('>good</text>'));
  assert.ok(w > 2 * m.dx && h > 2 * m.dy);
});

test('sumEdges gives the same pairs, sums and heads whether or not a pair\'s edges are one run', async () => {
  const fx = traceFixtures();
  const t = fx.cases[0].base.trace; // the API's trace: in TraceAssembler's order, a pair's heads one run
  const shuffled = { ...t, edges: [...t.edges].reverse() }; // every pair's heads still together, but the order broken
  const split = { ...t, edges: [...t.edges.filter((e, k) => k % 2 === 0), ...t.edges.filter((e, k) => k % 2 === 1)] };
  const flat = (m) => [...m.values()].map((s) => [s.key, s.sum, s.mean, s.heads]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const want = flat(sumEdges(t, [], fx.cases[0].heads));
  assert.ok(want.length > 10);
  for (const other of [shuffled, split]) {
    const got = flat(sumEdges(other, [], fx.cases[0].heads));
    assert.equal(got.length, want.length);
    got.forEach((g, i) => {
      assert.equal(g[0], want[i][0]);
      assert.ok(Math.abs(g[1] - want[i][1]) < 1e-12, `sum of ${g[0]}`);
      assert.deepEqual(g[3].map((h) => h[0]).sort(), want[i][3].map((h) => h[0]).sort());
    });
  }
});
