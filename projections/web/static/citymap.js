/* The city map, drawn by Plotly's geo without tiles from the shapes shipped with jiesu
   (/api/map/shapes) and the figures of /api/map; used by 城市地图 and 指挥大屏. */
"use strict";

const JiesuMap = (() => {
  /* Plotly's geo fetches a world topojson (for base layers the city map hides) before
     drawing: an empty one stands in, so nothing is requested; topojsonURL points home. */
  const MAP_CONFIG = { displayModeBar: false, responsive: true, topojsonURL: "/static/" };
  const MEASURES = { petitions: "诉求量", open: "未办结", overdue: "超时未办结" };

  /* The mean of an area's vertices: inside a community's convex cell, near a street's middle. */
  function centre(feature) {
    const points = feature.geometry.coordinates.flatMap((polygon) => polygon[0].slice(1));
    const sum = points.reduce((s, [x, y]) => [s[0] + x, s[1] + y], [0, 0]);
    return [sum[0] / points.length, sum[1] / points.length];
  }

  /* The city's areas of one level shaded by a measure of /api/map, the five hottest
     communities marked (their code in customdata, as the areas' in location). */
  function cityMap(element, shapes, data, level, measure, height) {
    window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
    const features = shapes.features.filter((f) => f.properties.level === level);
    const figures = Object.fromEntries(data.areas.map((a) => [a.code, a]));
    const value = (code) => (figures[code] || {})[measure] || 0;
    const areas = {
      type: "choropleth", geojson: { type: "FeatureCollection", features },
      locations: features.map((f) => f.id), z: features.map((f) => value(f.id)),
      text: features.map((f) => f.properties.name), zmin: 0,
      hovertemplate: `%{text}<br>${MEASURES[measure]}：%{z}<extra></extra>`,
      colorscale: [[0, "#fff5f0"], [0.5, "#f08070"], [1, "#9b1111"]],
      marker: { line: { color: "#8d8d8d", width: 1 } },
      colorbar: { title: { text: MEASURES[measure] }, thickness: 14 },
    };
    const hot = shapes.features.filter((f) => f.properties.level === "community" && value(f.id) > 0)
      .sort((a, b) => value(b.id) - value(a.id)).slice(0, 5);
    const top = Math.max(1, ...hot.map((f) => value(f.id)));
    const names = {
      type: "scattergeo", mode: "text", locationmode: "geojson-id", hoverinfo: "skip",
      lon: features.map((f) => centre(f)[0]), lat: features.map((f) => centre(f)[1]),
      text: features.map((f) => f.properties.name), textposition: "bottom center",
      textfont: { size: 12, color: "#333" },
    };
    const spots = {
      type: "scattergeo", mode: "markers", locationmode: "geojson-id",
      lon: hot.map((f) => centre(f)[0]), lat: hot.map((f) => centre(f)[1]),
      text: hot.map((f) => f.properties.name), customdata: hot.map((f) => f.id),
      hoverinfo: "text",
      marker: { size: hot.map((f) => 10 + (18 * value(f.id)) / top), color: "rgba(255,193,7,0.85)",
        line: { color: "#7a4b00", width: 1 } },
    };
    const layout = { height, margin: { t: 0, r: 0, b: 0, l: 0 }, showlegend: false,
      paper_bgcolor: "rgba(0,0,0,0)",
      geo: { fitbounds: "locations", visible: false, projection: { type: "mercator" },
        bgcolor: "rgba(0,0,0,0)" } };
    Plotly.react(element, [areas, spots, names], layout, MAP_CONFIG);
  }

  return { draw: cityMap };
})();
