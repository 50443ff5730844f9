// The one tooltip: placed next to the element it describes (not the mouse), and hidden as soon as that element
// goes (re-render, mouse out, blur).
import { $, escHtml } from './dom.js';

export function hideTooltip() {
  const tip = $('tooltip');
  if (!tip.hidden) tip.hidden = true; // every render hides it: a write only when it shows
}

/** Shows `html` beside the screen rectangle `rect` ({left, top, right, bottom}) of the element it describes. */
export function showTooltip(html, rect) {
  const tip = $('tooltip');
  tip.innerHTML = html;
  tip.hidden = false;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  let x = rect.right + 10;
  if (x + w > window.innerWidth - 4) x = Math.max(4, rect.left - w - 10);
  let y = rect.top;
  if (y + h > window.innerHeight - 4) y = Math.max(4, window.innerHeight - h - 4);
  tip.style.left = `${Math.round(x)}px`;
  tip.style.top = `${Math.round(y)}px`;
}

/** The text of a node's tooltip. */
export function nodeTip(text, { layer, pos, value }) {
  return `<b>${escHtml(text)}</b> · position ${pos} · layer ${layer}<br>`
    + (value == null ? 'not in this trace' : `flow value ${value.toFixed(4)}`);
}

/** The text of an edge's tooltip: its heads and weights, and in compare views which model has it. */
export function edgeTip(texts, e, cmpName) {
  const hs = e.heads.slice(0, 10).map((h) => (h.length > 2
    ? `h${h[0]} A ${h[2].toFixed(3)} B ${h[3].toFixed(3)}` : `h${h[0]} ${h[1].toFixed(3)}`)).join(', ')
    + (e.heads.length > 10 ? ', …' : '');
  return `layer ${e.toLayer}: <b>${escHtml(texts[e.toPos])}</b>@${e.toLayer} attends to <b>${escHtml(texts[e.fromPos])}</b>@${e.fromLayer}<br>`
    + `head${e.heads.length > 1 ? 's' : ''} ${hs}<br>`
    + `weight ${e.heads.length > 1 ? `sum ${e.sum.toFixed(3)}, mean ${e.mean.toFixed(3)}` : e.sum.toFixed(3)}`
    + (cmpName ? `<br>${escHtml(cmpName)}` : '');
}
