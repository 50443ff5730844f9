// Small DOM helpers shared by every view: element lookup, status lines, the message over the graph, escaping.

export const $ = (id) => document.getElementById(id);

export function setStatus(el, kind, msg) {
  el.className = `status ${kind || ''}`;
  el.textContent = msg || '';
}

/** The message over the graph area: kind is loading, empty or error; no kind hides it. */
export function overlay(kind, msg) {
  const o = $('overlay');
  if (!kind) { o.hidden = true; return; }
  o.hidden = false;
  o.className = `overlay ${kind}`;
  $('overlay-msg').textContent = msg;
}

export function escHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Runs an async action with its button disabled, so that a request cannot be sent twice. */
export async function busy(button, action) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
