/**
 * The frame of the HTML reports: one self-contained file (no network, no CDN), its style and its few lines
 * of script. Every text from a report goes through `esc`: what a target answered is data, never markup.
 */

export const esc = (text: unknown): string =>
  String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Colours chosen for a contrast ratio of at least 4.5:1 on white (WCAG AA). */
const style = `
:root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; line-height: 1.4; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; } h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.85rem; }
pre { background: #f6f6f6; border: 1px solid #d0d0d0; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap;
  word-break: break-all; max-height: 20rem; }
.verdict { display: inline-block; padding: 0.2rem 0.7rem; border-radius: 0.3rem; font-weight: 700; color: #fff; }
.v-conformant { background: #1d6b2f; } .v-non-conformant { background: #a11b1b; }
.v-incomplete { background: #7a4b00; } .v-error { background: #5a2a82; }
.s-pass { color: #1d6b2f; } .s-fail { color: #a11b1b; font-weight: 700; } .s-error { color: #5a2a82; font-weight: 700; }
.s-skip { color: #595959; }
fieldset { display: inline-block; border: 1px solid #d0d0d0; margin: 0 1rem 0.5rem 0; }
details { margin: 0.3rem 0; } summary { cursor: pointer; }
button { font: inherit; padding: 0.1rem 0.6rem; cursor: pointer; }
.muted { color: #595959; } [hidden] { display: none !important; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * Filters hide rows whose data-level or data-status is unchecked; copy buttons copy the text of the element
 * their data-copy names. A section whose rows are all hidden is hidden too.
 */
const script = `
const boxes = [...document.querySelectorAll('input[data-filter]')];
function apply() {
  const on = (kind) => new Set(boxes.filter((b) => b.dataset.filter === kind && b.checked).map((b) => b.value));
  const levels = on('level'), statuses = on('status');
  for (const row of document.querySelectorAll('[data-level]'))
    row.hidden = !(levels.has(row.dataset.level) && statuses.has(row.dataset.status));
  for (const section of document.querySelectorAll('section[data-family]'))
    section.hidden = section.querySelectorAll('[data-level]:not([hidden])').length === 0;
  const shown = document.getElementById('shown');
  if (shown) shown.textContent = document.querySelectorAll('tr[data-level]:not([hidden])').length + ' requirement(s) shown';
}
for (const b of boxes) b.addEventListener('change', apply);
for (const button of document.querySelectorAll('button[data-copy]'))
  button.addEventListener('click', async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    try { await navigator.clipboard.writeText(text); button.textContent = 'Copied'; }
    catch { button.textContent = 'Select and copy by hand'; }
  });
apply();
`;

export function page(title: string, body: string, interactive: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
${interactive ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}

/** A block of text with a button that copies it. */
export function copyable(id: string, label: string, text: string): string {
  return `<div><pre id="${esc(id)}">${esc(text)}</pre><button type="button" data-copy="${esc(id)}">Copy ${esc(label)}</button></div>`;
}
