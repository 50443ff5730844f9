// analyst_community_cls_marked — which head communities send [CLS] to the marked error tokens: for each Louvain
// community of the head graph, how much attention its heads of $model give from [CLS] (at layer l) to the tokens
// marked as the corpus's error span (Token.marked, at layer l-1), over the model's sentences of the head graph's
// corpus that have a marked span. Per head and sentence: onMarked = Σ over marked k of A[l,h][0, k], stored weights
// (below the floor counts 0); per head the mean over those sentences; per community the mean over its heads of
// $model (meanOnMarked) and its head with the largest mean (topHead, topOnMarked). evenShare is what an even spread
// of [CLS]'s attention over the n tokens would give the marked ones (mean of marked / n), the same for every row.
// A question that joins the head graph, the stored attention and the corpus's error marks, which no peer tool holds
// together; run it for a base and its fine-tune (one head graph over both) to see which communities changed.
//
// Parameters
//   $model     model id, e.g. 'lt-minilm@final'
//
// Plan: NodeIndexSeek Token(model, layer, marked) (V005) for the marked layer-0 tokens, NodeUniqueIndexSeek of their
// Run -> Expand(OF), per layer and marked token an index seek of the [CLS] token and Expand(Into) of its ATTENDS
// from the marked one; the Head nodes by a label scan (first, so that a model without communities costs nothing).
//
// Example
//   :param model => 'lt-minilm@final';
MATCH (m:Model {id: $model})
  WHERE EXISTS { (hd:Head {model: $model}) WHERE hd.community IS NOT NULL }
OPTIONAL MATCH (g:HeadGraph)
WITH toFloat(m.scale) AS scale, g.corpus AS corpus
MATCH (w:Token {model: $model, layer: 0, marked: true})
WITH scale, corpus, w.sid AS sid, collect(w.pos) AS marked
MATCH (run:Run {model: $model, sid: sid})-[:OF]->(s:Sentence)
  WHERE corpus IS NULL OR s.corpus = corpus
WITH scale, collect([run, marked]) AS runs
  WHERE size(runs) > 0
WITH scale, runs, size(runs) AS sentences,
     reduce(x = 0.0, rm IN runs | x + toFloat(size(rm[1])) / rm[0].n) / size(runs) AS evenShare
UNWIND runs AS rm
WITH scale, sentences, evenShare, rm[0] AS run, rm[1] AS marked
UNWIND range(1, run.layers) AS l
CALL {
  WITH run, l, marked
  UNWIND marked AS p
  MATCH (:Token {model: $model, sid: run.sid, layer: l - 1, pos: p})-[r:ATTENDS]->
        (:Token {model: $model, sid: run.sid, layer: l, pos: 0})
  RETURN collect(r.q) AS qs
}
UNWIND range(0, run.heads - 1) AS h
WITH sentences, evenShare, l, h, reduce(x = 0, q IN qs | x + q[h]) / scale AS onMarked
WITH sentences, evenShare, l, h, sum(onMarked) / sentences AS onMarked
MATCH (hd:Head {model: $model, layer: l, head: h})
  WHERE hd.community IS NOT NULL
WITH sentences, evenShare, hd.community AS community, hd, onMarked
  ORDER BY onMarked DESC, hd.layer, hd.head
WITH sentences, evenShare, community, collect(hd.layer + '-' + hd.head) AS heads, collect(onMarked) AS means
RETURN community, size(heads) AS size, sentences,
       reduce(x = 0.0, v IN means | x + v) / size(means) AS meanOnMarked,
       heads[0] AS topHead, means[0] AS topOnMarked, evenShare, heads
ORDER BY meanOnMarked DESC, community
