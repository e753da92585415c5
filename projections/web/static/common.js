/* Shared helpers of the dashboard pages: JSON fetch, tables, charts, live updates. */
"use strict";

const Jiesu = (() => {
  const LABELS = {
    channel: { HOTLINE: "12345热线", MINI_PROGRAM: "小程序", GRID_APP: "网格员APP",
      WALK_IN: "现场受理", OPEN311: "开放接口", UNKNOWN: "未知" },
    status: { RECEIVED: "已受理", CLASSIFIED: "已研判", ROUTED: "已派单", ACCEPTED: "已签收",
      RETURNED: "已退回", RESOLVED: "已办理", REOPENED: "重新办理", CLOSED: "已办结",
      UNKNOWN: "未知" },
    level: { GRID: "网格", COMPOUND: "小区", COMMUNITY: "社区", STREET: "街道",
      DISTRICT: "区", DEPARTMENT: "职能部门", UNKNOWN: "未知" },
    tier: { ORDINARY: "一般（24小时）", DIFFICULT: "疑难（3个工作日）",
      THORNY: "复杂（7个工作日）", MAJOR_RISK: "重大风险（提级）", UNKNOWN: "未知" },
    satisfaction: { SATISFIED: "满意", BASICALLY_SATISFIED: "基本满意",
      UNSATISFIED: "不满意", UNKNOWN: "未评价" },
  };

  function label(kind, value) {
    if (value === null || value === undefined || value === "") return "–";
    return (LABELS[kind] && LABELS[kind][value]) || String(value);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (response.status === 401) {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
      throw new Error("请先登录");
    }
    const body = await response.json();
    if (!response.ok) {
      const why = (body.errors || []).map((e) => `${e.field}: ${e.reason}`).join("; ");
      throw new Error(why || body.detail || response.statusText);
    }
    return body;
  }

  function percent(rate) {
    return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)}%`;
  }

  function time(iso) {
    if (!iso) return "–";
    return new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  }

  function cell(value) {
    const td = document.createElement("td");
    if (value instanceof Node) td.appendChild(value);
    else td.textContent = value === null || value === undefined ? "–" : String(value);
    return td;
  }

  /* columns: [[header, row => value]]; values may be DOM nodes. */
  function table(element, columns, rows, emptyText) {
    element.replaceChildren();
    const head = element.createTHead().insertRow();
    for (const [title] of columns) {
      const th = document.createElement("th");
      th.textContent = title;
      head.appendChild(th);
    }
    const body = element.createTBody();
    if (!rows.length) {
      const tr = body.insertRow();
      const td = cell(emptyText || "暂无数据");
      td.colSpan = columns.length;
      tr.appendChild(td);
    }
    for (const row of rows) {
      const tr = body.insertRow();
      for (const [, value] of columns) tr.appendChild(cell(value(row)));
    }
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function petitionLink(id, text) {
    return link(`/petitions/${encodeURIComponent(id)}`, text || id.slice(0, 8));
  }

  function bar(element, points, options) {
    const layout = { margin: { t: 10, r: 10, b: 60, l: 40 }, height: 260,
      xaxis: { type: "category" }, ...(options || {}) };
    const trace = { type: "bar", x: points.map((p) => p.label), y: points.map((p) => p.count),
      marker: { color: "#c0392b" } };
    Plotly.react(element, [trace], layout, { displayModeBar: false, responsive: true });
  }

  /* Several series over one axis (trends): series = [[name, values, color]]. */
  function lines(element, x, series, options) {
    const layout = { margin: { t: 10, r: 10, b: 40, l: 40 }, height: 260,
      legend: { orientation: "h", y: -0.2 }, xaxis: { type: "category" }, ...(options || {}) };
    const traces = series.map(([name, values, color]) => ({ type: "scatter",
      mode: "lines+markers", name, x, y: values, line: { color }, marker: { size: 8 } }));
    Plotly.react(element, traces, layout, { displayModeBar: false, responsive: true });
  }

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

  /* The banner every page shows while an open petition has a provisional deadline. */
  async function calendarBanner() {
    const banner = document.getElementById("calendar-banner");
    if (!banner) return;
    const data = await getJSON("/api/provisional");
    banner.hidden = data.open === 0;
    const years = data.years.map((y) => `${y}年`).join("、");
    banner.textContent = data.open === 0 ? "" : `注意：${data.open} 件未办结诉求的办理时限为暂定——`
      + `${years}的国务院放假调休安排尚未录入，时限仅按法定节假日推算，通知发布并录入节假日文件后可能变动。`;
    banner.title = data.definition;
  }

  /* Calls refresh() now, again once the feed is positioned (so no change can be missed
     between the two), and after each change the page cares about. */
  function live(refresh, wants) {
    const badge = document.getElementById("live");
    let timer = null;
    const run = () => {
      calendarBanner().catch((err) => console.error(err));
      return refresh().catch((err) => console.error(err));
    };
    run();
    const source = new EventSource("/api/changes");
    source.addEventListener("ready", () => {
      badge.textContent = "实时";
      badge.classList.add("on");
      run();
    });
    let bannerTimer = null;
    source.addEventListener("change", (message) => {
      const change = JSON.parse(message.data);
      if (change.entity === "petition") {
        clearTimeout(bannerTimer);
        bannerTimer = setTimeout(() => calendarBanner().catch(console.error), 200);
      }
      if (wants && !wants(change)) return;
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    source.onerror = () => {
      badge.textContent = "重连中…";
      badge.classList.remove("on");
    };
  }

  const LABELS_OF = (kind) => LABELS[kind] || {};

  /* A deadline as a handler reads it: "（暂定）" after one that may still move. */
  function deadline(iso, provisional) {
    return iso ? `${time(iso)}${provisional ? "（暂定）" : ""}` : "–";
  }

  return { label, LABELS_OF, getJSON, percent, time, deadline, table, link, petitionLink, bar,
    lines, cityMap, live };
})();
