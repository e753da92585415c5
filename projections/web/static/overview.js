/* 城市总览: numbers, charts and tables from /api/overview, refreshed on every change. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const RATES = ["response_rate", "resolution_rate", "satisfaction_rate"];
  const street = new URLSearchParams(location.search).get("street");

  function kpis(data) {
    $("kpi-total").textContent = data.total;
    $("kpi-open").textContent = data.open;
    for (const key of RATES) $(`kpi-${key}`).textContent = Jiesu.percent(data.rates[key].value);
    $("kpi-sla_compliance").textContent = Jiesu.percent(data.sla.compliance.value);
    $("kpi-breaches").textContent = data.sla.breached;
    $("kpi-unreachable").textContent = data.callbacks.unreachable;
  }

  function definitions(data) {
    const list = $("definitions");
    list.replaceChildren();
    for (const rate of [...RATES.map((k) => data.rates[k]), data.sla.compliance]) {
      const dt = document.createElement("dt");
      dt.textContent = `${rate.name}：${Jiesu.percent(rate.value)}（${rate.numerator}/${rate.denominator}）`;
      const dd = document.createElement("dd");
      dd.textContent = rate.definition;
      list.append(dt, dd);
    }
    const dt = document.createElement("dt");
    dt.textContent = `无法回访：${data.callbacks.unreachable}（已评价 ${data.callbacks.scored}）`;
    const dd = document.createElement("dd");
    dd.textContent = data.callbacks.definition;
    list.append(dt, dd);
  }

  function charts(data) {
    Jiesu.bar($("chart-hour"), data.by_hour);
    $("hour-day").textContent = data.hour_day ? `（${data.hour_day}）` : "";
    const days = data.trend.map((p) => p.day);
    Jiesu.lines($("chart-trend"), days, [
      ["受理", data.trend.map((p) => p.received), "#c0392b"],
      ["办结", data.trend.map((p) => p.resolved), "#2e7d32"],
      ["超时", data.trend.map((p) => p.breaches), "#f39c12"],
    ]);
    const pct = (key) => data.trend.map((p) => (p[key] === null ? null : p[key] * 100));
    Jiesu.lines($("chart-rates"), days, [
      ["响应率", pct("response_rate"), "#1565c0"],
      ["解决率", pct("resolution_rate"), "#2e7d32"],
      ["满意率", pct("satisfaction_rate"), "#8e24aa"],
    ], { yaxis: { range: [0, 105], ticksuffix: "%" } });
    Jiesu.bar($("chart-channel"), data.by_channel);
    Jiesu.bar($("chart-category"), data.by_category);
    Jiesu.bar($("chart-ageing"), data.ageing);
    Jiesu.bar($("chart-sla"), [
      { label: "按首次时限办结", count: data.sla.met },
      { label: "超时", count: data.sla.breached },
      { label: "超时未办结", count: data.sla.open_breached },
    ]);
  }

  function tables(data) {
    Jiesu.table($("hot-communities"), [
      ["社区", (r) => r.label], ["街道", (r) => r.street_label], ["诉求量", (r) => r.count],
      ["未办结", (r) => r.open],
    ], data.hot_communities);
    Jiesu.table($("by-street"), [["街道", (r) => r.label], ["诉求量", (r) => r.count]],
      data.by_street);
    Jiesu.table($("latest"), [
      ["编号", (r) => Jiesu.petitionLink(r.petition_id)],
      ["标题", (r) => r.headline], ["渠道", (r) => Jiesu.label("channel", r.channel)],
      ["类别", (r) => r.category_label], ["社区", (r) => r.community_label],
      ["状态", (r) => Jiesu.label("status", r.status)], ["受理时间", (r) => Jiesu.time(r.received_at)],
    ], data.latest);
  }

  async function refresh() {
    const data = await Jiesu.getJSON(street ? `/api/overview?street=${encodeURIComponent(street)}`
      : "/api/overview");
    if (street) {
      const chip = $("filter-street");
      chip.hidden = false;
      chip.replaceChildren(`仅看：${(data.by_street[0] || {}).label || street}　`,
        Jiesu.link("/", "✕ 全市"));
    }
    kpis(data);
    definitions(data);
    charts(data);
    tables(data);
    document.body.dataset.total = String(data.total);
  }

  Jiesu.live(refresh);
})();
