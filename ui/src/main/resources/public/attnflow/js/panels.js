// The sentence strip: influence, rollout and attention flow (max-flow) per input token; a click on a word traces forward from it.

const norm = (arr) => {
  const m = Math.max(0, ...(arr || []).map((x) => Math.abs(x)));
  return (x) => (m > 0 ? Math.abs(x) / m : 0);
};

/**
 * series: [{name, values: number[], color}] (influence, rollout and attention flow of A, and of B in compare mode).
 * onToken(pos) is called when a word is clicked (trace forward from it). When only the values changed since the last
 * call (a τ step), the bars and titles are updated in place: rebuilding the strip's hundreds of elements would make
 * the browser lay out the page anew.
 */
export function renderStrip(root, { texts, special, marked, hideSpecial, series, startPositions, onToken, skeleton = false }) {
  const shape = JSON.stringify([texts, special, marked, hideSpecial, series.map((s) => [s.name, s.color]),
    [...startPositions]]);
  const same = root.stripShape === shape && root.stripToken === onToken;
  // skeleton: a strip not built yet, with stand-in values (its real ones follow) that give it its final height
  if (skeleton && same) return;
  if (!same) {
    build(root, { texts, special, hideSpecial, series, startPositions, marked, onToken });
    root.stripShape = shape;
    root.stripToken = onToken;
  }
  const scales = series.map((s) => norm(s.values));
  for (const { b, bars, pos } of root.stripTokens) {
    const t = texts[pos];
    const tips = [];
    series.forEach((s, k) => {
      const v = s.values?.[pos] ?? 0;
      bars[k].style.height = `${Math.round(2 + 38 * scales[k](v))}px`;
      tips.push(`${s.name} ${Number(v).toFixed(4)}`);
    });
    b.title = `${t} (position ${pos}${marked?.[pos] ? ', in the marked error span' : ''}): ${tips.join(', ')}`;
    b.setAttribute('aria-label', `Trace forward from ${t}, position ${pos}. ${tips.join(', ')}`);
  }
}

/** The strip's elements, without the values: a button per shown token with one bar per series. */
function build(root, { texts, special, hideSpecial, series, startPositions, marked, onToken }) {
  root.innerHTML = '';
  root.stripTokens = [];
  texts.forEach((t, pos) => {
    if (hideSpecial && special[pos]) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tok';
    b.dataset.pos = String(pos);
    if (startPositions.has(pos)) b.classList.add('start');
    if (marked?.[pos]) b.classList.add('marked');
    const barBox = document.createElement('span');
    barBox.className = 'bars';
    const bars = series.map((s) => {
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.background = s.color;
      barBox.appendChild(bar);
      return bar;
    });
    const label = document.createElement('span');
    label.className = 'word';
    label.textContent = t;
    b.append(barBox, label);
    b.addEventListener('click', () => onToken(pos));
    root.appendChild(b);
    root.stripTokens.push({ b, bars, pos });
  });
}
