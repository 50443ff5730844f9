// The sentence strip: influence, rollout and attention flow (max-flow) per input token; a click on a word traces forward from it.

const norm = (arr) => {
  const m = Math.max(0, ...(arr || []).map((x) => Math.abs(x)));
  return (x) => (m > 0 ? Math.abs(x) / m : 0);
};

/**
 * series: [{name, values: number[], color}] (influence, rollout and attention flow of A, and of B in compare mode).
 * onToken(pos) is called when a word is clicked (trace forward from it).
 */
export function renderStrip(root, { texts, special, marked, hideSpecial, series, startPositions, onToken }) {
  root.innerHTML = '';
  const scales = series.map((s) => norm(s.values));
  texts.forEach((t, pos) => {
    if (hideSpecial && special[pos]) return;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tok';
    b.dataset.pos = String(pos);
    if (startPositions.has(pos)) b.classList.add('start');
    if (marked?.[pos]) b.classList.add('marked');
    const bars = document.createElement('span');
    bars.className = 'bars';
    const tips = [];
    series.forEach((s, k) => {
      const v = s.values?.[pos] ?? 0;
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.height = `${Math.round(2 + 38 * scales[k](v))}px`;
      bar.style.background = s.color;
      bars.appendChild(bar);
      tips.push(`${s.name} ${Number(v).toFixed(4)}`);
    });
    const label = document.createElement('span');
    label.className = 'word';
    label.textContent = t;
    b.append(bars, label);
    b.title = `${t} (position ${pos}${marked?.[pos] ? ', in the marked error span' : ''}): ${tips.join(', ')}`;
    b.setAttribute('aria-label', `Trace forward from ${t}, position ${pos}. ${tips.join(', ')}`);
    b.addEventListener('click', () => onToken(pos));
    root.appendChild(b);
  });
}
