'use strict';
// The console's pages: one EventSource for the overview, readings and log lines; fetch() for the rest, with
// the session's CSRF token on every request that changes something.
const $ = (s) => document.querySelector(s);
const HOUR_MS = 3600 * 1000;
let me = null;
let events = null;
let overview = null;
let overviewAt = 0;
const series = new Map();
const logLines = [];
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (me) headers['X-CSRF-Token'] = me.csrf;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin' });
  const data = await r.json().catch(() => ({}));
  if (r.status === 401 && me && path !== '/api/login') { sessionEnded(); }
  return { ok: r.ok, status: r.status, data };
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => k === 'class' ? (e.className = v) : e.setAttribute(k, v));
  children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}

function show(id) {
  ['setup', 'login', 'app'].forEach((s) => { $('#' + s).hidden = s !== id; });
}

async function start() {
  const r = await api('GET', '/api/me');
  if (r.ok) { loggedIn(r.data); return; }
  me = null;
  show(r.data.setup ? 'setup' : 'login');
}

function loggedIn(data) {
  me = data;
  $('#whoami').textContent = me.account + ' (' + me.role + ')';
  const technician = me.role === 'technician' || me.role === 'admin';
  document.querySelectorAll('.technician-only').forEach((e) => e.classList.toggle('hide', !technician));
  document.querySelectorAll('.admin-only').forEach((e) => e.classList.toggle('hide', me.role !== 'admin'));
  show('app');
  openEvents();
  loadReadings();
  checkLogs();
  route();
}

function sessionEnded() {
  me = null;
  if (events) { events.close(); events = null; }
  $('#login-error').textContent = 'Your session ended; log in again.';
  show('login');
}

function openEvents() {
  if (events) events.close();
  events = new EventSource('/api/events?level=DEBUG');
  events.addEventListener('overview', (e) => { overview = JSON.parse(e.data); overviewAt = Date.now(); renderOverview(); });
  events.addEventListener('readings', (e) => { JSON.parse(e.data).series.forEach(addReading); renderSeries(); });
  events.addEventListener('log', (e) => { JSON.parse(e.data).lines.forEach((l) => logLines.push(l));
    while (logLines.length > 2000) logLines.shift(); renderLogs(); });
  events.addEventListener('session', () => sessionEnded());
}

$('#setup-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/setup', { code: $('#setup-code').value, account: $('#setup-account').value,
    password: $('#setup-password').value });
  if (r.ok) loggedIn(r.data); else $('#setup-error').textContent = r.data.error;
});

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/login', { account: $('#login-account').value, password: $('#login-password').value });
  $('#login-password').value = '';
  if (r.ok) { $('#login-error').textContent = ''; loggedIn(r.data); } else $('#login-error').textContent = r.data.error;
});

$('#logout').addEventListener('click', async () => { await api('POST', '/api/logout', {}); sessionEnded();
  $('#login-error').textContent = ''; });

// pages
function route() {
  const page = (location.hash || '#overview').slice(1);
  document.querySelectorAll('.page').forEach((p) => { p.hidden = p.id !== 'page-' + page; });
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#' + page));
  if (page === 'selftest') loadSelfTest();
  if (page === 'audit') loadAudit();
  if (page === 'accounts') loadAccounts();
  if (page === 'logs') renderLogs();
  if (page === 'site') loadSite();
  if (page === 'updates') loadUpdates();
  if (page === 'scan') loadScan();
  if (page === 'provision') loadProvision();
}
window.addEventListener('hashchange', () => { if (me) route(); });

function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s';
}

function stateCell(state) { return el('td', { class: 'state state-' + state }, state); }

function renderOverview() {
  const o = overview;
  $('#node-title').textContent = o.node + (o.simulated ? ' (simulated street)' : '');
  $('#node').textContent = o.node;
  $('#site').textContent = o.site;
  $('#version').textContent = o.version;
  $('#uptime').textContent = duration(o.uptime_s);
  $('#gateway-time').textContent = new Date(o.gateway_time).toLocaleString() + (o.time_speed !== 1 ? ' (x' + o.time_speed + ')' : '');
  $('#uplink').textContent = o.uplink ? o.uplink.state + (o.uplink.reason ? ': ' + o.uplink.reason : '') : 'none configured';
  const body = $('#parts tbody');
  body.replaceChildren(...o.parts.map((p) => el('tr', { 'data-part': p.name }, el('td', {}, p.name), stateCell(p.state),
    el('td', { class: 'reason' }, p.reason))));
  renderOverrides();
  if (!$('#page-updates').hidden) loadUpdates();
  // the first useful paint: the node and every part's state on screen (docs/performance.md reads this mark)
  if (!performance.getEntriesByName('overview-shown').length) requestAnimationFrame(() => performance.mark('overview-shown'));
}

