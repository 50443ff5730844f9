// What the stored models say about the sentence: its gold label and each model's predicted label and probabilities
// (GET /api/sentences/{sid} `predictions`, else the traces' own `prediction`), and the fine-tuned-from relation of
// the models. Every field is optional: where the server sends none, nothing is shown.
import { escHtml } from './dom.js';

/** "id — fine-tuned from base (step N)" for the model pickers. */
export function modelLabel(m) {
  const ft = m.fineTunedFrom;
  if (!ft || !ft.model) return m.id;
  return `${m.id} — fine-tuned from ${ft.model}${ft.step != null ? ` (step ${ft.step})` : ''}`;
}

/**
 * The default compare pair when the URL names none: a fine-tuned model and its base, both stored, as base (A) vs
 * fine-tuned (B). Null when there is no such pair.
 */
export function baseVsFineTuned(models) {
  const ids = new Set(models.map((m) => m.id));
  // Checkpoints are fine-tunes too (@step0 equals its base), so the last state wins: @final, else the largest step.
  const tuned = models.filter((m) => m.fineTunedFrom?.model && ids.has(m.fineTunedFrom.model));
  const rank = (m) => (m.id.endsWith('@final') ? Infinity : m.fineTunedFrom.step ?? -1);
  const ft = tuned.sort((x, y) => rank(y) - rank(x))[0];
  return ft ? { a: ft.fineTunedFrom.model, b: ft.id } : null;
}

/**
 * The predictions to show, one per model (A, then B, then any other stored one): from the sentence's record when it
 * lists them, else from the traces. Each {model, label, probabilities, correct}.
 */
export function predictionsFor({ detail, shown }) {
  const out = new Map();
  for (const p of detail?.predictions || []) if (p && p.model && p.label != null) out.set(p.model, p);
  for (const { model, trace } of shown) {
    const p = trace?.prediction;
    if (model && p && p.label != null && !out.has(model)) out.set(model, { model, ...p });
  }
  const order = shown.map((s) => s.model);
  return [...out.values()].sort((x, y) => rank(order, x.model) - rank(order, y.model));
}

const rank = (order, m) => (order.includes(m) ? order.indexOf(m) : order.length);

/** The gold label: the sentence's own, else what a trace's prediction names as gold. */
export function goldOf({ sentence, detail, shown }) {
  return detail?.label ?? sentence?.label ?? shown.map((s) => s.trace?.prediction?.gold).find((g) => g != null) ?? null;
}

/** Renders the sentence's corpus, gold label and predictions into `root` (HTML, escaped). */
export function renderSentenceInfo(root, { sentence, detail, shown, labelsOf }) {
  const gold = goldOf({ sentence, detail, shown });
  const preds = predictionsFor({ detail, shown });
  const corpus = detail?.corpus ?? sentence?.corpus;
  const head = [corpus ? `corpus ${escHtml(corpus)}` : '', gold != null ? `gold label: <b class="gold-label">${escHtml(gold)}</b>` : '']
    .filter(Boolean).join(' · ');
  const rows = preds.map((p) => predictionRow(p, labelsOf(p.model), gold));
  root.innerHTML = `${head ? `<div>${head}</div>` : ''}${rows.join('')}`;
  root.dataset.gold = gold ?? '';
  root.dataset.predictions = String(preds.length);
  sizeBars(root);
}

function predictionRow(p, labels, gold) {
  const probs = p.probabilities || {};
  const names = (labels && labels.length ? labels : Object.keys(probs)).filter((l) => probs[l] != null);
  const correct = p.correct ?? (gold != null ? p.label === gold : null);
  const mark = correct == null ? '' : correct ? ' <span class="ok" title="matches the gold label">✓</span>'
    : ' <span class="wrong" title="differs from the gold label">✗</span>';
  const bars = names.map((l) => {
    const v = Math.max(0, Math.min(1, +probs[l]));
    return `<span class="prob${l === p.label ? ' top' : ''}" data-label="${escHtml(l)}" data-p="${+probs[l]}" title="${escHtml(l)}: ${v.toFixed(3)}">`
      + `<span class="prob-name">${escHtml(l)}</span><span class="prob-bar"><span data-w="${(100 * v).toFixed(1)}"></span></span>`
      + `<span class="prob-v">${v.toFixed(3)}</span></span>`;
  }).join('');
  return `<div class="prediction" data-model="${escHtml(p.model)}" data-label="${escHtml(p.label)}">`
    + `<div><span class="pred-model">${escHtml(p.model)}</span>: <b>${escHtml(p.label)}</b>${mark}</div>${bars}</div>`;
}

/** Sets the probability bars' widths through the DOM (no inline style attributes in markup). */
function sizeBars(root) {
  for (const s of root.querySelectorAll('.prob-bar span[data-w]')) s.style.width = `${s.dataset.w}%`;
}
