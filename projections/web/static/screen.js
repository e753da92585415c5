/* 指挥大屏: the command centre's wall. Large type, one panel at a time, rotating every
   `?every=` seconds (20 by default; ← and → turn it by hand, and the panel chosen stays a
   whole period); figures refresh on every change like the other pages. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const every = Math.max(5, Number(params.get("every")) || 20) * 1000;
  const panels = Array.from(document.querySelectorAll(".panel"));
  const RATES = ["response_rate", "resolution_rate", "satisfaction_rate"];
  const BIG = { font: { size: 18 } };
  let shown = 0;
  let shapes = null;

  function show(index) {
    shown = index % panels.length;
    panels.forEach((panel, i) => { panel.hidden = i !== shown; });
    for (const plot of panels[shown].querySelectorAll(".js-plotly-plot")) Plotly.Plots.resize(plot);
    $("screen-dots").textContent = panels.map((_, i) => (i === shown ? "●" : "○")).join(" ");
    document.body.dataset.panel = panels[shown].dataset.panel;
  }

  function numbers(data) {
    $("big-total").textContent = data.total;
    $("big-open").textContent = data.open;
    for (const key of RATES) $(`big-${key}`).textContent = Jiesu.percent(data.rates[key].value);
    $("big-breaches").textContent = data.sla.breached;
    $("screen-hour-day").textContent = data.hour_day ? `（${data.hour_day}）` : "";
    Jiesu.bar($("screen-hour"), data.by_hour, { height: 420, ...BIG });
    const days = data.trend.map((p) => p.day);
    Jiesu.lines($("screen-trend"), days, [
      ["受理", data.trend.map((p) => p.received), "#c0392b"],
      ["办结", data.trend.map((p) => p.resolved), "#2e7d32"],
      ["超时", data.trend.map((p) => p.breaches), "#f39c12"],
    ], { height: 320, ...BIG });
    const pct = (key) => data.trend.map((p) => (p[key] === null ? null : p[key] * 100));
    Jiesu.lines($("screen-rates"), days, [
      ["响应率", pct("response_rate"), "#1565c0"], ["解决率", pct("resolution_rate"), "#2e7d32"],
      ["满意率", pct("satisfaction_rate"), "#8e24aa"],
    ], { height: 320, yaxis: { range: [0, 105], ticksuffix: "%" }, ...BIG });
  }

  async function refresh() {
    const data = await Jiesu.getJSON("/api/overview");
    numbers(data);
    if (!shapes) shapes = await Jiesu.getJSON("/api/map/shapes");
    JiesuMap.draw($("screen-map"), shapes, await Jiesu.getJSON("/api/map"), "community", "open",
      Math.max(480, window.innerHeight - 200));
    const whistles = await Jiesu.getJSON("/api/whistles?limit=12");
    Jiesu.table($("screen-whistles"), [
      ["街道", (r) => r.street_label], ["事项", (r) => r.summary],
      ["报到", (r) => `${r.reported}/${r.departments.length}`],
      ["状态", (r) => (r.overdue ? "逾期" : "进行中")],
    ], whistles.items, "暂无未结束的吹哨");
    document.body.dataset.total = String(data.total);
  }

  let rotation = null;
  function rotate() {
    clearInterval(rotation);
    rotation = setInterval(() => show(shown + 1), every);
  }

  document.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    show(shown + step + panels.length);
    rotate();
  });
  $("fullscreen").addEventListener("click", () => document.documentElement.requestFullscreen());
  rotate();
  setInterval(() => { $("screen-clock").textContent = Jiesu.time(new Date().toISOString()); }, 1000);
  show(0);
  Jiesu.live(refresh);
})();
