// The visual encodings shared by every view: colours, and an edge's width and opacity from its weight.

export const COLORS = {
  node: '#2b4c7e',
  edge: '#2b4c7e',
  shared: '#98a3ad', // grey: in both models
  onlyA: '#16a085', // turquoise: model A (the pretrained one)
  onlyB: '#8e44ad', // purple: model B (the fine-tuned one)
  ghost: '#d5d9de',
  start: '#e67e22',
  marked: '#c0392b', // tokens of the corpus's marked error span
};

const q = (x, k = 20) => Math.round(x * k) / k; // quantised visuals: fewer distinct styles, cheaper diffs

/** The colour of head h of H in per-head mode: hues around the circle. */
export const headColor = (h, H) => `hsl(${Math.round((h * 360) / Math.max(H, 1))},65%,42%)`;

/**
 * Width, opacity and colour of an edge, relative to the strongest edge drawn and square-rooted so that weak but kept
 * edges stay visible. In compare views the differences (only-A, only-B) are strong and shared edges light.
 */
export function edgeStyle(e, maxMean, { cls, perHead, H, color, compare }) {
  const lin = maxMean > 0 ? e.mean / maxMean : 0;
  const w = Math.sqrt(lin);
  let width = perHead ? 0.3 + 2.5 * w : 0.4 + 5 * w;
  let opacity = 0.08 + 0.82 * lin;
  let c = color || COLORS.edge;
  if (cls) c = COLORS[cls];
  else if (perHead) c = headColor(e.heads[0][0], H);
  if (compare && cls === 'shared') {
    opacity = 0.05 + 0.25 * lin;
    width *= 0.5;
  } else if (compare && cls) {
    opacity = 0.35 + 0.65 * lin;
    width += 0.6;
  }
  return { width: q(width), opacity: q(opacity), color: c };
}
