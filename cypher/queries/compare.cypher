// compare — T3 compare two models on one sentence ($sid) or over a corpus ($sid = null): per head, per layer and per sentence, in one row.
// For each sentence ingested for both models with the same token count, and each head (layer, head) both have:
// the per-head edges above τ shared by both, only in A, only in B, their Jaccard overlap (1 when neither has one),
// the cosine of the two stored n×n matrices A^l_h (Kovaleva et al. 2019) with cosineBound, a bound on its distance
// to the cosine of the full float matrices: |cos(a, b) − cosine| ≤ min(1, θ_A + θ_B), θ = asin(ε/‖â‖),
// ε² = Σ_rows f·max(0, 1 + 1e-5 − Σ_kept ŵ + k·0.5/scale) + K·(0.5/scale + 1e-7)² (derivation: HeadCosine Javadoc);
// and whether each model's backward [CLS] trace (all heads, last layer to 0, as trace.cypher) uses the head.
// Returns one row:
//   heads      per head, lowest mean cosine (changed most) first, at most $limit: {layer, head, shared, onlyA,
//              onlyB (summed over the sentences), jaccard, cosine (means over the sentences), cosineBound (the
//              largest), inTraceA, inTraceB, sharedIn (how many sentences' traces use it: A's, B's, both),
//              sentences}
//   layers     per layer: {layer, shared, onlyA, onlyB, jaccard of those sums, meanCosine, maxCosineBound,
//              sharedHeads, onlyAHeads, onlyBHeads (heads used by both / one trace, summed over the sentences)}
//   sentences  per sentence, lowest mean cosine first, at most $limit: {sid, text, textB, meanCosine (over the
//              common heads), jaccard (of the edge counts summed over them), sharedHeads, onlyAHeads,
//              onlyBHeads ([layer, head] lists of the heads used by both / one trace)}
// With one sentence the means are that sentence's values and inTraceA/inTraceB are 0 or 1.
// Guards: τ below either model's floor (Model.floor, 0.01 unless ingested with --floor) or above 1 gives no rows;
// a sentence the models tokenize differently, or that either lacks, is left out (the app checks both for one
// sentence before it runs its own comparison and says why).
// Plan: NodeUniqueIndexSeek(Sentence.id) or NodeIndexSeek(Run.model) -> Expand(OF); per sentence two [CLS] traces
// (VarLengthExpand(Pruning,BFS,All)) and NodeUniqueIndexSeek per (layer, pos) Token of each model -> Expand(All)
// of its incoming ATTENDS (every stored rel once) -> EagerAggregation on (layer, i, j) (the join of A and B) ->
// per-head EagerAggregation. About a second per sentence pair at n = 32 on a laptop core.
//
// Parameters
//   $modelA    model A id
//   $modelB    model B id (same tokenizer as A)
//   $sid       one sentence id, SentenceInput.idOf(text, textB); null = every sentence of $corpus
//   $tau       threshold τ in [floor, 1]: a per-head edge is kept when its stored weight q/Model.scale > τ
//   $corpus    with $sid = null: only Sentence.corpus = $corpus; null = every sentence
//   $limit     at most this many heads and sentences; null = all
//
// Example
//   :param modelA => 'bge-small-en-v1.5';
//   :param modelB => 'all-MiniLM-L6-v2';
//   :param sid => '0a1b2c3d4e5f6a7b';
//   :param tau => 0.1;
//   :param corpus => null;
//   :param limit => null;
MATCH (ma:Model {id: $modelA}), (mb:Model {id: $modelB})
  WHERE ma.floor <= $tau AND mb.floor <= $tau AND $tau <= 1
WITH ma.floor AS fa, mb.floor AS fb, toFloat(ma.scale) AS sa, toFloat(mb.scale) AS sb,
     $tau * ma.scale AS ta, $tau * mb.scale AS tb
CALL () {
  MATCH (s:Sentence {id: $sid})
  RETURN s
  UNION
  WITH 0 AS every WHERE $sid IS NULL
  MATCH (:Run {model: $modelA})-[:OF]->(s:Sentence)
    WHERE $corpus IS NULL OR s.corpus = $corpus
  RETURN s
}
MATCH (ra:Run {model: $modelA, sid: s.id}), (rb:Run {model: $modelB, sid: s.id})
  WHERE ra.n = rb.n
