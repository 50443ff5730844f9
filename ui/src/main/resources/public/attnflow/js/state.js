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
  view: 'overlay',
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
    view: p.get('view') === 'side' ? 'side' : 'overlay',
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
  if (s.perHead) p.set('perhead', '1');
  if (s.hideSpecial) p.set('nospecial', '1');
  if (s.metric !== DEFAULTS.metric) p.set('metric', s.metric);
  if (s.q) p.set('q', s.q);
  const url = `${location.pathname}?${p.toString()}`;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}
