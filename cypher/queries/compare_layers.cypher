// compare_layers — T3 per-layer summary of a comparison: per layer both models have, the shared / onlyA / onlyB per-head edges
// above τ and their Jaccard, the mean and the largest error bound of the heads' cosines, and how many of the
// layer's heads are shared / only in A's / only in B's backward [CLS] trace.
// Guards: τ below either model's floor (Model.floor, 0.01 unless ingested with --floor) or above 1, and models
// that tokenize the sentence differently, give no rows (the app checks both before it runs the file and says
// why). Unknown model or sentence: no rows.
// Plan: compare_heads.cypher and compare_trace_heads.cypher in one query, aggregated per layer.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id (same tokenizer as A)
//   $sid       sentence id, SentenceInput.idOf(text, textB) (see `MATCH (s:Sentence) RETURN s.id, s.text`)
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/10⁴ > τ
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
MATCH (ra:Run {model: $modelA, sid: $sid}), (rb:Run {model: $modelB, sid: $sid})
WITH ma, mb, ra, rb, $tau * 10000 AS tq
WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1 AND ra.n = rb.n
WITH ma, mb, ra, rb, tq
// shared block cls-traces: the same lines stand in compare_trace_heads.cypher, compare_layers.cypher (CatalogueBlocksTest keeps them identical)
CALL {
  WITH tq
  MATCH (run:Run {model: $modelA, sid: $sid})
  MATCH (start:Token {model: $modelA, sid: $sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  WITH DISTINCT t.layer AS layer, h
  RETURN collect([layer, h]) AS usedA
}
CALL {
  WITH tq
  MATCH (run:Run {model: $modelB, sid: $sid})
  MATCH (start:Token {model: $modelB, sid: $sid, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  WITH DISTINCT t.layer AS layer, h
  RETURN collect([layer, h]) AS usedB
}
// end of shared block cls-traces
WITH ra.n AS n, CASE WHEN ra.layers < rb.layers THEN ra.layers ELSE rb.layers END AS L,
     CASE WHEN ra.heads < rb.heads THEN ra.heads ELSE rb.heads END AS H, ma.floor AS fa, mb.floor AS fb, tq, usedA, usedB
// shared block stored-pairs: the same lines stand in compare_heads.cypher, compare_layers.cypher (CatalogueBlocksTest keeps them identical)
CALL {
  WITH n, L
  UNWIND range(1, L) AS l
  UNWIND range(0, n - 1) AS i
  MATCH (:Token {model: $modelA, sid: $sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
  RETURN l, i, src.pos AS j, r.q AS qa, null AS qb
  UNION ALL
  WITH n, L
  UNWIND range(1, L) AS l
  UNWIND range(0, n - 1) AS i
  MATCH (:Token {model: $modelB, sid: $sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
  RETURN l, i, src.pos AS j, null AS qa, r.q AS qb
}
// end of shared block stored-pairs
WITH usedA, usedB, n, H, fa, fb, tq, l, i, j, head(collect(qa)) AS qa, head(collect(qb)) AS qb
UNWIND range(0, H - 1) AS h
WITH usedA, usedB, n, fa, fb, tq, l, h, i, coalesce(qa[h], 0) AS x, coalesce(qb[h], 0) AS y
WITH usedA, usedB, n, fa, fb, l, h, i,
     sum(toFloat(x) * y) AS dot, sum(toFloat(x) * x) AS na, sum(toFloat(y) * y) AS nb,
     sum(x) AS sa, sum(y) AS sb, count(CASE WHEN x > 0 THEN 1 END) AS ka, count(CASE WHEN y > 0 THEN 1 END) AS kb,
     count(CASE WHEN x > tq AND y > tq THEN 1 END) AS shared,
     count(CASE WHEN x > tq AND NOT y > tq THEN 1 END) AS onlyA,
     count(CASE WHEN y > tq AND NOT x > tq THEN 1 END) AS onlyB
// ε² row terms of the cosine bound (io.attnflow.core.compare.HeadCosine): f·max(0, 1 + 1e-5 − Σ kept + k·0.5e-4) + k·(0.5e-4 + 1e-7)²
WITH usedA, usedB, n, fa, fb, l, h, i, dot, na, nb, shared, onlyA, onlyB,
     fa * CASE WHEN 1.00001 - sa / 10000.0 + ka * 0.00005 > 0 THEN 1.00001 - sa / 10000.0 + ka * 0.00005 ELSE 0.0 END
       + ka * 0.0000501 * 0.0000501 AS ea,
     fb * CASE WHEN 1.00001 - sb / 10000.0 + kb * 0.00005 > 0 THEN 1.00001 - sb / 10000.0 + kb * 0.00005 ELSE 0.0 END
       + kb * 0.0000501 * 0.0000501 AS eb
WITH usedA, usedB, n, fa, fb, l, h, sum(dot) / 1e8 AS dot, sum(na) / 1e8 AS na, sum(nb) / 1e8 AS nb,
     sum(shared) AS shared, sum(onlyA) AS onlyA, sum(onlyB) AS onlyB,
     sum(ea) AS ea, sum(eb) AS eb, count(*) AS rows
// rows with nothing stored in either model still carry their whole mass as error
WITH usedA, usedB, l, h, dot, na, nb, shared, onlyA, onlyB,
     ea + (n - rows) * fa * 1.00001 AS ea, eb + (n - rows) * fb * 1.00001 AS eb
WITH usedA, usedB, l, h, shared, onlyA, onlyB,
     CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END AS jaccard,
     CASE WHEN na = 0 OR nb = 0 THEN 0.0 ELSE dot / sqrt(na * nb) END AS cosine,
     CASE WHEN na = 0 THEN pi() / 2 WHEN ea >= na THEN pi() / 2 ELSE asin(sqrt(ea / na)) END
       + CASE WHEN nb = 0 THEN pi() / 2 WHEN eb >= nb THEN pi() / 2 ELSE asin(sqrt(eb / nb)) END AS angles
WITH usedA, usedB, l, h, shared, onlyA, onlyB, jaccard, cosine, CASE WHEN angles > 1 THEN 1.0 ELSE angles END AS cosineBound
WITH l, usedA, usedB, sum(shared) AS shared, sum(onlyA) AS onlyA, sum(onlyB) AS onlyB, avg(cosine) AS meanCosine,
     max(cosineBound) AS maxCosineBound
RETURN l AS layer, shared, onlyA, onlyB,
       CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END AS jaccard,
       meanCosine, maxCosineBound,
       size([x IN usedA WHERE x[0] = l AND x IN usedB]) AS sharedHeads,
       size([x IN usedA WHERE x[0] = l AND NOT x IN usedB]) AS onlyAHeads,
       size([x IN usedB WHERE x[0] = l AND NOT x IN usedA]) AS onlyBHeads
ORDER BY layer