WITH fa, fb, sa, sb, ta, tb, s, ra.n AS n, CASE WHEN ra.layers < rb.layers THEN ra.layers ELSE rb.layers END AS L,
     CASE WHEN ra.heads < rb.heads THEN ra.heads ELSE rb.heads END AS H
// the heads each model's backward [CLS] trace uses, in (layer, head) order
CALL (s, ta, tb) {
  UNWIND [[0, $modelA, ta], [1, $modelB, tb]] AS side
  WITH side[0] AS x, side[1] AS model, side[2] AS tq
  MATCH (run:Run {model: model, sid: s.id})
  MATCH (start:Token {model: model, sid: s.id, layer: run.layers, pos: 0})
  MATCH (start)<-[rs:ATTENDS*0..]-(t)
    WHERE all(r IN rs WHERE r.max > tq)
  WITH DISTINCT x, run, tq, t
  MATCH (t)<-[r:ATTENDS]-()
    WHERE t.layer > 0 AND r.max > tq
  UNWIND [h IN range(0, run.heads - 1) WHERE r.q[h] > tq] AS h
  WITH DISTINCT x, t.layer AS layer, h
  ORDER BY layer, h
  RETURN collect(CASE WHEN x = 0 THEN [layer, h] END) AS usedA, collect(CASE WHEN x = 1 THEN [layer, h] END) AS usedB
}
// every stored relationship of both models, joined on (layer, i, j)
CALL (s, n, L) {
  UNWIND [[0, $modelA], [1, $modelB]] AS side
  UNWIND range(1, L) AS l
  UNWIND range(0, n - 1) AS i
  MATCH (:Token {model: side[1], sid: s.id, layer: l, pos: i})<-[r:ATTENDS]-(src)
  RETURN l, i, src.pos AS j, CASE WHEN side[0] = 0 THEN r.q END AS qa, CASE WHEN side[0] = 1 THEN r.q END AS qb
}
WITH fa, fb, sa, sb, ta, tb, s, n, H, usedA, usedB, l, i, j, head(collect(qa)) AS qa, head(collect(qb)) AS qb
UNWIND range(0, H - 1) AS h
WITH fa, fb, sa, sb, ta, tb, s, n, usedA, usedB, l, h, i, coalesce(qa[h], 0) AS x, coalesce(qb[h], 0) AS y
WITH fa, fb, sa, sb, s, n, usedA, usedB, l, h, i,
     sum(toFloat(x) * y) AS dot, sum(toFloat(x) * x) AS na, sum(toFloat(y) * y) AS nb,
     sum(x) AS keptA, sum(y) AS keptB, count(CASE WHEN x > 0 THEN 1 END) AS ka, count(CASE WHEN y > 0 THEN 1 END) AS kb,
     count(CASE WHEN x > ta AND y > tb THEN 1 END) AS shared,
     count(CASE WHEN x > ta AND NOT y > tb THEN 1 END) AS onlyA,
     count(CASE WHEN y > tb AND NOT x > ta THEN 1 END) AS onlyB
// ε² row terms of the cosine bound (io.attnflow.core.compare.HeadCosine)
WITH fa, fb, sa, sb, s, n, usedA, usedB, l, h, i, dot, na, nb, shared, onlyA, onlyB, ka, kb,
     [d IN [1.00001 - keptA / sa + ka * 0.5 / sa, 1.00001 - keptB / sb + kb * 0.5 / sb] |
       CASE WHEN d > 0 THEN d ELSE 0.0 END] AS dropped
WITH fa, fb, sa, sb, s, n, usedA, usedB, l, h, sum(dot) / (sa * sb) AS dot, sum(na) / (sa * sa) AS na, sum(nb) / (sb * sb) AS nb,
     sum(shared) AS shared, sum(onlyA) AS onlyA, sum(onlyB) AS onlyB,
     sum(fa * dropped[0] + ka * (0.5 / sa + 1e-7) ^ 2) AS ea, sum(fb * dropped[1] + kb * (0.5 / sb + 1e-7) ^ 2) AS eb,
     count(*) AS rows
// rows with nothing stored in either model still carry their whole mass as error
WITH s, usedA, usedB, l, h, dot, na, nb, shared, onlyA, onlyB,
     ea + (n - rows) * fa * 1.00001 AS ea, eb + (n - rows) * fb * 1.00001 AS eb
