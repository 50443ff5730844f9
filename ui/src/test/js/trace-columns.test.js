// The UI fetches traces as columns (/trace/columns) and unpacks them (trace-model.js traceOfColumns): the result must
// be /trace's answer for the same request, every edge and number bit for bit. Both answers are the API's own, saved
// by app WebUiTraceFixturesTest. Run with `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceOfColumns } from '../../main/resources/public/attnflow/js/trace-model.js';
import { prefetchTau, PREFETCH_RATIO } from '../../main/resources/public/attnflow/js/tau-scale.js';
import { traceFixtures } from './trace-fixtures.js';

const fixtures = traceFixtures();

test('a trace fetched as columns unpacks into exactly the trace of /trace', () => {
  for (const c of fixtures.cases) {
    assert.ok(c.baseColumns, `${c.name}: the fixture holds the columns`);
    assert.equal(c.baseColumns.edges.count, c.base.trace.edges.length);
    assert.equal(c.baseColumns.edges.scale, c.scale, 'the store\'s weight scale');
    assert.ok(c.baseColumns.edges.q.every(Number.isInteger), 'weights travel as the stored integers');
    assert.deepEqual(traceOfColumns(c.baseColumns), c.base.trace, c.name);
  }
});

test('the trace fetched ahead is PREFETCH_RATIO lower, never below the floor, none at the floor', () => {
  assert.equal(prefetchTau(0.05, 0.01), Math.round(0.05 * PREFETCH_RATIO * 1e4) / 1e4);
  assert.ok(prefetchTau(0.05, 0.01) < 0.05);
  assert.equal(prefetchTau(0.012, 0.01), 0.01);
  assert.equal(prefetchTau(0.01, 0.01), null);
});