// live readings
function addReading(s) {
  const key = s.source + '/' + s.quantity;
  const known = series.get(key) || { points: [] };
  known.latest = s;
  const at = Date.parse(s.at);
  known.points.push([at, s.value]);
  known.points = known.points.filter((p) => p[0] >= at - HOUR_MS);
  series.set(key, known);
}

async function loadReadings() {
  const r = await api('GET', '/api/readings');
  if (!r.ok) return;
  r.data.series.forEach((s) => series.set(s.source + '/' + s.quantity, { latest: s, points: s.points }));
  renderSeries();
}

function chart(points) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 240 60');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (points.length > 1) {
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points.map((p) => ((p[0] - x0) / (x1 - x0 || 1) * 240).toFixed(1) + ','
      + (58 - (p[1] - y0) / (y1 - y0 || 1) * 56).toFixed(1)).join(' '));
    svg.append(line);
  }
  return svg;
}

function renderSeries() {
  const box = $('#series');
  const cards = [...series.entries()].sort().map(([key, s]) => {
    const l = s.latest;
    const value = Math.abs(l.value) >= 100 ? l.value.toFixed(0) : Number(l.value.toPrecision(4));
    return el('div', { class: 'card series', 'data-series': key },
      el('div', { class: 'name' }, l.source + ' · ' + l.quantity),
      el('span', { class: 'value' }, value), el('span', { class: 'unit' }, l.unit),
      chart(s.points), el('div', { class: 'name at' }, new Date(l.at).toLocaleTimeString() + (l.good ? '' : ' (flagged)')));
  });
  box.replaceChildren(...cards);
}

// overrides
function gatewayNow() {
  return Date.parse(overview.gateway_time) + (Date.now() - overviewAt) * (overview.time_speed || 1);
}

function renderOverrides() {
  if (!overview) return;
  const actuators = overview.parts.filter((p) => p.name.startsWith('actuator/'));
  const select = $('#ov-target');
  if (select.options.length !== actuators.length) {
    select.replaceChildren(...actuators.map((a) => el('option', {}, a.name.slice('actuator/'.length))));
  }
  $('#overrides tbody').replaceChildren(...actuators.map((a) => {
    const id = a.name.slice('actuator/'.length), d = a.details;
    const until = d.override_until ? Date.parse(d.override_until) : null;
    const left = until ? duration((until - gatewayNow()) / 1000) + ' left (by ' + d.override_by + ')' : '';
    const release = el('button', { class: 'release technician-only' + (until && canAct() ? '' : ' hide'), 'data-target': id }, 'Release');
    release.addEventListener('click', () => act('/api/release', { target: id }));
    return el('tr', { 'data-actuator': id }, el('td', {}, id), el('td', {}, d.level ?? d.applied ?? ''),
      el('td', { class: 'countdown' }, left), el('td', {}, release));
  }));
}
setInterval(() => { if (overview && !$('#page-overrides').hidden) renderOverrides(); }, 1000);

function canAct() { return me && (me.role === 'technician' || me.role === 'admin'); }

async function act(path, body) {
  const r = await api('POST', path, body);
  $('#ov-result').textContent = r.ok ? r.data.reason : 'Refused: ' + (r.data.reason || r.data.error);
  $('#ov-result').className = r.ok ? '' : 'error';
}

$('#ov-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const body = { target: $('#ov-target').value, level: Number($('#ov-level').value), for: $('#ov-for').value };
  if ($('#ov-note').value) body.note = $('#ov-note').value;
  act('/api/override', body);
});