WITH s, usedA, usedB, l, h, shared, onlyA, onlyB,
     CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END AS jaccard,
     CASE WHEN na = 0 OR nb = 0 THEN 0.0 ELSE dot / sqrt(na * nb) END AS cosine,
     CASE WHEN na = 0 THEN pi() / 2 WHEN ea >= na THEN pi() / 2 ELSE asin(sqrt(ea / na)) END
       + CASE WHEN nb = 0 THEN pi() / 2 WHEN eb >= nb THEN pi() / 2 ELSE asin(sqrt(eb / nb)) END AS angles
WITH collect({sid: s.id, text: s.text, textB: s.textB, usedA: usedA, usedB: usedB, layer: l, head: h,
              shared: shared, onlyA: onlyA, onlyB: onlyB, jaccard: jaccard, cosine: cosine,
              cosineBound: CASE WHEN angles > 1 THEN 1.0 ELSE angles END,
              inA: [l, h] IN usedA, inB: [l, h] IN usedB}) AS rows
CALL (rows) {
  UNWIND rows AS r
  WITH r.layer AS layer, r.head AS head, sum(r.shared) AS shared, sum(r.onlyA) AS onlyA, sum(r.onlyB) AS onlyB,
       avg(r.jaccard) AS jaccard, avg(r.cosine) AS cosine, max(r.cosineBound) AS cosineBound,
       count(CASE WHEN r.inA THEN 1 END) AS inTraceA, count(CASE WHEN r.inB THEN 1 END) AS inTraceB,
       count(CASE WHEN r.inA AND r.inB THEN 1 END) AS sharedIn, count(*) AS sentences
  ORDER BY cosine, layer, head
  LIMIT coalesce($limit, 9223372036854775807)
  RETURN collect({layer: layer, head: head, shared: shared, onlyA: onlyA, onlyB: onlyB, jaccard: jaccard,
                  cosine: cosine, cosineBound: cosineBound, inTraceA: inTraceA, inTraceB: inTraceB,
                  sharedIn: sharedIn, sentences: sentences}) AS heads
}
CALL (rows) {
  UNWIND rows AS r
  WITH r.layer AS layer, sum(r.shared) AS shared, sum(r.onlyA) AS onlyA, sum(r.onlyB) AS onlyB,
       avg(r.cosine) AS meanCosine, max(r.cosineBound) AS maxCosineBound,
       collect(DISTINCT [r.sid, r.usedA, r.usedB]) AS used
  ORDER BY layer
  RETURN collect({layer: layer, shared: shared, onlyA: onlyA, onlyB: onlyB,
                  jaccard: CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END,
                  meanCosine: meanCosine, maxCosineBound: maxCosineBound,
                  sharedHeads: reduce(c = 0, u IN used | c + size([x IN u[1] WHERE x[0] = layer AND x IN u[2]])),
                  onlyAHeads: reduce(c = 0, u IN used | c + size([x IN u[1] WHERE x[0] = layer AND NOT x IN u[2]])),
                  onlyBHeads: reduce(c = 0, u IN used | c + size([x IN u[2] WHERE x[0] = layer AND NOT x IN u[1]]))}) AS layers
}
CALL (rows) {
  UNWIND rows AS r
  WITH r.sid AS sid, r.text AS text, r.textB AS textB, head(collect(r.usedA)) AS usedA, head(collect(r.usedB)) AS usedB,
       avg(r.cosine) AS meanCosine, sum(r.shared) AS shared, sum(r.onlyA) AS onlyA, sum(r.onlyB) AS onlyB
  ORDER BY meanCosine, sid
  LIMIT coalesce($limit, 9223372036854775807)
  RETURN collect({sid: sid, text: text, textB: textB, meanCosine: meanCosine,
                  jaccard: CASE WHEN shared + onlyA + onlyB = 0 THEN 1.0 ELSE toFloat(shared) / (shared + onlyA + onlyB) END,
                  sharedHeads: [x IN usedA WHERE x IN usedB], onlyAHeads: [x IN usedA WHERE NOT x IN usedB],
                  onlyBHeads: [x IN usedB WHERE NOT x IN usedA]}) AS sentences
}
RETURN heads, layers, sentences
