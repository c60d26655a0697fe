/** The compliance officer's page: static HTML, inline CSS and script (allowed by hash in the CSP), no external assets. */
export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#0b3d5c;color:#fff;padding:12px 20px}h1{font-size:18px;margin:0}
main{padding:16px 20px}form{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:8px;margin-bottom:12px}
label{display:flex;flex-direction:column;font-size:12px;color:#444}input,select{font:inherit;padding:4px}
.bar{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:12px}button{font:inherit;padding:5px 12px;cursor:pointer}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #dde;padding:4px 6px;text-align:left;vertical-align:top}
td.data{font-family:monospace;font-size:12px;max-width:420px;word-break:break-all}a.hist{color:#0b5cad;cursor:pointer;text-decoration:underline}
#status{margin:8px 0;color:#555}.refused{color:#a40000;font-weight:600}.bad{color:#a40000}.good{color:#08660b}`;

export const PAGE_SCRIPT = `
'use strict';
const token = decodeURIComponent(location.hash.replace(/^#(token=)?/, ''));
history.replaceState(null, '', location.pathname);
const $ = (id) => document.getElementById(id);
const FIELDS = ['type','personId','serial','organisationId','environment','outcome','actor','from','to'];
let cursor = null;
function params() {
  const p = new URLSearchParams();
  for (const f of FIELDS) { const v = $(f).value.trim(); if (v) p.set(f, (f === 'from' || f === 'to') ? new Date(v).toISOString() : v); }
  return p;
}
async function call(path) {
  const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
  if (!r.ok) { let m = r.status + ''; try { const b = await r.json(); m = b.error.code + ': ' + b.error.message; } catch (e) {} throw new Error(m); }
  return r;
}
function cell(tr, text, cls) { const td = document.createElement('td'); td.textContent = text == null ? '' : String(text); if (cls) td.className = cls; tr.appendChild(td); return td; }
function linkHistory(td, field, value) {
  if (!value) return; td.textContent = ''; const a = document.createElement('a'); a.className = 'hist'; a.textContent = value;
  a.title = 'whole history of ' + value; a.onclick = () => { for (const f of FIELDS) $(f).value = ''; $(field).value = value; load(true); }; td.appendChild(a);
}
async function load(fresh) {
  if (!token) { $('status').textContent = 'No token: open this page from the portal.'; return; }
  if (fresh) { cursor = null; $('rows').textContent = ''; }
  const p = params(); p.set('limit', '100'); if (cursor) p.set('cursor', cursor);
  try {
    const body = await (await call('/audit/events?' + p)).json();
    for (const it of body.items) {
      const e = it.event, tr = document.createElement('tr');
      cell(tr, it.sequence); cell(tr, e.occurredAt); cell(tr, e.type); cell(tr, e.environment); cell(tr, e.outcome, e.outcome === 'refused' ? 'refused' : '');
      linkHistory(cell(tr, e.actor), 'actor', e.actor); linkHistory(cell(tr, e.refs.personId), 'personId', e.refs.personId);
      linkHistory(cell(tr, e.refs.serial), 'serial', e.refs.serial); cell(tr, e.subject); cell(tr, JSON.stringify(e.data), 'data');
      $('rows').appendChild(tr);
    }
    cursor = body.nextCursor; $('more').disabled = !cursor;
    $('status').textContent = $('rows').children.length + ' events shown' + (cursor ? ' (more available)' : '');
  } catch (err) { $('status').textContent = err.message; }
}
async function download(ext) {
  try {
    const blob = await (await call('/audit/events.' + ext + '?' + params())).blob();
    const a = document.createElement('a'); a.href = URL.createObjectURL(blob); a.download = 'audit-events.' + ext; a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) { $('status').textContent = err.message; }
}
async function verify() {
  $('verdict').textContent = 'verifying…';
  try { const r = await (await call('/audit/verify')).json();
    $('verdict').textContent = r.ok ? 'chain intact: ' + r.checked + ' events checked' : 'TAMPERING FOUND from sequence ' + r.firstBrokenSequence + ': ' + r.problem;
    $('verdict').className = r.ok ? 'good' : 'bad';
  } catch (err) { $('verdict').textContent = err.message; }
}
$('filters').onsubmit = (ev) => { ev.preventDefault(); load(true); };
$('more').onclick = () => load(false);
$('ndjson').onclick = () => download('ndjson');
$('csv').onclick = () => download('csv');
$('verify').onclick = verify;
load(true);`;

const field = (name: string, label: string, type = 'text') => `<label>${label}<input id="${name}" type="${type}"></label>`;

export const PAGE_BODY = `<header><h1>Paspoort audit ledger</h1></header><main>
<form id="filters">
${field('type', 'Event type')}${field('personId', 'Person')}${field('serial', 'Certificate serial')}${field('organisationId', 'Organisation')}
<label>Environment<select id="environment"><option value=""></option><option>test</option><option>acceptance</option><option>production</option></select></label>
<label>Outcome<select id="outcome"><option value=""></option><option>success</option><option>refused</option></select></label>
${field('actor', 'Actor')}${field('from', 'From', 'datetime-local')}${field('to', 'To', 'datetime-local')}
<button type="submit">Search</button></form>
<div class="bar"><button id="ndjson">Download NDJSON</button><button id="csv">Download CSV</button><button id="verify">Verify chain</button><span id="verdict"></span></div>
<div id="status"></div>
<table><thead><tr><th>#</th><th>Occurred</th><th>Type</th><th>Env</th><th>Outcome</th><th>Actor</th><th>Person</th><th>Serial</th><th>Subject</th><th>Data</th></tr></thead>
<tbody id="rows"></tbody></table><p><button id="more" disabled>More</button></p></main>`;