// self-test
let selfTestTimer = null;
async function loadSelfTest() {
  const r = await api('GET', '/api/selftest');
  if (!r.ok) return;
  const t = r.data;
  $('#st-state').textContent = t.state === 'running' ? 'Running, started by ' + t.account + ': ' + t.results.length + ' of '
    + t.devices.length + ' devices tested' : t.state === 'finished' ? (t.passed ? 'Passed' : 'Failed') + ' (run by '
    + t.account + ', finished ' + new Date(t.finished).toLocaleTimeString() + (t.simulated ? ', simulated street' : '') + ')'
    : 'Not run yet; ' + t.available.length + ' devices can be tested.';
  $('#st-download').classList.toggle('hide', t.state !== 'finished');
  $('#st-results tbody').replaceChildren(...t.results.map((d) => el('tr', { 'data-device': d.device },
    el('td', {}, d.device + ' (' + d.kind + ')'), stateCell(d.passed ? 'ok' : 'faulty'),
    el('td', {}, d.checks.map((c) => (c.passed ? '✓ ' : '✗ ') + c.name + (c.detail ? ': ' + c.detail : '')).join('; ')))));
  clearTimeout(selfTestTimer);
  if (t.state === 'running') selfTestTimer = setTimeout(loadSelfTest, 1000);
}
$('#st-run').addEventListener('click', async () => {
  const r = await api('POST', '/api/selftest', {});
  if (!r.ok) $('#st-state').textContent = r.data.error;
  loadSelfTest();
});

// logs
function renderLogs() {
  if ($('#page-logs').hidden) return;
  const min = LEVELS.indexOf($('#log-level').value);
  const shown = logLines.filter((l) => LEVELS.indexOf(l.level) >= min).slice(-500);
  $('#log-lines').replaceChildren(...shown.map((l) => el('li', { class: l.level },
    new Date(l.at).toLocaleTimeString() + ' ' + l.level + ' ' + l.logger + ' ' + l.message)));
  $('#log-download').href = '/api/logs/download?level=' + $('#log-level').value;
}
$('#log-level').addEventListener('change', renderLogs);
async function checkLogs() {
  // the event stream brings the lines from before the page opened; this says when there are none to be had
  const r = await api('GET', '/api/logs?level=ERROR');
  if (r.ok && !r.data.available) $('#log-note').textContent = r.data.reason;
}

// site file: checked as typed (the gateway's own validator), applied on trial
let siteText = null;
let checkTimer = null;
let checkSeq = 0;
let trialTimer = null;
async function loadSite() {
  const r = await api('GET', '/api/site');
  if (!r.ok) { $('#site-result').textContent = r.data.error; return; }
  $('#site-file').textContent = r.data.file;
  // a file changed on the node (or by an apply) replaces the text only while it holds no edit of the technician's
  if (siteText === null || $('#site-text').value === siteText) {
    $('#site-text').value = r.data.text;
    renderSiteProblems(r.data);
  }
  siteText = r.data.text;
  renderApply(r.data.apply);
}
function renderApply(a) {
  const by = a.account ? ' (applied by ' + a.account + ')' : '';
  const text = { trial: 'On trial' + by + ': ' + a.detail, applied: 'Applied' + by + ': ' + a.detail,
    rolled_back: 'Rolled back' + by + ': ' + a.detail }[a.state] || '';
  $('#site-apply-state').textContent = text;
  $('#site-apply-state').className = a.state === 'rolled_back' ? 'error' : '';
  clearTimeout(trialTimer);
  if (a.state === 'trial') trialTimer = setTimeout(() => { if (!$('#page-site').hidden) loadSite(); }, 1000);
}
function renderGutter(bad) {
  const lines = $('#site-text').value.split('\n').length;
  const rows = [];
  for (let i = 1; i <= lines; i++) rows.push(el('span', bad && bad.has(i) ? { class: 'bad' } : {}, i + '\n'));
  $('#site-lines').replaceChildren(...rows);
  $('#site-text').style.height = $('#site-lines').scrollHeight + 'px';
}
function renderSiteProblems(c) {
  $('#site-valid').textContent = c.valid ? 'Valid.' : c.problems.length + ' problem(s):';
  $('#site-valid').className = c.valid ? 'state-ok' : 'error';
  $('#site-problems').replaceChildren(...c.problems.map((p) => {
    const li = el('li', { 'data-line': p.line, 'data-key': p.key }, p.text);
    li.addEventListener('click', () => goToLine(p.line));
    return li;
  }));
  renderGutter(new Set(c.problems.map((p) => p.line)));
}
function goToLine(line) {
  const t = $('#site-text'), lines = t.value.split('\n');
  const start = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
  t.focus();
  t.setSelectionRange(start, start + (lines[line - 1] || '').length);
}
async function checkSite() {
  const seq = ++checkSeq;
  const r = await api('POST', '/api/site/check', { text: $('#site-text').value });
  if (seq !== checkSeq) return;   // a newer check is on its way
  if (r.ok) renderSiteProblems(r.data); else $('#site-valid').textContent = r.data.error;
}
$('#site-text').addEventListener('input', () => { renderGutter(); clearTimeout(checkTimer); checkTimer = setTimeout(checkSite, 300); });
$('#site-undo').addEventListener('click', () => { $('#site-text').value = siteText; checkSite(); });
$('#site-apply').addEventListener('click', async () => {
  const r = await api('POST', '/api/site/apply', { text: $('#site-text').value });
  $('#site-result').textContent = r.ok ? '' : 'Not applied: ' + r.data.error;
  $('#site-result').className = r.ok ? '' : 'error';
  if (r.ok) { siteText = $('#site-text').value; renderApply(r.data); }
});

