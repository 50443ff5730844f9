// The view state, kept in the URL's query string so that any view can be bookmarked or shared.

export const DEFAULTS = Object.freeze({
  model: '',
  sid: '',
  tau: 0.1,
  alpha: 0.5,
  dir: 'backward',
  layer: null, // start layer; null = L for backward, 0 for forward
  tokens: [], // start positions; empty = [CLS] (position 0)
  heads: [], // [{layer, head}]; empty = all heads
  cmp: '',
  view: 'overlay', // compare view: overlay (attention change, server), traces (where the traces go), side
  layout: 'layered', // layered | rings (Token Rings)
  tab: 'trace', // trace | head (BertViz head view) | model (model view) | corpus | heads (head graph)
  hvLayer: 1,
  hvHead: 'all', // a head number, or all heads of the layer
  norm: 'layer', // head importance scaled per layer or globally
  topk: 0, // draw only the k strongest edges into each token; 0 = all
  tauAuto: true, // raise τ on the first trace until the drawn token pairs fit the budget
  perHead: false,
  hideSpecial: false,
  metric: 'importance',
  q: '',
});

const num = (s, d) => (s == null || s === '' || !Number.isFinite(+s) ? d : +s);

export function parseHeads(s) {
  if (!s) return [];
  return s.split(',').map((x) => x.split(':').map(Number))
    .filter(([l, h]) => Number.isInteger(l) && Number.isInteger(h) && l >= 1 && h >= 0)
    .map(([layer, head]) => ({ layer, head }));
}

export function readState(search = location.search) {
  const p = new URLSearchParams(search);
  const layer = p.get('layer');
  return {
    ...DEFAULTS,
    model: p.get('model') || '',
    sid: p.get('sid') || '',
    tau: num(p.get('tau'), DEFAULTS.tau),
    alpha: num(p.get('alpha'), DEFAULTS.alpha),
    dir: p.get('dir') === 'forward' ? 'forward' : 'backward',
    layer: layer == null || layer === '' ? null : num(layer, null),
    tokens: (p.get('tokens') || '').split(',').filter((x) => x !== '' && Number.isInteger(+x)).map(Number),
    heads: parseHeads(p.get('heads')),
    cmp: p.get('cmp') || '',
    view: ['side', 'traces'].includes(p.get('view')) ? p.get('view') : 'overlay',
    layout: p.get('layout') === 'rings' ? 'rings' : 'layered',
    tab: ['head', 'model', 'corpus', 'heads'].includes(p.get('tab')) ? p.get('tab') : 'trace',
    hvLayer: Math.max(1, num(p.get('hvlayer'), 1)),
    hvHead: p.get('hvhead') == null || p.get('hvhead') === 'all' ? 'all' : num(p.get('hvhead'), 0),
    norm: p.get('norm') === 'global' ? 'global' : 'layer',
    tauAuto: p.get('tau') == null,
    topk: Math.max(0, Math.round(num(p.get('topk'), 0))),
    perHead: p.get('perhead') === '1',
    hideSpecial: p.get('nospecial') === '1',
    metric: p.get('metric') || DEFAULTS.metric,
    q: p.get('q') || '',
  };
}

export function writeState(s) {
  const p = new URLSearchParams();
  if (s.model) p.set('model', s.model);
  if (s.sid) p.set('sid', s.sid);
  p.set('tau', String(s.tau));
  p.set('alpha', String(s.alpha));
  p.set('dir', s.dir);
  if (s.layer != null) p.set('layer', String(s.layer));
  if (s.tokens.length) p.set('tokens', s.tokens.join(','));
  if (s.heads.length) p.set('heads', s.heads.map((h) => `${h.layer}:${h.head}`).join(','));
  if (s.cmp) p.set('cmp', s.cmp);
  if (s.cmp && s.view !== 'overlay') p.set('view', s.view);
  if (s.layout !== DEFAULTS.layout) p.set('layout', s.layout);
  if (s.tab !== DEFAULTS.tab) p.set('tab', s.tab);
  if (s.tab === 'head') { p.set('hvlayer', String(s.hvLayer)); p.set('hvhead', String(s.hvHead)); }
  if (s.norm !== DEFAULTS.norm) p.set('norm', s.norm);
  if (s.topk) p.set('topk', String(s.topk));
  if (s.perHead) p.set('perhead', '1');
  if (s.hideSpecial) p.set('nospecial', '1');
  if (s.metric !== DEFAULTS.metric) p.set('metric', s.metric);
  if (s.q) p.set('q', s.q);
  const url = `${location.pathname}?${p.toString()}`;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}
