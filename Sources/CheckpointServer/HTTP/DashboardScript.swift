/// The dashboard's script (issue 18), vanilla JavaScript in three parts: the texts in both languages
/// (`DashboardScript+Texts.swift`), the helpers and the header, totals and grid tiles (here), and the alerts,
/// stations, hourly chart and the event stream (`DashboardScript+Live.swift`). Served as one file, `dashboard.js`.
enum DashboardScript {
    static let text = [texts, core, live].joined(separator: "\n")

    static let core: String = #"""

  var root = document.documentElement;
  var lang = root.getAttribute('lang') === 'zh' ? 'zh' : 'en';
  root.setAttribute('lang', lang);
  var T = TEXTS[lang];
  var numberFormat = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US');
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var TOTAL_KEYS = ['records', 'entry', 'exit', 'temp', 'fevers', 'violations', 'new_orders',
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

"""#
}
