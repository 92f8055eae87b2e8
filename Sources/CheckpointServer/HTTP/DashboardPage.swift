/// The command centre's dashboard (issue 18): the document, with its style, in both languages; its script is
/// ``DashboardScript``, served apart as `dashboard.js` (the page's Content-Security-Policy forbids inline script).
/// Nothing is loaded from the network. `HTTPRouter` serves it with `__LANG__` replaced by `zh` or `en`; every text
/// the page shows is in both languages in the script.
enum DashboardPage {
    static let document: String = #"""
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
<script src="dashboard.js"></script>
</body>
</html>
"""#
}
