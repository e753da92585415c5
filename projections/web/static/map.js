/* 城市地图: the city's communities, streets and districts shaded by petitions or backlog,
   the hottest communities marked; a click on an area filters the other pages by its street.
   Shapes come from /api/map/shapes (shipped with jiesu): no tiles, no internet. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let shapes = null;
  let latest = null;
  let listening = false;

  function select(code) {
    const street = code.split(".").slice(0, 2).join(".");
    const feature = shapes.features.find((f) => f.id === street);
    if (!feature || code.split(".").length < 2) return;
    const box = $("selected");
    box.hidden = false;
    box.replaceChildren(`已选：${feature.properties.name}　查看 `,
      Jiesu.link(`/?street=${street}`, "城市总览"), "　",
      Jiesu.link(`/petitions?street=${street}`, "诉求列表"), "　",
      Jiesu.link(`/whistles?street=${street}`, "吹哨清单"));
    box.dataset.street = street;
  }

  function draw() {
    const level = $("level").value;
    const measure = $("measure").value;
    const features = shapes.features.filter((f) => f.properties.level === level);
    const figures = Object.fromEntries(latest.areas.map((a) => [a.code, a]));
    JiesuMap.draw($("chart-map"), shapes, latest, level, measure, 640);
    if (!listening) {
      listening = true;
      $("chart-map").on("plotly_click", (event) => {
        const point = event.points[0];
        const code = point && (point.location || point.customdata);
        if (code) select(code);
      });
    }
    const rows = features.map((f) => ({ code: f.id, name: f.properties.name, ...(figures[f.id] || {}) }))
      .sort((a, b) => (b[measure] || 0) - (a[measure] || 0));
    Jiesu.table($("map-areas"), [
      ["地区", (r) => { const a = Jiesu.link("#", r.name);
        a.addEventListener("click", (e) => { e.preventDefault(); select(r.code); }); return a; }],
      ["诉求量", (r) => r.petitions || 0], ["未办结", (r) => r.open || 0],
      ["超时未办结", (r) => r.overdue || 0],
    ], rows);
  }

  async function refresh() {
    if (!shapes) shapes = await Jiesu.getJSON("/api/map/shapes");
    latest = await Jiesu.getJSON("/api/map");
    draw();
    document.body.dataset.mapped = String(latest.areas.length);
  }

  $("level").addEventListener("change", () => latest && draw());
  $("measure").addEventListener("change", () => latest && draw());
  Jiesu.live(refresh, (c) => c.entity === "petition");
})();
