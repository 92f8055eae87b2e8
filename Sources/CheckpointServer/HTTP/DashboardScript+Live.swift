/// The end of the dashboard's script: the alerts, the stations, the hourly chart (SVG), and the event stream that
/// keeps them live.
extension DashboardScript {
    static let live: String = #"""
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
"""#
}