// bus scan: the gateway's own, run on each bus's thread
let scanTimer = null;
async function loadScan() {
  const r = await api('GET', '/api/scan');
  if (!r.ok) return;
  const s = r.data;
  if (s.defaults && !$('#scan-first').value) {
    $('#scan-first').value = s.defaults.first_unit;
    $('#scan-last').value = s.defaults.last_unit;
    $('#scan-timeout').value = s.defaults.timeout_ms;
  }
  $('#scan-state').textContent = s.unavailable ? s.unavailable : s.state === 'running' ? 'Scanning (started by ' + s.account
    + ', units ' + s.units + ')...' : s.state === 'finished' ? 'Scanned by ' + s.account + ', finished '
    + new Date(s.finished).toLocaleTimeString() + (s.error ? ': ' + s.error : '') : 'Not scanned yet.';
  $('#scan-results').replaceChildren(...(s.buses || []).map((b) => {
    const rows = b.found ? b.found.map((f) => el('tr', { 'data-address': f.address }, el('td', {}, f.address),
      el('td', { class: 'chip' }, f.chip), el('td', {}, f.detail)))
      : b.units ? b.units.map((u) => el('tr', { 'data-unit': u.unit }, el('td', {}, 'unit ' + u.unit),
        el('td', { class: 'chip' }, u.outcome), el('td', {}, u.detail)))
      : (b.ports || []).map((p) => el('tr', { 'data-port': p.path }, el('td', {}, p.path),
        el('td', { class: 'chip' }, p.kind), el('td', {}, p.path === p.device ? '' : '-> ' + p.device)));
    const none = !b.scanned ? 'cannot be scanned: ' + b.problem : rows.length ? '' : b.hint || (b.ports ? 'none' : 'nothing answers');
    return el('div', { class: 'card', 'data-bus': b.bus }, el('h3', {}, b.bus + ' (' + b.where + ')'),
      none ? el('p', { class: 'hint' }, none) : '', el('table', {}, el('tbody', {}, ...rows)));
  }));
  clearTimeout(scanTimer);
  if (s.state === 'running' && !$('#page-scan').hidden) scanTimer = setTimeout(loadScan, 1000);
}
$('#scan-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/scan', { first_unit: Number($('#scan-first').value),
    last_unit: Number($('#scan-last').value), timeout_ms: Number($('#scan-timeout').value) });
  if (!r.ok) { $('#scan-state').textContent = r.data.error; return; }
  loadScan();
});

// updates: what the OTA agent reports (read only)
async function loadUpdates() {
  const r = await api('GET', '/api/updates');
  if (!r.ok) return;
  const u = r.data;
  $('#up-installed').textContent = u.installed + (u.running && u.running !== u.installed ? ' (bundle set ' + u.running + ')' : '');
  $('#up-agent').textContent = u.agent ? u.health + (u.reason ? ': ' + u.reason : '') + ', repository ' + u.repository : u.note;
  const p = u.in_progress;
  $('#up-progress').textContent = p ? p.state + ' ' + (p.version || '') + (p.campaign ? ' (campaign ' + p.campaign + ')' : '')
    + (p.total ? ', ' + Math.round(100 * (p.bytes || 0) / p.total) + ' %' : '') : 'nothing';
  const l = u.last_update;
  $('#up-last').textContent = l ? l.version + ' ' + l.state + (l.reason ? ': ' + l.reason : '') + (l.at ? ', ' + new Date(l.at).toLocaleString() : '')
    : 'none recorded';
}

// audit and accounts
async function loadAudit() {
  const r = await api('GET', '/api/audit');
  if (!r.ok) return;
  $('#audit tbody').replaceChildren(...r.data.records.map((a) => el('tr', {}, el('td', {}, new Date(a.at).toLocaleString()),
    el('td', { class: 'account' }, a.account), el('td', { class: 'action' }, a.action), el('td', {}, a.target),
    el('td', {}, a.outcome), el('td', {}, a.detail))));
}

