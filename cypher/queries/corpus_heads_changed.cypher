// corpus_heads_changed — T3 over a corpus: the heads that changed most between two models. Per head both have, the mean over every
// sentence ingested for both (same token count) of the head's cosine and edge Jaccard at τ, and in how many
// sentences both models' [CLS] traces use it. Lowest mean cosine (changed most) first.
// Plan: per sentence, as compare_heads.cypher and compare_trace_heads.cypher; seconds for a few hundred sentences.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id (same tokenizer as A)
//   $tau       threshold τ in [floor, 1] (both models' Model.floor, 0.01 by default; outside it: no rows): a
//              per-head edge is kept when its stored weight q/10⁴ > τ
//   $corpus    restrict to Sentence.corpus = $corpus; null = every sentence
//   $limit     how many rows to return
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param tau => 0.1;
//   :param corpus => null;
//   :param limit => 10;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
WITH ma, mb, $tau * 10000 AS tq
WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1
MATCH (ra:Run {model: $modelA})-[:OF]->(s:Sentence)<-[:OF]-(rb:Run {model: $modelB})
  WHERE ra.n = rb.n AND ($corpus IS NULL OR s.corpus = $corpus)
WITH ma, mb, ra, rb, tq, s.id AS sid
WITH collect([ra, rb, sid]) AS pairs, ma, mb, tq
UNWIND pairs AS pair
WITH ma, mb, pair[0] AS ra, pair[1] AS rb, pair[2] AS sid, tq, size(pairs) AS sentences
CALL {
  WITH ma, mb, ra, rb, sid, tq
  CALL {
    WITH tq, sid
    MATCH (run:Run {model: $modelA, sid: sid})
    MATCH (start:Token {model: $modelA, sid: sid, layer: run.layers, pos: 0})
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
    WITH tq, sid
    MATCH (run:Run {model: $modelB, sid: sid})
    MATCH (start:Token {model: $modelB, sid: sid, layer: run.layers, pos: 0})
    MATCH (start)<-[rs:ATTENDS*0..]-(t)
      WHERE all(r IN rs WHERE r.max > tq)
    WITH DISTINCT run, tq, t
    MATCH (t)<-[r:ATTENDS]-()
      WHERE t.layer > 0 AND r.max > tq
    UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
    WITH DISTINCT t.layer AS layer, h
    RETURN collect([layer, h]) AS usedB
  }
  WITH ra.n AS n, CASE WHEN ra.layers < rb.layers THEN ra.layers ELSE rb.layers END AS L,
       CASE WHEN ra.heads < rb.heads THEN ra.heads ELSE rb.heads END AS H, ma.floor AS fa, mb.floor AS fb, tq, sid, usedA, usedB
  CALL {
    WITH n, L, sid
    UNWIND range(1, L) AS l
    UNWIND range(0, n - 1) AS i
    MATCH (:Token {model: $modelA, sid: sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
    RETURN l, i, src.pos AS j, r.q AS qa, null AS qb
    UNION ALL
    WITH n, L, sid
    UNWIND range(1, L) AS l
    UNWIND range(0, n - 1) AS i
    MATCH (:Token {model: $modelB, sid: sid, layer: l, pos: i})<-[r:ATTENDS]-(src)
    RETURN l, i, src.pos AS j, null AS qa, r.q AS qb
  }
  WITH sid, usedA, usedB, n, H, fa, fb, tq, l, i, j, head(collect(qa)) AS qa, head(collect(qb)) AS qb
  UNWIND range(0, H - 1) AS h
  WITH sid, usedA, usedB, n, fa, fb, tq, l, h, i, coalesce(qa[h], 0) AS x, coalesce(qb[h], 0) AS y
  WITH sid, usedA, usedB, n, fa, fb, l, h, i,
       sum(toFloat(x) * y) AS dot, sum(toFloat(x) * x) AS na, sum(toFloat(y) * y) AS nb,
       sum(x) AS sa, sum(y) AS sb, count(CASE WHEN x > 0 THEN 1 END) AS ka, count(CASE WHEN y > 0 THEN 1 END) AS kb,
       count(CASE WHEN x > tq AND y > tq THEN 1 END) AS shared,
       count(CASE WHEN x > tq AND NOT y > tq THEN 1 END) AS onlyA,
       count(CASE WHEN y > tq AND NOT x > tq THEN 1 END) AS onlyB
  // ε² row terms of the cosine bound (io.attnflow.core.compare.HeadCosine): f·max(0, 1 + 1e-5 − Σ kept + k·0.5e-4) + k·(0.5e-4 + 1e-7)²
  WITH sid, usedA, usedB, n, fa, fb, l, h, i, dot, na, nb, shared, onlyA, onlyB,
       fa * CASE WHEN 1.00001 - sa / 10000.0 + ka * 0.00005 > 0 THEN 1.00001 - sa / 10000.0 + ka * 0.00005 ELSE 0.0 END
         + ka * 0.0000501 * 0.0000501 AS ea,
       fb * CASE WHEN 1.00001 - sb / 10000.0 + kb * 0.00005 > 0 THEN 1.00001 - sb / 10000.0 + kb * 0.00005 ELSE 0.0 END
         + kb * 0.0000501 * 0.0000501 AS eb
  WITH sid, usedA, usedB, n, fa, fb, l, h, sum(dot) / 1e8 AS dot, sum(na) / 1e8 AS na, sum(nb) / 1e8 AS nb,
       sum(shared) AS shared, sum(onlyA) AS onlyA, sum(onlyB) AS onlyB,
       sum(ea) AS ea, sum(eb) AS eb, count(*) AS rows
  // rows with nothing stored in either model still carry their whole mass as error
  WITH sid, usedA, usedB, l, h, dot, na, nb, shared, onlyA, onlyB,
       ea + (n - rows) * fa * 1.00001 AS ea, eb + (n - rows) * fb * 1.00001 AS eb
  WITH sid, usedA, usedB, l, h, shared, onlyA, onlyB,
       CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END AS jaccard,
       CASE WHEN na = 0 OR nb = 0 THEN 0.0 ELSE dot / sqrt(na * nb) END AS cosine,
       CASE WHEN na = 0 THEN pi() / 2 WHEN ea >= na THEN pi() / 2 ELSE asin(sqrt(ea / na)) END
         + CASE WHEN nb = 0 THEN pi() / 2 WHEN eb >= nb THEN pi() / 2 ELSE asin(sqrt(eb / nb)) END AS angles
  WITH sid, usedA, usedB, l, h, shared, onlyA, onlyB, jaccard, cosine, CASE WHEN angles > 1 THEN 1.0 ELSE angles END AS cosineBound
  RETURN l, h, cosine, jaccard, [l, h] IN usedA AND [l, h] IN usedB AS shared
}
RETURN l AS layer, h AS head, avg(cosine) AS meanCosine, avg(jaccard) AS meanJaccard,
       count(CASE WHEN shared THEN 1 END) AS sharedIn, count(*) AS sentences
ORDER BY meanCosine, layer, head
LIMIT $limit
