/* Shared helpers of the dashboard pages: JSON fetch, tables, charts, live updates. */
"use strict";

const Jiesu = (() => {
  /* Code → label tables and SLA texts, served by /api/vocabulary from the domain and the
     configuration (no copy here); every getJSON waits for them, so a page that renders data
     has its labels. */
  const LABELS = {};
  let loaded = null;

  function vocabulary() {
    loaded = loaded || fetchJSON("/api/vocabulary").then((v) => Object.assign(LABELS, v));
    return loaded;
  }

  function label(kind, value) {
    if (value === null || value === undefined || value === "") return "–";
    return (LABELS[kind] && LABELS[kind][value]) || String(value);
  }

  async function getJSON(url) {
    await vocabulary();
    return fetchJSON(url);
  }

  async function fetchJSON(url) {
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

  /* A summoned department and its 报到 as the API judged it (``state``), e.g. 住建局✔已报到;
     ``when`` shows a report's time instead of its label. */
  const REPORT_MARKS = { reported: "✔", overdue: "✘", pending: "…", ended: "—" };
  function report(d, when) {
    const said = when && d.reported_at ? time(d.reported_at) : label("report", d.state);
    return `${d.label}${REPORT_MARKS[d.state] || ""}${said}`;
  }

  return { label, LABELS_OF, vocabulary, getJSON, percent, time, deadline, table, link, petitionLink, bar,
    lines, live, report };
})();
