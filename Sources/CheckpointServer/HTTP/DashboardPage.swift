/// The command centre's dashboard (issue 18): one self-contained page (inline style and script, nothing from the
/// network), live over Server-Sent Events from `/events`. `HTTPRouter` serves it with `__LANG__` replaced by `zh`
/// or `en` from the request's `Accept-Language`; every text the page shows is in both languages below.
enum DashboardPage {
    static let html: String = #"""
<!doctype html>
<html lang="__LANG__">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<link rel="icon" href="data:,">
<title>checkpointd</title>
<style>
:root {
  --bg: #0b0f14; --panel: #141b24; --panel-2: #1b2430; --line: #2a3646;
  --text: #eef3f8; --muted: #9fb0c3; --ok: #2ecc71; --warn: #ffb020; --bad: #ff4d4f;
  --accent: #4fb3ff; --fever: #ff6b6b;
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: var(--bg); color: var(--text); }
body {
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
    "WenQuanYi Micro Hei", sans-serif;
  font-size: 16px; line-height: 1.35; min-height: 100vh;
}
header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px 18px;
  padding: 12px 20px; background: var(--panel); border-bottom: 2px solid var(--line);
}
header h1 { margin: 0; font-size: 1.6rem; font-weight: 700; letter-spacing: .02em; }
header .meta { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; color: var(--muted); }
header .meta b { color: var(--text); font-weight: 600; }
header .spacer { flex: 1 1 auto; }
.badge {
  display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .9rem; font-weight: 700;
  border: 1px solid currentColor;
}
#status[data-status="ok"] { color: var(--ok); }
#status[data-status="degraded"] { color: var(--warn); background: rgba(255, 176, 32, .12); }
#connection { display: inline-flex; align-items: center; gap: 6px; font-weight: 700; }
#connection::before {
  content: ""; width: 12px; height: 12px; border-radius: 50%; background: var(--warn); display: inline-block;
}
#connection[data-state="live"] { color: var(--ok); }
#connection[data-state="live"]::before { background: var(--ok); box-shadow: 0 0 8px var(--ok); }
#connection[data-state="reconnecting"] { color: var(--warn); }
#connection[data-state="reconnecting"]::before { animation: blink 1s steps(2, start) infinite; }
#error { color: var(--bad); font-weight: 600; }
#error:empty { display: none; }
main.layout {
  display: grid; gap: 14px; padding: 14px 20px 20px;
  grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  grid-template-areas: "totals totals" "grids alerts" "chart stations";
}
section.panel {
  background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; min-width: 0;
}
section.panel > h2 {
  margin: 0 0 10px; font-size: 1.1rem; color: var(--muted); font-weight: 600;
  display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap;
}
section.panel > h2 .count { color: var(--text); font-size: 1rem; }
.area-totals { grid-area: totals; }
.area-grids { grid-area: grids; }
.area-alerts { grid-area: alerts; }
.area-chart { grid-area: chart; }
.area-stations { grid-area: stations; }
#totals { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); }
.total { background: var(--panel-2); border-radius: 8px; padding: 10px 12px; border-left: 4px solid var(--accent); }
.total .value {
  font-size: clamp(1.8rem, 3vw, 2.6rem); font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1.1;
}
.total .label { color: var(--muted); font-size: .95rem; }
.total[data-key="fevers"], .total[data-key="violations"] { border-left-color: var(--muted); }
.total[data-hot="1"] { border-left-color: var(--bad); }
.total[data-hot="1"] .value { color: var(--bad); }
#grids { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); }
.tile {
  border-radius: 8px; padding: 10px 12px; background: var(--panel-2); border: 2px solid var(--ok);
  border-top-width: 8px;
}
.tile[data-state="attention"] { border-color: var(--warn); }
.tile[data-state="alarm"] { border-color: var(--bad); background: #2a1517; }
.tile .tile-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.tile .tile-name { font-size: 1.35rem; font-weight: 800; overflow-wrap: anywhere; }
.tile .tile-state { font-size: .85rem; font-weight: 700; color: var(--ok); white-space: nowrap; flex: 0 0 auto; }
.tile[data-state="attention"] .tile-state { color: var(--warn); }
.tile[data-state="alarm"] .tile-state { color: var(--bad); }
.tile dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 10px; margin: 8px 0 0; }
.tile dt { color: var(--muted); }
.tile dd { margin: 0; text-align: right; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile dd[data-hot="1"] { color: var(--bad); }
ul.list { list-style: none; margin: 0; padding: 0; }
#alerts { max-height: 62vh; overflow-y: auto; }
.alert {
  display: grid; grid-template-columns: auto 1fr auto; gap: 2px 10px; align-items: baseline;
  padding: 8px 10px; margin-bottom: 6px; border-radius: 6px; background: var(--panel-2);
  border-left: 6px solid var(--warn);
}
.alert[data-type="FEVER"], .alert[data-type="VIOLATION"] { border-left-color: var(--bad); }
.alert.fresh { animation: flash 2s ease-out 1; }
.alert .a-type { font-weight: 800; font-size: 1.1rem; }
.alert[data-type="FEVER"] .a-type, .alert[data-type="VIOLATION"] .a-type { color: var(--bad); }
.alert .a-person { font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.alert .a-time { color: var(--muted); font-variant-numeric: tabular-nums; }
.alert .a-where { grid-column: 1 / -1; color: var(--muted); display: flex; flex-wrap: wrap; gap: 2px 14px; }
.alert .a-where b { color: var(--text); font-weight: 600; }
.alert .a-escalated { color: #fff; background: var(--bad); border-radius: 4px; padding: 0 6px; font-weight: 700; }
.empty { color: var(--muted); padding: 10px 4px; }
#stations { display: grid; gap: 6px; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
.station {
  display: grid; grid-template-columns: auto 1fr; gap: 0 8px; padding: 6px 10px; border-radius: 6px;
  background: var(--panel-2); border-left: 5px solid var(--ok);
}
.station[data-online="false"] { border-left-color: var(--bad); background: #22171a; }
.station .s-dot { grid-row: 1 / 3; align-self: center; width: 10px; height: 10px; border-radius: 50%; }
.station[data-online="true"] .s-dot { background: var(--ok); }
.station[data-online="false"] .s-dot { background: var(--bad); }
.station .s-id { font-weight: 700; overflow-wrap: anywhere; }
.station .s-info { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
.station[data-online="false"] .s-state { color: var(--bad); font-weight: 700; }
#hourly-chart { width: 100%; height: auto; display: block; }
#hourly-chart text { fill: var(--muted); font-size: 13px; font-family: inherit; }
#hourly-chart .axis { stroke: var(--line); stroke-width: 1; }
#hourly-chart .gridline { stroke: var(--line); stroke-width: 1; stroke-dasharray: 3 4; }
#hourly-chart .bar { fill: var(--accent); }
#hourly-chart .fever-line { fill: none; stroke: var(--fever); stroke-width: 3; }
#hourly-chart .fever-dot { fill: var(--fever); }
#hourly-chart .max-records { fill: var(--accent); font-weight: 700; }
#hourly-chart .max-fevers { fill: var(--fever); font-weight: 700; }
#hourly-chart .legend-text { fill: var(--text); }
@keyframes flash { from { background: #5a1d20; } to { background: var(--panel-2); } }
@keyframes blink { to { visibility: hidden; } }
@media (prefers-reduced-motion: reduce) {
  .alert.fresh, #connection[data-state="reconnecting"]::before { animation: none; }
}
@media (max-width: 1000px) {
  main.layout {
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "totals" "alerts" "grids" "chart" "stations";
  }
  #alerts { max-height: none; }
}
@media (min-width: 2200px) { body { font-size: 20px; } }
</style>
</head>
<body>
<header>
  <h1 id="page-title"></h1>
  <div class="meta">
    <span><span data-i18n="district"></span> <b id="district"></b></span>
    <span><span data-i18n="date"></span> <b id="date"></b></span>
    <span id="status" class="badge" data-status="ok"></span>
    <span><span data-i18n="updated"></span> <b id="generated-at">--:--:--</b></span>
    <span id="error" role="alert"></span>
  </div>
  <span class="spacer"></span>
  <span id="connection" data-state="reconnecting" role="status" aria-live="polite"></span>
</header>
<main class="layout">
  <section class="panel area-totals" aria-labelledby="h-totals">
    <h2 id="h-totals" data-i18n="totalsHeading"></h2>
    <div id="totals"></div>
  </section>
  <section class="panel area-grids" aria-labelledby="h-grids">
    <h2 id="h-grids" data-i18n="gridsHeading"></h2>
    <div id="grids"></div>
  </section>
  <section class="panel area-alerts" aria-labelledby="h-alerts">
    <h2><span id="h-alerts" data-i18n="alertsHeading"></span><span class="count" id="alerts-count"></span></h2>
    <ul id="alerts" class="list" aria-live="polite"></ul>
  </section>
  <section class="panel area-chart" aria-labelledby="h-chart">
    <h2 id="h-chart" data-i18n="chartHeading"></h2>
    <svg id="hourly-chart" viewBox="0 0 960 300" role="img" aria-labelledby="h-chart"></svg>
  </section>
  <section class="panel area-stations" aria-labelledby="h-stations">
    <h2><span id="h-stations" data-i18n="stationsHeading"></span><span class="count" id="stations-count"></span></h2>
    <ul id="stations" class="list"></ul>
  </section>
</main>
<script>
(function () {
  'use strict';

  var TEXTS = {
    zh: {
      title: '指挥中心看板',
      district: '辖区',
      allDistricts: '全部辖区',
      date: '日期',
      updated: '更新于',
      statusOk: '运行正常',
      statusDegraded: '降级运行',
      live: '实时',
      reconnecting: '重连中',
      badData: '数据格式错误，已忽略一条推送',
      totalsHeading: '今日辖区合计',
      total_records: '记录',
      total_people: '人数',
      total_entry: '进入',
      total_exit: '离开',
      total_temp: '测温',
      total_fevers: '体温异常/发热',
      total_violations: '违规',
      total_new_orders: '新增隔离',
      total_active_orders: '在管隔离',
      gridsHeading: '网格',
      gridState_ok: '正常',
      gridState_attention: '关注',
      gridState_alarm: '告警',
      grid_records: '记录',
      grid_fevers: '发热',
      grid_violations: '违规',
      grid_active_orders: '在管隔离',
      grid_silent: '静默卡口',
      noGrids: '暂无网格数据',
      alertsHeading: '未处理告警',
      noAlerts: '暂无未处理告警',
      moreAlerts: '另有 {n} 条未显示',
      type_FEVER: '发热',
      type_VIOLATION: '违规',
      type_SILENT: '静默',
      type_DRIFT: '时钟漂移',
      type_FOLLOWUP: '随访缺测',
      checkpoint: '卡口',
      grid: '网格',
      count: '次数',
      detail: '详情',
      escalated: '已升级',
      stationsHeading: '站点',
      online: '在线',
      offline: '离线',
      onlineCount: '在线 {on} / 离线 {off}',
      lastSeen: '最后上报',
      never: '从未',
      noStations: '暂无站点',
      chartHeading: '每小时记录与发热',
      legendRecords: '记录数',
      legendFevers: '发热数',
      noHours: '暂无数据',
      hourSuffix: '时'
    },
    en: {
      title: 'Command Centre Dashboard',
      district: 'District',
      allDistricts: 'All districts',
      date: 'Date',
      updated: 'Updated',
      statusOk: 'OK',
      statusDegraded: 'Degraded',
      live: 'Live',
      reconnecting: 'Reconnecting',
      badData: 'Malformed data: one update was ignored',
      totalsHeading: 'Today\u2019s district totals',
      total_records: 'Records',
      total_people: 'People',
      total_entry: 'Entries',
      total_exit: 'Exits',
      total_temp: 'Temperature checks',
      total_fevers: 'Fevers',
      total_violations: 'Violations',
      total_new_orders: 'New quarantine orders',
      total_active_orders: 'Active quarantine',
      gridsHeading: 'Grids',
      gridState_ok: 'OK',
      gridState_attention: 'Attention',
      gridState_alarm: 'Alarm',
      grid_records: 'Records',
      grid_fevers: 'Fevers',
      grid_violations: 'Violations',
      grid_active_orders: 'Active quarantine',
      grid_silent: 'Silent checkpoints',
      noGrids: 'No grid data yet',
      alertsHeading: 'Open alerts',
      noAlerts: 'No open alerts',
      moreAlerts: '{n} more not shown',
      type_FEVER: 'Fever',
      type_VIOLATION: 'Violation',
      type_SILENT: 'Silent',
      type_DRIFT: 'Clock drift',
      type_FOLLOWUP: 'Missed follow-up',
      checkpoint: 'Checkpoint',
      grid: 'Grid',
      count: 'Count',
      detail: 'Detail',
      escalated: 'Escalated',
      stationsHeading: 'Stations',
      online: 'Online',
      offline: 'Offline',
      onlineCount: '{on} online / {off} offline',
      lastSeen: 'Last seen',
      never: 'never',
      noStations: 'No stations',
      chartHeading: 'Records and fevers per hour',
      legendRecords: 'Records',
      legendFevers: 'Fevers',
      noHours: 'No data yet',
      hourSuffix: 'h'
    }
  };

  var root = document.documentElement;
  var lang = root.getAttribute('lang') === 'zh' ? 'zh' : 'en';
  root.setAttribute('lang', lang);
  var T = TEXTS[lang];
  var numberFormat = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US');
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var TOTAL_KEYS = ['records', 'people', 'entry', 'exit', 'temp', 'fevers', 'violations', 'new_orders',
    'active_orders'];
  var ALARM_TYPES = { FEVER: true, VIOLATION: true };
  var MAX_ALERT_ROWS = 300;
  var EVENT_GRACE_MS = 5000;
  var STALE_MS = 40000;

  var state = {
    snapshot: null,
    alerts: {},        // id -> alert, the open alerts shown
    recent: {},        // id -> {alert, at}: alerts pushed by `alert` events, kept over a snapshot older than them
    shownAlertIds: {}, // ids already on screen, so only new rows flash
    alarmGrids: {},    // grid -> time an alarm alert event marked it
    ready: false
  };

  function text(key) {
    return Object.prototype.hasOwnProperty.call(T, key) ? T[key] : key;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function svg(tag, attributes, content) {
    var node = document.createElementNS(SVG_NS, tag);
    var name;
    for (name in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, name)) { node.setAttribute(name, String(attributes[name])); }
    }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function num(value) {
    var n = Number(value);
    return isFinite(n) ? n : 0;
  }

  function formatNumber(value) {
    if (value === null || value === undefined || value === '' || !isFinite(Number(value))) { return '\u2013'; }
    return numberFormat.format(Number(value));
  }

  function str(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  // Times are shown as the server wrote them (its local time): "2026-12-07T09:29:58+08:00" -> "09:29:58".
  function clockOf(iso) {
    var match = /T(\d{2}:\d{2}(:\d{2})?)/.exec(str(iso));
    return match ? match[1] : str(iso);
  }

  function dayOf(iso) {
    var match = /^(\d{4}-\d{2}-\d{2})/.exec(str(iso));
    return match ? match[1] : '';
  }

  function whenText(iso, today) {
    if (!iso) { return text('never'); }
    var day = dayOf(iso);
    if (!day || day === today) { return clockOf(iso); }
    return day + ' ' + clockOf(iso).slice(0, 5);
  }

  function timeValue(iso) {
    var t = Date.parse(str(iso));
    return isFinite(t) ? t : 0;
  }

  function typeLabel(type) {
    var key = 'type_' + str(type);
    return Object.prototype.hasOwnProperty.call(T, key) ? T[key] : str(type);
  }

  function setError(message) {
    document.getElementById('error').textContent = message || '';
  }

  // ---- static texts ----

  function applyStaticTexts() {
    var nodes = document.querySelectorAll('[data-i18n]');
    var i;
    for (i = 0; i < nodes.length; i += 1) { nodes[i].textContent = text(nodes[i].getAttribute('data-i18n')); }
    document.getElementById('page-title').textContent = text('title');
    document.title = text('title');
  }

  // ---- connection indicator ----

  function setConnection(live) {
    var node = document.getElementById('connection');
    node.setAttribute('data-state', live ? 'live' : 'reconnecting');
    node.textContent = live ? text('live') : text('reconnecting');
  }

  // ---- header ----

  function renderHeader(snap) {
    var district = snap.district === null || snap.district === undefined || snap.district === ''
      ? text('allDistricts') : str(snap.district);
    document.getElementById('district').textContent = district;
    document.getElementById('date').textContent = str(snap.date);
    var status = document.getElementById('status');
    var value = str(snap.status) || 'ok';
    status.setAttribute('data-status', value);
    status.textContent = value === 'ok' ? text('statusOk') : value === 'degraded' ? text('statusDegraded') : value;
    document.getElementById('generated-at').textContent = clockOf(snap.generated_at);
    document.title = text('title') + (snap.district ? ' \u00b7 ' + str(snap.district) : '');
  }

  // ---- totals ----

  function renderTotals(snap) {
    var totals = snap.totals || {};
    var container = document.getElementById('totals');
    clear(container);
    TOTAL_KEYS.forEach(function (key) {
      var card = el('div', 'total');
      card.setAttribute('data-key', key);
      if ((key === 'fevers' || key === 'violations') && num(totals[key]) > 0) { card.setAttribute('data-hot', '1'); }
      card.appendChild(el('div', 'value', formatNumber(totals[key])));
      card.appendChild(el('div', 'label', text('total_' + key)));
      container.appendChild(card);
    });
  }

  // ---- grids ----

  function validGridState(value) {
    return value === 'alarm' || value === 'attention' ? value : 'ok';
  }

  function setTileState(tile, gridState) {
    var value = validGridState(gridState);
    tile.setAttribute('data-state', value);
    var label = tile.querySelector('.tile-state');
    if (label) { label.textContent = text('gridState_' + value); }
  }

  function makeTile(grid) {
    var tile = el('div', 'tile');
    tile.setAttribute('data-grid', str(grid.grid));
    var head = el('div', 'tile-head');
    head.appendChild(el('span', 'tile-name', str(grid.grid)));
    head.appendChild(el('span', 'tile-state'));
    tile.appendChild(head);
    var list = el('dl');
    [
      ['records', 'grid_records', false],
      ['fevers', 'grid_fevers', true],
      ['violations', 'grid_violations', true],
      ['active_orders', 'grid_active_orders', false],
      ['silent_checkpoints', 'grid_silent', true]
    ].forEach(function (row) {
      var value = grid[row[0]];
      list.appendChild(el('dt', null, text(row[1])));
      var dd = el('dd', null, row[0] === 'silent_checkpoints' && grid.checkpoints !== undefined && value !== undefined
        ? formatNumber(value) + ' / ' + formatNumber(grid.checkpoints) : formatNumber(value));
      dd.setAttribute('data-key', row[0]);
      if (row[2] && num(value) > 0) { dd.setAttribute('data-hot', '1'); }
      list.appendChild(dd);
    });
    tile.appendChild(list);
    setTileState(tile, grid.state);
    return tile;
  }

  function findTile(gridName) {
    var tiles = document.getElementById('grids').querySelectorAll('.tile');
    var i;
    for (i = 0; i < tiles.length; i += 1) {
      if (tiles[i].getAttribute('data-grid') === gridName) { return tiles[i]; }
    }
    return null;
  }

  function renderGrids(snap) {
    var container = document.getElementById('grids');
    clear(container);
    var grids = Array.isArray(snap.grids) ? snap.grids : [];
    grids.forEach(function (grid) {
      if (grid && typeof grid === 'object') { container.appendChild(makeTile(grid)); }
    });
    // An alarm pushed a moment ago stays on its tile even if this snapshot was taken just before it.
    var now = Date.now();
    Object.keys(state.alarmGrids).forEach(function (name) {
      if (now - state.alarmGrids[name] > EVENT_GRACE_MS) { delete state.alarmGrids[name]; return; }
      markGridAlarm(name);
    });
    if (!container.firstChild) { container.appendChild(el('div', 'empty', text('noGrids'))); }
  }

  function markGridAlarm(gridName) {
    if (!gridName) { return; }
    var tile = findTile(gridName);
    if (!tile) {
      var container = document.getElementById('grids');
      var placeholder = container.querySelector('.empty');
      if (placeholder) { container.removeChild(placeholder); }
      tile = makeTile({ grid: gridName, state: 'alarm' });
      container.appendChild(tile);
    }
    setTileState(tile, 'alarm');
  }

  // ---- alerts ----

  function normalAlert(alert) {
    if (!alert || typeof alert !== 'object' || alert.id === undefined || alert.id === null) { return null; }
    return alert;
  }

  function alertRow(alert, fresh) {
    var row = el('li', 'alert' + (fresh ? ' fresh' : ''));
    row.setAttribute('data-alert-id', str(alert.id));
    row.setAttribute('data-type', str(alert.type));
    row.appendChild(el('span', 'a-type', typeLabel(alert.type)));
    row.appendChild(el('span', 'a-person', str(alert.person)));
    row.appendChild(el('span', 'a-time', clockOf(alert.at)));
    var where = el('span', 'a-where');
    function part(labelKey, value, className) {
      if (value === null || value === undefined || value === '') { return; }
      var item = el('span', className);
      item.appendChild(document.createTextNode(text(labelKey) + ' '));
      item.appendChild(el('b', null, str(value)));
      where.appendChild(item);
    }
    part('checkpoint', alert.checkpoint, 'a-checkpoint');
    part('grid', alert.grid, 'a-grid');
    part('count', alert.count, 'a-count');
    part('detail', alert.detail, 'a-detail');
    if (alert.escalated_at) {
      var mark = el('span', 'a-escalated', text('escalated') + ' ' + clockOf(alert.escalated_at));
      mark.setAttribute('data-escalated', 'true');
      where.appendChild(mark);
    }
    row.appendChild(where);
    return row;
  }

  function renderAlerts() {
    var list = document.getElementById('alerts');
    var ids = Object.keys(state.alerts);
    var alerts = ids.map(function (id) { return state.alerts[id]; });
    alerts.sort(function (a, b) {
      var d = timeValue(b.at) - timeValue(a.at);
      if (d !== 0) { return d; }
      var sa = str(a.at), sb = str(b.at);
      if (sa !== sb) { return sa < sb ? 1 : -1; }
      return num(b.id) - num(a.id);
    });
    clear(list);
    var firstRender = !state.ready;
    var shown = {};
    alerts.slice(0, MAX_ALERT_ROWS).forEach(function (alert) {
      var key = str(alert.id);
      list.appendChild(alertRow(alert, !firstRender && !state.shownAlertIds[key]));
      shown[key] = true;
    });
    state.shownAlertIds = shown;
    if (alerts.length > MAX_ALERT_ROWS) {
      list.appendChild(el('li', 'empty', fill(text('moreAlerts'), { n: alerts.length - MAX_ALERT_ROWS })));
    }
    if (alerts.length === 0) { list.appendChild(el('li', 'empty', text('noAlerts'))); }
    document.getElementById('alerts-count').textContent = alerts.length ? formatNumber(alerts.length) : '';
  }

  function applyAlertToState(alert) {
    var key = str(alert.id);
    if (str(alert.state) === 'open') {
      state.alerts[key] = alert;
    } else {
      delete state.alerts[key];
    }
  }

  function onAlert(alert) {
    alert = normalAlert(alert);
    if (!alert) { return; }
    state.recent[str(alert.id)] = { alert: alert, at: Date.now() };
    applyAlertToState(alert);
    renderAlerts();
    if (str(alert.state) === 'open' && ALARM_TYPES[str(alert.type)] && alert.grid) {
      state.alarmGrids[str(alert.grid)] = Date.now();
      markGridAlarm(str(alert.grid));
    }
  }

  function loadAlerts(snap) {
    state.alerts = {};
    (Array.isArray(snap.alerts) ? snap.alerts : []).forEach(function (item) {
      var alert = normalAlert(item);
      if (alert && (alert.state === undefined || str(alert.state) === 'open')) { state.alerts[str(alert.id)] = alert; }
    });
    // A snapshot may have been taken just before an alert event that already arrived: keep what the events said.
    var now = Date.now();
    Object.keys(state.recent).forEach(function (key) {
      var entry = state.recent[key];
      if (now - entry.at > EVENT_GRACE_MS) { delete state.recent[key]; return; }
      applyAlertToState(entry.alert);
    });
  }

  // ---- stations ----

  function renderStations(snap) {
    var list = document.getElementById('stations');
    clear(list);
    var stations = (Array.isArray(snap.stations) ? snap.stations : []).filter(function (s) {
      return s && typeof s === 'object';
    });
    stations.sort(function (a, b) {
      var oa = a.online === true ? 0 : 1, ob = b.online === true ? 0 : 1;
      if (oa !== ob) { return oa - ob; }
      var ia = str(a.id), ib = str(b.id);
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
    var online = 0;
    stations.forEach(function (station) {
      var isOnline = station.online === true;
      if (isOnline) { online += 1; }
      var row = el('li', 'station');
      row.setAttribute('data-station', str(station.id));
      row.setAttribute('data-online', isOnline ? 'true' : 'false');
      row.appendChild(el('span', 's-dot'));
      var head = el('span', 's-id', str(station.id));
      row.appendChild(head);
      var info = el('span', 's-info');
      info.appendChild(el('span', 's-state', isOnline ? text('online') : text('offline')));
      var parts = [];
      if (station.checkpoint) { parts.push(text('checkpoint') + ' ' + str(station.checkpoint)); }
      if (station.grid) { parts.push(text('grid') + ' ' + str(station.grid)); }
      parts.push(text('lastSeen') + ' ' + whenText(station.last_seen, str(snap.date)));
      var details = el('span', 's-detail', ' \u00b7 ' + parts.join(' \u00b7 '));
      info.appendChild(details);
      row.appendChild(info);
      list.appendChild(row);
    });
    if (stations.length === 0) { list.appendChild(el('li', 'empty', text('noStations'))); }
    document.getElementById('stations-count').textContent = stations.length
      ? fill(text('onlineCount'), { on: formatNumber(online), off: formatNumber(stations.length - online) }) : '';
  }

  // ---- hourly chart ----

  function niceMax(value) {
    if (!(value > 0)) { return 1; }
    var power = Math.pow(10, Math.floor(Math.log(value) / Math.LN10));
    var steps = [1, 2, 2.5, 5, 10];
    var i;
    for (i = 0; i < steps.length; i += 1) {
      if (steps[i] * power >= value) { return Math.max(1, Math.round(steps[i] * power * 100) / 100); }
    }
    return 10 * power;
  }

  function renderChart(snap) {
    var chart = document.getElementById('hourly-chart');
    clear(chart);
    var W = 960, H = 300, left = 56, right = 48, top = 40, bottom = 30;
    var plotW = W - left - right, plotH = H - top - bottom;
    var hours = (Array.isArray(snap.hours) ? snap.hours : []).filter(function (h) {
      return h && typeof h === 'object';
    });

    // legend
    var legend = svg('g', { 'class': 'legend' });
    legend.appendChild(svg('rect', { x: left, y: 10, width: 16, height: 12, 'class': 'bar' }));
    legend.appendChild(svg('text', { x: left + 22, y: 21, 'class': 'legend-text' }, text('legendRecords')));
    legend.appendChild(svg('line', { x1: left + 150, y1: 16, x2: left + 174, y2: 16, 'class': 'fever-line' }));
    legend.appendChild(svg('circle', { cx: left + 162, cy: 16, r: 4, 'class': 'fever-dot' }));
    legend.appendChild(svg('text', { x: left + 182, y: 21, 'class': 'legend-text' }, text('legendFevers')));
    chart.appendChild(legend);

    chart.appendChild(svg('line', { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, 'class': 'axis' }));
    chart.appendChild(svg('line', { x1: left, y1: top, x2: left, y2: top + plotH, 'class': 'axis' }));
    chart.appendChild(svg('line', { x1: left + plotW, y1: top, x2: left + plotW, y2: top + plotH, 'class': 'axis' }));

    if (hours.length === 0) {
      chart.appendChild(svg('text', { x: W / 2, y: top + plotH / 2, 'text-anchor': 'middle' }, text('noHours')));
      return;
    }

    var maxRecords = 0, maxFevers = 0;
    hours.forEach(function (h) {
      maxRecords = Math.max(maxRecords, num(h.records));
      maxFevers = Math.max(maxFevers, num(h.fevers));
    });
    var scaleRecords = niceMax(maxRecords), scaleFevers = niceMax(maxFevers);

    [0.5, 1].forEach(function (fraction) {
      var y = top + plotH - plotH * fraction;
      chart.appendChild(svg('line', { x1: left, y1: y, x2: left + plotW, y2: y, 'class': 'gridline' }));
    });
    chart.appendChild(svg('text', { x: left - 6, y: top + 5, 'text-anchor': 'end', 'class': 'max-records',
      'data-axis': 'records' }, formatNumber(scaleRecords)));
    chart.appendChild(svg('text', { x: left - 6, y: top + plotH + 4, 'text-anchor': 'end' }, '0'));
    chart.appendChild(svg('text', { x: left + plotW + 6, y: top + 5, 'text-anchor': 'start', 'class': 'max-fevers',
      'data-axis': 'fevers' }, formatNumber(scaleFevers)));
    chart.appendChild(svg('text', { x: left + plotW + 6, y: top + plotH + 4, 'text-anchor': 'start' }, '0'));

    var slot = plotW / hours.length;
    var barWidth = Math.max(2, slot * 0.66);
    var bars = svg('g', { 'data-series': 'records' });
    var labels = svg('g', { 'class': 'hour-labels' });
    var points = [];
    var dots = svg('g', { 'data-series': 'fevers' });
    var labelEvery = hours.length > 24 ? Math.ceil(hours.length / 24) : 1;

    hours.forEach(function (h, i) {
      var records = num(h.records), fevers = num(h.fevers);
      var cx = left + slot * i + slot / 2;
      var barHeight = plotH * records / scaleRecords;
      var label = str(h.label) || clockOf(h.hour).slice(0, 2);
      var bar = svg('rect', {
        x: (cx - barWidth / 2).toFixed(1), y: (top + plotH - barHeight).toFixed(1),
        width: barWidth.toFixed(1), height: Math.max(0, barHeight).toFixed(1), 'class': 'bar', 'data-hour': label
      });
      bar.appendChild(svg('title', {}, label + text('hourSuffix') + ' \u00b7 ' + text('legendRecords') + ' '
        + formatNumber(records) + ' \u00b7 ' + text('legendFevers') + ' ' + formatNumber(fevers)));
      bars.appendChild(bar);
      var fy = top + plotH - plotH * fevers / scaleFevers;
      points.push(cx.toFixed(1) + ',' + fy.toFixed(1));
      if (fevers > 0) {
        dots.appendChild(svg('circle', { cx: cx.toFixed(1), cy: fy.toFixed(1), r: 4.5, 'class': 'fever-dot',
          'data-hour': label }));
      }
      if (i % labelEvery === 0) {
        labels.appendChild(svg('text', { x: cx.toFixed(1), y: H - 8, 'text-anchor': 'middle' }, label));
      }
    });
    chart.appendChild(bars);
    chart.appendChild(svg('polyline', { points: points.join(' '), 'class': 'fever-line', 'data-series': 'fevers' }));
    chart.appendChild(dots);
    chart.appendChild(labels);
  }

  // ---- snapshot ----

  function onDashboard(snap) {
    if (!snap || typeof snap !== 'object') { setError(text('badData')); return; }
    state.snapshot = snap;
    setError('');
    renderHeader(snap);
    renderTotals(snap);
    renderGrids(snap);
    loadAlerts(snap);
    renderAlerts();
    renderStations(snap);
    renderChart(snap);
    if (!state.ready) {
      state.ready = true;
      document.body.dataset.ready = '1';
    }
  }

  function parse(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      setError(text('badData'));
      return null;
    }
  }

  // ---- events ----

  var source = null;
  var lastMessage = Date.now();
  var retryTimer = null;

  function connect() {
    if (retryTimer !== null) { clearTimeout(retryTimer); retryTimer = null; }
    if (source) { source.close(); }
    lastMessage = Date.now();
    setConnection(false);
    source = new EventSource('events');
    source.addEventListener('open', function () { lastMessage = Date.now(); setConnection(true); });
    source.addEventListener('dashboard', function (event) {
      lastMessage = Date.now();
      setConnection(true);
      var snap = parse(event);
      if (snap !== null) { onDashboard(snap); }
    });
    source.addEventListener('alert', function (event) {
      lastMessage = Date.now();
      var alert = parse(event);
      if (alert !== null) { onAlert(alert); }
    });
    source.addEventListener('error', function () {
      setConnection(false);
      // EventSource retries by itself unless the server refused the stream; then retry here.
      if (source && source.readyState === 2 && retryTimer === null) { retryTimer = setTimeout(connect, 3000); }
    });
  }

  // The server sends a snapshot at least every 15 s; a stream silent for longer is dead (a proxy, a cable).
  setInterval(function () {
    if (Date.now() - lastMessage > STALE_MS) { connect(); }
  }, 5000);

  applyStaticTexts();
  setConnection(false);
  renderChart({ hours: [] });
  renderAlerts();
  if (typeof EventSource === 'function') {
    connect();
  } else {
    setError('EventSource');
  }
})();
</script>
</body>
</html>
"""#
}
