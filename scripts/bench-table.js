#!/usr/bin/env node
'use strict';
/** Prints bench/results.json as the Markdown table the README carries (node scripts/bench-table.js). */
const results = require('../bench/results.json');

const fmt = (v) =>
  typeof v !== 'number' ? String(v) : v >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString();
const rows = results.metrics.map((m) => {
  const limit = m.limit ? `${m.limit.name}: ${fmt(m.limit.value)} ${m.limit.unit}` : '—';
  const ratio = typeof m.ratio === 'number' ? `${m.ratio >= 0.01 ? fmt(m.ratio) : m.ratio.toExponential(1)}×` : '—';
  return `| ${m.name} | ${fmt(m.value)} ${m.unit} | ${limit} | ${ratio} |`;
});
console.log(['| metric | value | compared with | ratio |', '| --- | --- | --- | --- |', ...rows].join('\n'));