async function loadAccounts() {
  const r = await api('GET', '/api/accounts');
  if (!r.ok) return;
  $('#accounts tbody').replaceChildren(...r.data.accounts.map((a) => el('tr', {}, el('td', {}, a.account),
    el('td', {}, a.role), el('td', {}, new Date(a.created).toLocaleString()))));
}
$('#acc-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/accounts', { account: $('#acc-name').value, password: $('#acc-password').value,
    role: $('#acc-role').value });
  $('#acc-result').textContent = r.ok ? 'Created ' + r.data.account + ' (' + r.data.role + ')' : r.data.error;
  $('#acc-password').value = '';
  loadAccounts();
});

// provisioning: `streetgate provision`'s own code on the node; the report is the command's, line for line
async function loadProvision() {
  const r = await api('GET', '/api/provision');
  $('#pv-report').textContent = r.ok ? r.data.text : r.data.error;
  $('#pv-csr').hidden = !(r.ok && r.data.csr);
  loadNodes();
}
// constrained nodes: `streetgate provision coap-node`'s code; a listing never holds a key
async function loadNodes() {
  const r = await api('GET', '/api/provision/nodes');
  $('#pv-nodes-note').textContent = r.ok ? r.data.note + ' File: ' + r.data.file : r.data.error;
  const nodes = r.ok ? r.data.nodes : [];
  $('#pv-nodes-table tbody').replaceChildren(...nodes.map((n) => {
    const remove = el('button', { class: 'pv-node-remove', 'data-node': n.id }, 'Remove');
    remove.addEventListener('click', () => removeNode(n.id));
    return el('tr', { 'data-node': n.id }, el('td', {}, n.id), el('td', {}, n.kind), el('td', { class: 'mono' }, n.identity),
      el('td', {}, remove));
  }));
}
async function removeNode(id) {
  if (!confirm('Remove node ' + id + '? It can no longer post.')) return;
  const r = await api('POST', '/api/provision/nodes/remove', { node: id });
  $('#pv-node-result').textContent = r.ok ? 'Removed ' + id : r.data.error;
  $('#pv-node-result').className = r.ok ? '' : 'error';
  loadNodes();
}
$('#pv-node-add').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const body = { node: $('#pv-node-id').value.trim() };
  if ($('#pv-node-identity').value.trim()) body.identity = $('#pv-node-identity').value.trim();
  if ($('#pv-node-rpk').value.trim()) body.rpk = $('#pv-node-rpk').value;
  const r = await api('POST', '/api/provision/nodes', body);
  $('#pv-node-made').hidden = !(r.ok && r.data.key);
  $('#pv-node-key').textContent = r.ok && r.data.key ? 'identity ' + r.data.node.identity + '\nkey      ' + r.data.key
    + '\nnode-keys line: ' + r.data.line : '';
  $('#pv-node-result').textContent = r.ok ? 'Added ' + r.data.node.id + ' (' + r.data.node.kind + ' '
    + r.data.node.identity + ')' : r.data.error;
  $('#pv-node-result').className = r.ok ? '' : 'error';
  if (r.ok) { $('#pv-node-id').value = ''; $('#pv-node-identity').value = ''; $('#pv-node-rpk').value = ''; }
  loadNodes();
});
function provisionForm(id, fields) {
  $(id).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    Object.entries(fields()).forEach(([k, v]) => { if (v !== '' && v !== false) body[k] = v; });
    const r = await api('POST', '/api/provision', body);
    $('#pv-result').textContent = r.data.text || r.data.error;
    $('#pv-result').className = r.ok ? '' : 'error';
    loadProvision();
  });
}
provisionForm('#pv-identity', () => ({ node: $('#pv-node').value.trim(), org: $('#pv-org').value.trim(),
  country: $('#pv-country').value.trim(), rotate_key: $('#pv-rotate-key').checked }));
provisionForm('#pv-cert', () => ({ certificate: $('#pv-cert-pem').value, ca: $('#pv-ca-pem').value }));
provisionForm('#pv-psk', () => ({ psk: true, rotate_psk: $('#pv-rotate-psk').checked }));
provisionForm('#pv-broker', () => ({ broker: $('#pv-broker-url').value.trim(), insecure_broker: $('#pv-insecure').checked }));

start();
