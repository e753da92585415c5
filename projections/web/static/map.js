/* 城市地图: the city's communities, streets and districts shaded by petitions or backlog,
   the hottest communities marked; a click on an area filters the other pages by its street.
   Shapes come from /api/map/shapes (shipped with jiesu): no tiles, no internet. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const NAMES = { petitions: "诉求量", open: "未办结", overdue: "超时未办结" };
  const HOT = 5;
  let shapes = null;
  let latest = null;
  let listening = false;
  /* Plotly's geo fetches a world topojson (for base layers this map hides) before drawing:
     an empty one stands in, so nothing is requested; topojsonURL points home regardless. */
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  const CONFIG = { displayModeBar: false, responsive: true, topojsonURL: "/static/" };

  function centre(feature) {
    const ring = feature.geometry.coordinates[0][0];
    const sum = ring.slice(1).reduce((s, [x, y]) => [s[0] + x, s[1] + y], [0, 0]);
    return [sum[0] / (ring.length - 1), sum[1] / (ring.length - 1)];
  }

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
    const value = (code) => (figures[code] || {})[measure] || 0;
    const areas = {
      type: "choropleth", geojson: { type: "FeatureCollection", features },
      locations: features.map((f) => f.id), z: features.map((f) => value(f.id)),
      text: features.map((f) => f.properties.name), zmin: 0,
      hovertemplate: `%{text}<br>${NAMES[measure]}：%{z}<extra></extra>`,
      colorscale: [[0, "#fff5f0"], [0.5, "#f08070"], [1, "#9b1111"]],
      marker: { line: { color: "#8d8d8d", width: 1 } },
      colorbar: { title: { text: NAMES[measure] }, thickness: 14 },
    };
    const communities = shapes.features.filter((f) => f.properties.level === "community");
    const hot = communities.filter((f) => value(f.id) > 0)
      .sort((a, b) => value(b.id) - value(a.id)).slice(0, HOT);
    const top = Math.max(1, ...hot.map((f) => value(f.id)));
    const spots = {
      type: "scattergeo", mode: "markers+text", lon: hot.map((f) => centre(f)[0]),
      lat: hot.map((f) => centre(f)[1]), text: hot.map((f) => f.properties.name),
      textposition: "top center", hoverinfo: "text", locationmode: "geojson-id",
      customdata: hot.map((f) => f.id),
      marker: { size: hot.map((f) => 10 + (18 * value(f.id)) / top), color: "rgba(255,193,7,0.85)",
        line: { color: "#7a4b00", width: 1 } },
    };
    const layout = { height: 640, margin: { t: 0, r: 0, b: 0, l: 0 }, showlegend: false,
      geo: { fitbounds: "locations", visible: false, projection: { type: "mercator" } } };
    Plotly.react($("chart-map"), [areas, spots], layout, CONFIG);
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
