// The HTML report's inline stylesheet and script. The script reads the JSON blocks that
// html_page.cc writes and only draws: tables, the matrix (an HTML table up to 60 tenants, a canvas
// heat-map with hover beyond, so the DOM never holds an N×N table), pagination, filters, search.
// Every value is inserted as text (textContent), never as markup.
#include "report/html_page.h"

namespace tg::report::html {

const char* const kCss = R"TGCSS(
:root { --open:#cf222e; --decl:#0969da; --l1:#e8a200; --l2:#8ccf8c; --l3:#2f855a; --none:#eaeef2; --self:#d0d7de;
        --fg:#1f2328; --muted:#59636e; --line:#d0d7de; --bg:#ffffff; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 20px; }
main { padding: 8px 24px 40px; max-width: 1500px; }
.pair-row { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.pair-row > #tg-matrix { flex: 0 1 auto; max-width: 100%; min-width: 320px; }
.pair-row > #tg-drill { flex: 1 1 480px; min-width: 360px; }
#tg-matrix .note { max-width: 620px; }
#tg-matrix .legend { max-width: 620px; }
section { margin: 18px 0 26px; }
h2 { font-size: 17px; margin: 0 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.note { color: var(--muted); margin: 4px 0 8px; }
.bad { color: var(--open); font-weight: 600; }
.good { color: var(--l3); font-weight: 600; }
.stats span { margin-right: 14px; }
table.grid { border-collapse: collapse; margin: 4px 0; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
table.grid th { background: var(--panel); font-weight: 600; }
table.matrix { border-collapse: collapse; }
table.matrix td, table.matrix th { border: 1px solid #fff; padding: 0; }
table.matrix th { font-weight: 500; font-size: 12px; white-space: nowrap; padding: 2px 6px; }
table.matrix thead th { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; height: auto; max-height: 160px; padding: 6px 2px; }
table.matrix td.cell { width: 34px; height: 26px; text-align: center; font-size: 11px; cursor: pointer; font-weight: 600; }
table.matrix td.cell:hover, table.matrix td.cell.selected { outline: 3px solid var(--fg); outline-offset: -1px; }
td.changed, .swatch.changed { box-shadow: inset 0 0 0 3px #8250df; }
.c-open { background: var(--open); color: #fff; }
.c-decl { background: var(--decl); color: #fff; }
.c-1 { background: var(--l1); color: #1f2328; }
.c-2 { background: var(--l2); color: #1f2328; }
.c-3 { background: var(--l3); color: #fff; }
.c-0 { background: #999; color: #fff; }
.c-none { background: var(--none); color: var(--muted); }
.c-self { background: var(--self); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 6px 0 10px; font-size: 12.5px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 16px; height: 14px; border-radius: 2px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 6px 0; }
.controls input[type=search], .controls select { padding: 3px 6px; font: inherit; }
button { font: inherit; padding: 2px 10px; cursor: pointer; border: 1px solid var(--line); background: var(--panel); border-radius: 4px; }
button:disabled { opacity: .45; cursor: default; }
.pager { display: flex; gap: 8px; align-items: center; margin: 6px 0; font-size: 12.5px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11.5px; font-weight: 600; border: 1px solid transparent; }
.v-allow { background: #dafbe1; color: #116329; }
.v-deny { background: #ffebe9; color: #a40e26; }
.v-partial { background: #fff8c5; color: #7d4e00; }
.v-absent { background: var(--none); color: var(--muted); }
.sev-error { color: var(--open); font-weight: 600; }
.sev-warning { color: #9a6700; font-weight: 600; }
.sev-info { color: var(--muted); }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; background: #fff; }
.card.new { border-left: 4px solid var(--open); }
.card.removed { border-left: 4px solid var(--l3); }
.card.changed { border-left: 4px solid var(--l1); }
.flowhead { font-weight: 600; }
.refs { margin: 0; padding-left: 16px; }
.refs li { margin: 0; }
#tg-canvas-wrap { position: relative; display: inline-block; border: 1px solid var(--line); }
#tg-canvas { display: block; image-rendering: pixelated; cursor: crosshair; }
#tg-tip { position: absolute; pointer-events: none; background: #1f2328; color: #fff; padding: 3px 7px; border-radius: 4px; font-size: 12px; white-space: nowrap; display: none; z-index: 2; }
.empty { color: var(--muted); font-style: italic; }
details > summary { cursor: pointer; }
)TGCSS";

const char* const kScript = R"TGJS(
(function () {
  'use strict';
  var status = document.createElement('div');
  status.id = 'tg-status';
  status.hidden = true;
  document.body.appendChild(status);
  window.addEventListener('error', function (e) { status.setAttribute('data-error', String(e.message)); });

  var D = JSON.parse(document.getElementById('tg-data').textContent);
  var T = D.tenants, N = T.length, app = document.getElementById('tg-app');
  var tenantIndex = {};
  T.forEach(function (t, i) { tenantIndex[t] = i; });

  // ---- small helpers -------------------------------------------------------------------
  function el(tag, props, kids) {
    var e = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'cls') e.className = v;
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    });
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function plural(n, w) { return n + ' ' + w + (n === 1 ? '' : 's'); }
  function text(i) { return D.texts[i]; }
  // Layer results [layerText, verdict char, conns, refs] from a block's table, as [name, verdict, conns, refs].
  var VERDICT = { a: 'allow', d: 'deny', p: 'partial' };
  function layerList(ks, table) {
    return ks ? ks.map(function (k) { var l = table[k]; return [text(l[0]), VERDICT[l[1]] || l[1], l[2], l[3]]; }) : ks;
  }
  function conns(i) { return i < 0 ? 'No Connections' : D.conns[i]; }
  var rowCache = {};
  function row(i) {
    if (!(i in rowCache)) {
      var b = document.getElementById('tg-row-' + i);
      rowCache[i] = b ? JSON.parse(b.textContent) : { cells: [], flows: [], layers: [] };
    }
    return rowCache[i];
  }
  function refText(i) {
    var r = D.refs[i];  // [kind, ns, name, rule, section, file, line]
    var s = r[0] + ' ' + (r[1] ? r[1] + '/' : '') + r[2];
    if (r[3] >= 0) s += ' ' + (r[4] ? r[4] + ' ' : '') + 'rule ' + r[3];
    else if (r[4]) s += ' ' + r[4];
    return s;
  }
  function refWhere(i) { var r = D.refs[i]; return r[5] ? r[5] + ':' + r[6] : ''; }

  var CODES = {
    'O': { label: 'OPEN', cls: 'c-open', desc: 'undeclared cross-tenant flows' },
    'D': { label: 'decl', cls: 'c-decl', desc: 'declared flows only' },
    '0': { label: '0L', cls: 'c-0', desc: 'blocked, no independent layer' },
    '1': { label: '1L', cls: 'c-1', desc: 'blocked by 1 independent layer' },
    '2': { label: '2L', cls: 'c-2', desc: 'blocked by 2 independent layers' },
    '3': { label: '3L', cls: 'c-3', desc: 'blocked by 3 independent layers' },
    '.': { label: '\u00b7', cls: 'c-none', desc: 'no workload pair' },
    '-': { label: '', cls: 'c-self', desc: 'same tenant' }
  };
  var RGB = { 'O': [207, 34, 47], 'D': [9, 105, 218], '0': [153, 153, 153], '1': [232, 162, 0], '2': [140, 207, 140],
              '3': [47, 133, 90], '.': [234, 238, 242], '-': [208, 215, 222] };
  function codeInfo(c) { return CODES[c] || { label: c, cls: 'c-0', desc: c }; }
  function cellCode(i, j) { return D.matrix[i].charAt(j); }

  // Cells that changed in a diff: "i,j" -> base code (or null when the pair is new).
  var changed = {};
  if (D.diff) D.diff.cells.forEach(function (c) {
    if (c[0] in tenantIndex && c[1] in tenantIndex) changed[tenantIndex[c[0]] + ',' + tenantIndex[c[1]]] = c[2];
  });

  // A paginated list: render(items) into `body` page by page; `controls` gets the pager.
  function pager(container, items, pageSize, renderItem, wrap) {
    var page = 0, pages = Math.max(1, Math.ceil(items.length / pageSize));
    var info = el('span'), prev = el('button', { text: '\u2039 prev' }), next = el('button', { text: 'next \u203a' });
    var bar = el('div', { cls: 'pager' }, [prev, info, next]);
    var target = wrap ? wrap() : el('div');
    var body = target.tagName === 'TABLE' ? target.tBodies[0] : target;
    function draw() {
      clear(body);
      var start = page * pageSize, end = Math.min(items.length, start + pageSize);
      for (var k = start; k < end; k++) body.appendChild(renderItem(items[k], k));
      info.textContent = items.length ? (start + 1) + '\u2013' + end + ' of ' + items.length : '0 of 0';
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    prev.addEventListener('click', function () { if (page > 0) { page--; draw(); } });
    next.addEventListener('click', function () { if (page < pages - 1) { page++; draw(); } });
    clear(container);
    if (!items.length) container.appendChild(el('div', { cls: 'empty', text: 'none' }));
    else {
      if (pages > 1) container.appendChild(bar);
      container.appendChild(target);
    }
    draw();
  }
  function table(headers) {
    return el('table', { cls: 'grid' }, [el('thead', null, [el('tr', null, headers.map(function (h) { return el('th', { text: h }); }))]), el('tbody')]);
  }

  // Each layer's verdict, what it allows and the rules that decided, with file:line.
  function layersTable(layerTable, layerIds, beforeIds, changedLayers) {
    var layers = layerList(layerIds, layerTable), before = layerList(beforeIds, layerTable);
    var t = table(before ? ['layer', 'base', 'head', 'head allows', 'decided by (head)'] : ['layer', 'verdict', 'allows', 'decided by']);
    var tb = t.tBodies[0];
    var n = Math.max(layers ? layers.length : 0, before ? before.length : 0);
    for (var k = 0; k < n; k++) {
      var l = layers && layers[k], b = before && before[k];
      var refs = el('ul', { cls: 'refs' });
      (l ? l[3] : []).forEach(function (r) {
        refs.appendChild(el('li', null, [refText(r) + ' ', el('code', { cls: 'muted', text: refWhere(r) })]));
      });
      if (l && !l[3].length) refs.appendChild(el('li', { cls: 'muted', text: 'no object decided (default)' }));
      var cells = [el('td', { text: (l || b)[0] })];
      if (before) cells.push(el('td', null, [verdictBadge(b)]));
      cells.push(el('td', null, [verdictBadge(l)]));
      cells.push(el('td', { cls: 'mono', text: l ? conns(l[2]) : '' }));
      if (before && b && changedLayers && changedLayers.indexOf(b[0]) >= 0 && b[3].length) {
        var was = el('div', { cls: 'muted' }, ['base: ' + b[3].map(function (r) { return refText(r) + ' (' + refWhere(r) + ')'; }).join(', ')]);
        cells.push(el('td', null, [refs, was]));
      } else cells.push(el('td', null, [refs]));
      tb.appendChild(el('tr', null, cells));
    }
    return t;
  }
  function verdictBadge(l) {
    if (!l) return el('span', { cls: 'badge v-absent', text: 'absent' });
    return el('span', { cls: 'badge v-' + l[1], text: l[1] });
  }

  // ---- headline --------------------------------------------------------------------------
  var S = D.summary;
  var headline = document.getElementById('tg-headline');
  if (D.diff) {
    var ds = D.diff.summary;
    headline.appendChild(el('div', { cls: ds.newFlows ? 'bad' : 'good',
      text: ds.newFlows ? plural(ds.newFlows, 'new cross-tenant flow') + ' opened by this change' : 'No new cross-tenant flows' }));
    headline.appendChild(el('div', { cls: 'stats muted' }, [
      el('span', { text: 'flows: ' + ds.addedFlows + ' added, ' + ds.removedFlows + ' removed, ' + ds.changedFlows + ' changed' }),
      el('span', { text: 'findings: ' + ds.newFindings + ' new, ' + ds.resolvedFindings + ' resolved, ' + ds.unchangedFindings + ' unchanged' }),
      el('span', { text: 'base: ' + plural(D.diff.base.workloads, 'workload') + ', ' + plural(D.diff.base.crossTenant, 'cross-tenant flow') }),
      el('span', { text: 'head: ' + plural(S.workloads, 'workload') + ', ' + plural(S.crossTenant, 'cross-tenant flow') })]));
  } else {
    headline.appendChild(el('div', { cls: 'stats' }, [
      el('span', { text: plural(S.tenants, 'tenant') }), el('span', { text: plural(S.namespaces, 'namespace') }),
      el('span', { text: plural(S.workloads, 'workload') }), el('span', { text: S.policies + ' policies' }),
      el('span', { cls: S.crossTenant ? 'bad' : '', text: plural(S.crossTenant, 'cross-tenant flow') }),
      el('span', { cls: S.errors ? 'bad' : '', text: plural(S.errors, 'error') }),
      el('span', { text: plural(S.warnings, 'warning') }), el('span', { text: S.info + ' info' })]));
  }

  // ---- sections --------------------------------------------------------------------------
  function section(id, title) {
    var s = el('section', { id: id }, [el('h2', { text: title })]);
    app.appendChild(s);
    return s;
  }
  var diffSec = D.diff ? section('tg-diff', 'What this change does') : null;
  // The matrix and the drill-down side by side on wide screens: click a cell, read it on the right.
  var pairRow = el('div', { cls: 'pair-row' });
  app.appendChild(pairRow);
  var matrixSec = section('tg-matrix', D.diff ? 'Tenant isolation matrix (head)' : 'Tenant isolation matrix');
  var drillSec = section('tg-drill', 'Tenant drill-down');
  pairRow.appendChild(matrixSec);
  pairRow.appendChild(drillSec);
  var tenantsSec = section('tg-tenants', 'Tenants');
  var findingsSec = section('tg-findings', D.diff ? 'All findings (head)' : 'Findings');
  var whatifSec = section('tg-whatif', 'What-if: load-bearing objects');

  // ---- matrix ----------------------------------------------------------------------------
  function legend() {
    var l = el('div', { cls: 'legend' });
    ['O', 'D', '1', '2', '3', '.'].forEach(function (c) {
      var i = codeInfo(c);
      l.appendChild(el('span', null, [el('span', { cls: 'swatch ' + i.cls }), (i.label === '\u00b7' ? '' : i.label + ' ') + i.desc]));
    });
    if (D.diff) l.appendChild(el('span', null, [el('span', { cls: 'swatch changed' }), 'changed by this change']));
    return l;
  }
  function cellTitle(i, j) {
    var c = cellCode(i, j), s = T[i] + ' \u2192 ' + T[j] + ': ' + codeInfo(c).desc;
    var k = i + ',' + j;
    if (k in changed) s += ' (base: ' + (changed[k] === null ? 'no such pair' : codeInfo(changed[k]).desc) + ')';
    return s;
  }
  var matrixMode = N <= 60 ? 'table' : 'canvas';
  matrixSec.appendChild(el('p', { cls: 'note', text: 'Row: from, column: to. A cell is OPEN when some workload of the row tenant reaches one of the column tenant that the spec does not declare; otherwise NL counts the independent layers (network, mtls, authorization) that block the least-defended workload pair. Click a cell for its flows and the rules that decide them.' }));
  matrixSec.appendChild(legend());
  var search = el('input', { type: 'search', placeholder: 'tenant name\u2026', list: 'tg-tenant-list', 'aria-label': 'find tenant' });
  var dl = el('datalist', { id: 'tg-tenant-list' });
  T.forEach(function (t) { dl.appendChild(el('option', { value: t })); });
  var go = el('button', { text: 'open tenant', onclick: function () { if (search.value in tenantIndex) openTenant(tenantIndex[search.value]); } });
  search.addEventListener('keydown', function (e) { if (e.key === 'Enter') go.click(); });
  matrixSec.appendChild(el('div', { cls: 'controls' }, [search, dl, go]));
  var cellsDrawn = 0;
  if (N === 0) matrixSec.appendChild(el('div', { cls: 'empty', text: 'no tenants' }));
  else if (matrixMode === 'table') {
    var head = el('tr', null, [el('th')]);
    T.forEach(function (t) { head.appendChild(el('th', { scope: 'col', text: t })); });
    var body = el('tbody');
    for (var i = 0; i < N; i++) {
      var tr = el('tr', null, [el('th', { scope: 'row' }, [el('a', { href: '#tg-drill', text: T[i], onclick: (function (ii) { return function (e) { e.preventDefault(); openTenant(ii); }; })(i) })])]);
      for (var j = 0; j < N; j++) {
        var c = cellCode(i, j), info = codeInfo(c);
        var td = el('td', { cls: 'cell ' + info.cls + ((i + ',' + j) in changed ? ' changed' : ''), title: cellTitle(i, j), text: info.label,
                            'data-code': c });
        if (i !== j) {
          td.addEventListener('click', (function (ii, jj) { return function () { openCell(ii, jj); }; })(i, j));
          cellsDrawn++;
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    matrixSec.appendChild(el('div', { style: 'overflow:auto' }, [el('table', { cls: 'matrix', id: 'tg-matrix-table' }, [el('thead', null, [head]), body])]));
  } else {
    var px = Math.max(1, Math.min(12, Math.floor(900 / N)));
    var size = N * px;
    var canvas = el('canvas', { id: 'tg-canvas', width: size, height: size });
    var scale = size < 600 ? Math.floor(600 / size) || 1 : 1;
    canvas.style.width = size * scale + 'px';
    canvas.style.height = size * scale + 'px';
    var tip = el('div', { id: 'tg-tip' });
    var wrap = el('div', { id: 'tg-canvas-wrap' }, [canvas, tip]);
    matrixSec.appendChild(el('p', { cls: 'note', text: N + ' tenants: the matrix is drawn as a heat-map (one ' + px + '\u00d7' + px + ' pixel block per tenant pair); hover for the pair, click to open it, or find a tenant by name.' }));
    matrixSec.appendChild(wrap);
    var ctx = canvas.getContext('2d'), img = ctx.createImageData(size, size), data = img.data;
    for (var r = 0; r < N; r++) {
      var line = D.matrix[r];
      for (var col = 0; col < N; col++) {
        var rgb = RGB[line.charAt(col)] || RGB['0'];
        var mark = (r + ',' + col) in changed;
        for (var dy = 0; dy < px; dy++) for (var dx = 0; dx < px; dx++) {
          var edge = mark && px >= 4 && (dy === 0 || dx === 0 || dy === px - 1 || dx === px - 1);
          var o = ((r * px + dy) * size + col * px + dx) * 4;
          data[o] = edge ? 130 : rgb[0]; data[o + 1] = edge ? 80 : rgb[1]; data[o + 2] = edge ? 223 : rgb[2]; data[o + 3] = 255;
        }
        if (r !== col) cellsDrawn++;
      }
    }
    ctx.putImageData(img, 0, 0);
    function at(e) {
      var rect = canvas.getBoundingClientRect();
      var x = Math.floor((e.clientX - rect.left) / (rect.width / N)), y = Math.floor((e.clientY - rect.top) / (rect.height / N));
      return x >= 0 && y >= 0 && x < N && y < N ? [y, x] : null;
    }
    canvas.addEventListener('mousemove', function (e) {
      var p = at(e);
      if (!p) { tip.style.display = 'none'; return; }
      tip.textContent = p[0] === p[1] ? T[p[0]] : cellTitle(p[0], p[1]);
      var rect = wrap.getBoundingClientRect();
      tip.style.left = (e.clientX - rect.left + 14) + 'px';
      tip.style.top = (e.clientY - rect.top + 10) + 'px';
      tip.style.display = 'block';
    });
    canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    canvas.addEventListener('click', function (e) { var p = at(e); if (p && p[0] !== p[1]) openCell(p[0], p[1]); });
  }

  // ---- tenants overview (aggregated from the matrix rows; searchable, paginated) ----------
  var overview = T.map(function (t, i) {
    var line = D.matrix[i], outOpen = 0, outDecl = 0, weakest = 9, inOpen = 0;
    for (var j = 0; j < N; j++) {
      var c = line.charAt(j);
      if (c === 'O') outOpen++;
      else if (c === 'D') outDecl++;
      else if (c >= '0' && c <= '9') weakest = Math.min(weakest, +c);
      if (D.matrix[j].charAt(i) === 'O') inOpen++;
    }
    return { i: i, outOpen: outOpen, outDecl: outDecl, inOpen: inOpen, weakest: weakest === 9 ? null : weakest };
  });
  overview.sort(function (a, b) { return (b.outOpen + b.inOpen) - (a.outOpen + a.inOpen) || (a.weakest === null ? 9 : a.weakest) - (b.weakest === null ? 9 : b.weakest) || a.i - b.i; });
  var tsearch = el('input', { type: 'search', placeholder: 'filter tenants\u2026', 'aria-label': 'filter tenants' });
  var tlist = el('div');
  tenantsSec.appendChild(el('p', { cls: 'note', text: 'Most exposed first: tenants that reach or are reached by others through undeclared flows, then the thinnest isolation.' }));
  tenantsSec.appendChild(el('div', { cls: 'controls' }, [tsearch]));
  tenantsSec.appendChild(tlist);
  function drawTenants() {
    var q = tsearch.value.toLowerCase();
    var items = overview.filter(function (o) { return !q || T[o.i].toLowerCase().indexOf(q) >= 0; });
    pager(tlist, items, 25, function (o) {
      return el('tr', null, [
        el('td', null, [el('a', { href: '#tg-drill', text: T[o.i], onclick: function (e) { e.preventDefault(); openTenant(o.i); } })]),
        el('td', { cls: o.outOpen ? 'bad' : '', text: String(o.outOpen) }),
        el('td', { cls: o.inOpen ? 'bad' : '', text: String(o.inOpen) }),
        el('td', { text: String(o.outDecl) }),
        el('td', { text: o.weakest === null ? '\u2013' : o.weakest + 'L' })]);
    }, function () { return table(['tenant', 'reaches (undeclared)', 'reached by (undeclared)', 'declared', 'thinnest blocked pair']); });
  }
  tsearch.addEventListener('input', drawTenants);
  drawTenants();

  // ---- drill-down ------------------------------------------------------------------------
  var drillBody = el('div', null, [el('p', { cls: 'empty', text: 'Pick a tenant (matrix row, tenants list or search) or a matrix cell.' })]);
  drillSec.appendChild(drillBody);

  function cellOf(i, j) {
    var cells = row(i).cells;
    for (var k = 0; k < cells.length; k++) if (cells[k][0] === j) return cells[k];
    return null;
  }
  function flowsOf(i, j) { return row(i).flows.filter(function (f) { return f[0] === j; }); }

  // One tenant pair: its flows (each layer, what decided) or its least-defended blocked pair.
  function pairDetail(i, j) {
    var c = cellOf(i, j), code = cellCode(i, j), info = codeInfo(code);
    var box = el('div', { cls: 'card', id: 'tg-pair-' + i + '-' + j });
    box.appendChild(el('div', { cls: 'flowhead' }, [T[i] + ' \u2192 ' + T[j] + ' ', el('span', { cls: 'badge ' + info.cls, text: info.label || info.desc }), ' ' + info.desc]));
    if (!c) { box.appendChild(el('div', { cls: 'empty', text: 'no workload pair between these tenants' })); return box; }
    box.appendChild(el('div', { cls: 'muted', text: plural(c[1], 'undeclared flow') + ', ' + plural(c[2], 'declared flow') + ', ' + plural(c[3], 'blocked workload pair') }));
    var k = i + ',' + j;
    if (k in changed) box.appendChild(el('div', { cls: 'muted', text: 'base: ' + (changed[k] === null ? 'no such pair' : codeInfo(changed[k]).desc) }));
    var flows = flowsOf(i, j), flowBox = el('div');
    box.appendChild(flowBox);
    if (flows.length) pager(flowBox, flows, 5, function (f) {
      // [to, src, dst, conns, authorization, declared, [layer...], srcWhere, dstWhere]
      var d = el('div');
      d.appendChild(el('h3', null, [(f[5] ? 'declared: ' : 'UNDECLARED: ') + text(f[1]) + ' \u21d2 ' + text(f[2]) + ' : ' + conns(f[3])]));
      d.appendChild(el('div', { cls: 'muted' }, ['source ', el('code', { text: text(f[7]) }), ', destination ', el('code', { text: text(f[8]) }),
        text(f[4]) ? ', authorization: ' + text(f[4]) : '']));
      d.appendChild(layersTable(row(i).layers, f[6]));
      return d;
    });
    (D.flowsOmitted || []).forEach(function (o) {
      if (o[0] === i && o[1] === j) box.appendChild(el('p', { cls: 'note', text: plural(o[2], 'more flow') + ' between these tenants not embedded in this page (see -o json).' }));
    });
    if (c.length > 5) {
      // [to, open, declared, blocked, minLayers, weakSrc, weakDst, blockedBy, layers]
      box.appendChild(el('h3', null, ['Least-defended blocked pair: ' + text(c[5]) + ' \u21d2 ' + text(c[6])]));
      box.appendChild(el('div', { cls: 'muted', text: 'blocked by ' + plural(c[4], 'independent layer') + ': ' + text(c[7]) }));
      box.appendChild(layersTable(row(i).layers, c[8]));
    }
    return box;
  }
  var drillState = { tenant: -1 };
  function openTenant(i, focus) {
    drillState.tenant = i;
    clear(drillBody);
    var line = D.matrix[i];
    drillBody.appendChild(el('h3', { text: 'Tenant ' + T[i] }));
    var osearch = el('input', { type: 'search', placeholder: 'filter destination tenants\u2026', 'aria-label': 'filter destination tenants' });
    var onlyExposed = el('input', { type: 'checkbox' });
    var outList = el('div');
    drillBody.appendChild(el('div', { cls: 'controls' }, [el('strong', { text: 'From ' + T[i] + ' to:' }), osearch, el('label', null, [onlyExposed, ' only open, declared or 1L'])]));
    drillBody.appendChild(outList);
    function drawOut() {
      var q = osearch.value.toLowerCase(), items = [];
      for (var j = 0; j < N; j++) {
        if (j === i) continue;
        var c = line.charAt(j);
        if (onlyExposed.checked && c !== 'O' && c !== 'D' && c !== '1') continue;
        if (q && T[j].toLowerCase().indexOf(q) < 0) continue;
        items.push(j);
      }
      items.sort(function (a, b) { return rank(line.charAt(a)) - rank(line.charAt(b)) || a - b; });
      pager(outList, items, 10, function (j) { return pairDetail(i, j); });
    }
    osearch.addEventListener('input', drawOut);
    onlyExposed.addEventListener('change', drawOut);
    if (focus === undefined && N > 30) onlyExposed.checked = true;
    if (focus !== undefined) osearch.value = T[focus];
    drawOut();
    var inbound = [];
    for (var j = 0; j < N; j++) if (j !== i && (D.matrix[j].charAt(i) === 'O' || D.matrix[j].charAt(i) === 'D' || D.matrix[j].charAt(i) === '1')) inbound.push(j);
    drillBody.appendChild(el('h3', { text: 'Into ' + T[i] + ': tenants with undeclared flows, declared flows or a single blocking layer' }));
    var inList = el('div');
    drillBody.appendChild(inList);
    pager(inList, inbound, 25, function (j) {
      var info = codeInfo(D.matrix[j].charAt(i));
      return el('tr', null, [el('td', null, [el('a', { href: '#tg-drill', text: T[j], onclick: function (e) { e.preventDefault(); openCell(j, i); } })]),
                             el('td', null, [el('span', { cls: 'badge ' + info.cls, text: info.label })]), el('td', { text: info.desc })]);
    }, function () { return table(['from', 'cell', 'state']); });
    status.setAttribute('data-drill', T[i]);
  }
  var RANK = { 'O': 0, 'D': 1, '0': 2, '1': 2, '2': 3, '3': 4, '.': 5 };
  function rank(c) { return c in RANK ? RANK[c] : 6; }
  function openCell(i, j, noScroll) {
    openTenant(i, j);
    var prev = document.querySelector('td.cell.selected');
    if (prev) prev.classList.remove('selected');
    var td = document.querySelector('#tg-matrix-table tr:nth-child(' + (i + 1) + ') td:nth-child(' + (j + 2) + ')');
    if (td) td.classList.add('selected');
    setHash('pair=' + encodeURIComponent(T[i]) + ',' + encodeURIComponent(T[j]));
    var target = document.getElementById('tg-pair-' + i + '-' + j);
    if (!noScroll) (target || drillSec).scrollIntoView({ block: 'nearest' });
  }
  function setHash(h) { try { history.replaceState(null, '', '#' + h); } catch (e) { /* file: URLs in some browsers */ } }

  // ---- findings (filters by severity, ID and text; paginated) -----------------------------
  function findingsTable(container, rows, states, omitted) {
    // rows: [id, severity, message, file, line, object, hint]; states: parallel array or null
    var sevs = { error: true, warning: true, info: true };
    var ids = {};
    rows.forEach(function (f) { ids[f[0]] = true; });
    var idSel = el('select', { 'aria-label': 'finding ID' }, [el('option', { value: '', text: 'all IDs' })].concat(
      Object.keys(ids).sort().map(function (id) { return el('option', { value: id, text: id }); })));
    var search = el('input', { type: 'search', placeholder: 'search messages, files, objects\u2026', 'aria-label': 'search findings' });
    var boxes = ['error', 'warning', 'info'].map(function (s) {
      var n = rows.filter(function (f) { return f[1] === s; }).length;
      var cb = el('input', { type: 'checkbox', checked: 'checked', 'data-sev': s });
      cb.addEventListener('change', function () { sevs[s] = cb.checked; draw(); });
      return el('label', { cls: 'sev-' + s }, [cb, ' ' + s + ' (' + n + ')']);
    });
    var list = el('div');
    var more = Object.keys(omitted || {}).sort().map(function (id) { return plural(omitted[id], id + ' finding') + ' more'; });
    if (more.length) container.appendChild(el('p', { cls: 'note', text: 'Not embedded in this page (see -o json or -o sarif): ' + more.join(', ') + '.' }));
    container.appendChild(el('div', { cls: 'controls' }, boxes.concat([idSel, search])));
    container.appendChild(list);
    function draw() {
      var q = search.value.toLowerCase(), id = idSel.value, items = [];
      rows.forEach(function (f, k) {
        if (!sevs[f[1]] || (id && f[0] !== id)) return;
        if (q && (f[2] + ' ' + text(f[3]) + ' ' + text(f[5])).toLowerCase().indexOf(q) < 0) return;
        items.push(k);
      });
      pager(list, items, 50, function (k) {
        var f = rows[k];
        var cells = [];
        if (states) cells.push(el('td', { text: states[k] }));
        cells.push(el('td', { cls: 'sev-' + f[1], text: f[1] }), el('td', { text: f[0] }),
                   el('td', null, [el('code', { text: text(f[3]) ? text(f[3]) + ':' + f[4] : '' })]), el('td', { text: text(f[5]) }),
                   el('td', null, [f[2], text(f[6]) ? el('div', { cls: 'muted', text: 'fix: ' + text(f[6]) }) : null]));
        return el('tr', { 'data-id': f[0] }, cells);
      }, function () { return table((states ? ['change'] : []).concat(['severity', 'id', 'where', 'object', 'message'])); });
    }
    idSel.addEventListener('change', draw);
    search.addEventListener('input', draw);
    draw();
  }
  findingsTable(findingsSec, D.findings, null, D.findingsOmitted);

  // ---- what-if -----------------------------------------------------------------------------
  function loadBearingList(container, items) {
    pager(container, items, 25, function (lb) {
      var opens = el('details', null, [el('summary', { text: plural(lb[2].length, 'flow') + ', e.g. ' + lb[2][0] })].concat(
        lb[2].slice(0, 50).map(function (o) { return el('div', { cls: 'mono', text: o }); })).concat(
        lb[2].length > 50 ? [el('div', { cls: 'muted', text: '+' + (lb[2].length - 50) + ' more' })] : []));
      return el('tr', null, [el('td', { text: lb[0] }), el('td', null, [el('code', { text: lb[1] })]), el('td', null, [opens])]);
    }, function () { return table(['object', 'where', 'deleting it alone opens']); });
  }
  whatifSec.appendChild(el('p', { cls: 'note', text: 'Objects whose deletion alone opens a cross-tenant flow: one kubectl delete away from a breach.' }));
  var wl = el('div');
  whatifSec.appendChild(wl);
  loadBearingList(wl, D.loadBearing);

  // ---- diff ----------------------------------------------------------------------------------
  if (D.diff) {
    var X = D.diff;
    diffSec.appendChild(el('p', { cls: 'note', text: 'Cross-tenant flow changes between base and head; new undeclared flows first. "topology" means a workload of the pair was added or removed; "policy" means both exist on both sides.' }));
    var flist = el('div');
    diffSec.appendChild(el('h3', { text: 'Cross-tenant flows (' + X.flowsTotal + ' changed)' }));
    if (X.flowsTotal > X.flows.length) diffSec.appendChild(el('p', { cls: 'note', text: 'The first ' + X.flows.length + ' are embedded in this page; -o json has all of them.' }));
    diffSec.appendChild(flist);
    pager(flist, X.flows, 20, function (f) {
      // [kind, cause, new, fromTenant, toTenant, src, dst, opened, closed, base, head, changedLayers, dstWhere]
      var cls = f[2] ? 'new' : f[0] === 'removed' ? 'removed' : 'changed';
      var sign = f[0] === 'added' ? '+' : f[0] === 'removed' ? '\u2212' : '~';
      var baseSide = f[9], headSide = f[10];
      var what = f[0] === 'added' ? conns(headSide[0]) : f[0] === 'removed' ? 'was ' + conns(baseSide[0])
               : conns(baseSide[0]) + ' \u2192 ' + conns(headSide[0]);
      var card = el('div', { cls: 'card ' + cls }, [
        el('div', { cls: 'flowhead' }, [sign + ' ' + text(f[5]) + ' \u21d2 ' + text(f[6]) + ' : ' + what + ' ',
          f[2] ? el('span', { cls: 'badge c-open', text: 'NEW' }) : null, ' ', el('span', { cls: 'badge v-absent', text: f[1] })]),
        el('div', { cls: 'muted' }, ['tenant ' + f[3] + ' \u2192 ' + f[4] + (f[7] >= 0 ? '; opened ' + conns(f[7]) : '') + (f[8] >= 0 ? '; closed ' + conns(f[8]) : '') +
          (headSide ? (headSide[2] ? '; declared' : '') + (text(headSide[1]) ? '; authorization: ' + text(headSide[1]) : '') : '; a workload is gone') + ' ', el('code', { text: f[12] })])]);
      card.appendChild(layersTable(D.layers, headSide ? headSide[3] : null, baseSide ? baseSide[3] : [], f[11]));
      return card;
    });

    if (X.cells.length) {
      diffSec.appendChild(el('h3', { text: 'Tenant matrix cells that changed (' + X.cellsTotal + ')' }));
      if (X.cellsTotal > X.cells.length) diffSec.appendChild(el('p', { cls: 'note', text: 'The first ' + X.cells.length + ' are embedded (and outlined in the matrix); -o json has all of them.' }));
      var cl = el('div');
      diffSec.appendChild(cl);
      pager(cl, X.cells, 25, function (c) {
        function badge(code) { if (code === null) return el('span', { cls: 'muted', text: '(no tenant)' }); var i = codeInfo(code); return el('span', { cls: 'badge ' + i.cls, text: i.label || i.desc }); }
        var link = c[0] in tenantIndex && c[1] in tenantIndex
          ? el('a', { href: '#tg-drill', text: c[0] + ' \u2192 ' + c[1], onclick: function (e) { e.preventDefault(); openCell(tenantIndex[c[0]], tenantIndex[c[1]]); } })
          : document.createTextNode(c[0] + ' \u2192 ' + c[1]);
        return el('tr', null, [el('td', null, [link]), el('td', null, [badge(c[2])]), el('td', null, [badge(c[3])])]);
      }, function () { return table(['from \u2192 to', 'base', 'head']); });
    }

    diffSec.appendChild(el('h3', { text: 'Findings: ' + X.findingsNew.length + ' new, ' + X.findingsResolved.length + ' resolved' }));
    var frows = X.findingsNew.concat(X.findingsResolved);
    var fstates = X.findingsNew.map(function () { return 'new'; }).concat(X.findingsResolved.map(function () { return 'resolved'; }));
    var fbox = el('div');
    diffSec.appendChild(fbox);
    var fomitted = {};
    [X.findingsNewOmitted, X.findingsResolvedOmitted].forEach(function (o) { Object.keys(o).forEach(function (k) { fomitted[k] = (fomitted[k] || 0) + o[k]; }); });
    findingsTable(fbox, frows, fstates, fomitted);

    if (X.newlyLoadBearing.length || X.noLongerLoadBearing.length) {
      diffSec.appendChild(el('h3', { text: 'Newly load-bearing objects' }));
      var nl = el('div'); diffSec.appendChild(nl); loadBearingList(nl, X.newlyLoadBearing);
      diffSec.appendChild(el('h3', { text: 'No longer load-bearing' }));
      var ol = el('div'); diffSec.appendChild(ol); loadBearingList(ol, X.noLongerLoadBearing);
    }
    function simpleList(title, items, fmt) {
      if (!items.length) return;
      diffSec.appendChild(el('h3', { text: title + ' (' + items.length + ')' }));
      var box = el('div');
      diffSec.appendChild(box);
      pager(box, items, 25, function (x) { return el('div', null, fmt(x)); });
    }
    simpleList('Policy objects added', X.policiesAdded, function (p) { return ['+ ' + p[0] + ' ', el('code', { text: p[1] })]; });
    simpleList('Policy objects removed', X.policiesRemoved, function (p) { return ['\u2212 ' + p[0] + ' ', el('code', { text: p[1] })]; });
    var topo = X.topology;
    simpleList('Topology: tenants added', topo.tenantsAdded, function (t) { return ['+ ' + t]; });
    simpleList('Topology: tenants removed', topo.tenantsRemoved, function (t) { return ['\u2212 ' + t]; });
    simpleList('Topology: namespaces added', topo.namespacesAdded, function (t) { return ['+ ' + t]; });
    simpleList('Topology: namespaces removed', topo.namespacesRemoved, function (t) { return ['\u2212 ' + t]; });
    simpleList('Topology: workloads added', topo.workloadsAdded, function (w) { return ['+ ' + w[0] + (w[1] ? ' (tenant ' + w[1] + ') ' : ' '), el('code', { text: w[2] })]; });
    simpleList('Topology: workloads removed', topo.workloadsRemoved, function (w) { return ['\u2212 ' + w[0] + (w[1] ? ' (tenant ' + w[1] + ') ' : ' '), el('code', { text: w[2] })]; });
  }

  // ---- links: #tenant=NAME opens a tenant, #pair=FROM,TO one of its cells -----------------
  (function () {
    var h = decodeURIComponent(location.hash.slice(1)), m;
    if ((m = /^pair=([^,]+),(.+)$/.exec(h)) && m[1] in tenantIndex && m[2] in tenantIndex) openCell(tenantIndex[m[1]], tenantIndex[m[2]], true);
    else if ((m = /^tenant=(.+)$/.exec(h)) && m[1] in tenantIndex) openTenant(tenantIndex[m[1]]);
  })();

  // ---- rendered: a marker for tests and tools ---------------------------------------------
  status.setAttribute('data-rendered', 'ok');
  status.setAttribute('data-matrix-mode', matrixMode);
  status.setAttribute('data-matrix-cells', String(cellsDrawn));
  status.setAttribute('data-tenants', String(N));
  status.setAttribute('data-findings', String(D.findings.length));
  document.documentElement.setAttribute('data-tg-rendered', 'ok');
})();
)TGJS";

}  // namespace tg::report::html
