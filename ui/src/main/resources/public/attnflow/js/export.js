// Export of the graph (PNG from Cytoscape, SVG serialised here from the preset positions) and of the trace JSON.

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

/** Writes the whole graph as PNG; returns the blob so callers (and tests) can inspect it. */
export async function exportPng(cy, name) {
  const blob = await cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
  download(`${name}.png`, blob);
  return blob;
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/**
 * Serialises the visible graph to SVG. Cytoscape has no SVG renderer of its own, and the layout is a preset grid,
 * so lines, circles and labels at the model positions reproduce it exactly.
 */
export function toSvg(cy) {
  const visible = cy.elements(':visible');
  const bb = visible.boundingBox({ includeLabels: true });
  const pad = 20;
  const w = Math.ceil(bb.w + 2 * pad);
  const h = Math.ceil(bb.h + 2 * pad);
  const tx = pad - bb.x1;
  const ty = pad - bb.y1;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g transform="translate(${tx.toFixed(1)},${ty.toFixed(1)})">`,
  ];
  visible.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    out.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" `
      + `stroke="${esc(e.data('color'))}" stroke-width="${(+e.data('width')).toFixed(2)}" `
      + `stroke-opacity="${(+e.data('opacity')).toFixed(3)}"/>`);
  });
  visible.nodes().forEach((nd) => {
    const p = nd.position();
    const r = (+nd.data('size')) / 2;
    const fill = nd.hasClass('trace') ? nd.data('color') : '#d5d9de';
    const stroke = nd.hasClass('start') ? ' stroke="#e67e22" stroke-width="3"' : '';
    out.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(2)}" fill="${esc(fill)}"${stroke}/>`);
    if (nd.hasClass('labeled')) {
      const first = nd.hasClass('first');
      const anchor = first ? 'end' : 'start';
      const x = p.x + (first ? -(r + 4) : r + 4);
      const size = nd.hasClass('mid') ? 8 : 10;
      out.push(`<text x="${x.toFixed(1)}" y="${(p.y + size / 3).toFixed(1)}" font-size="${size}" text-anchor="${anchor}" `
        + `fill="${nd.hasClass('mid') ? '#888' : '#333'}">${esc(nd.data('label'))}</text>`);
    }
  });
  out.push('</g></svg>');
  return out.join('\n');
}

export function exportSvg(cy, name) {
  const svg = toSvg(cy);
  download(`${name}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  return svg;
}

export function exportJson(data, name) {
  const json = JSON.stringify(data, null, 1);
  download(`${name}.json`, new Blob([json], { type: 'application/json' }));
  return json;
}
