/* 单位考评: per-unit and per-department scorecards. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  /* A department is also judged on the whistles it was summoned to (报到). */
  const REPORTS = [
    ["被召集", (r) => r.summoned], ["已报到", (r) => r.reported],
    ["报到率", (r) => Jiesu.percent(r.report_rate)],
  ];

  async function refresh() {
    const kind = $("kind").value;
    const data = await Jiesu.getJSON(`/api/scorecards?kind=${kind}`);
    Jiesu.table($("scorecards"), [
      ["单位", (r) => r.label], ["承办量", (r) => r.assigned], ["已办理", (r) => r.resolved],
      ["超时", (r) => r.breaches], ["响应率", (r) => Jiesu.percent(r.response_rate)],
      ["解决率", (r) => Jiesu.percent(r.resolution_rate)],
      ["满意率", (r) => Jiesu.percent(r.satisfaction_rate)],
      ["时限达标率", (r) => Jiesu.percent(r.sla_compliance)],
      ...(kind === "department" ? REPORTS : []),
    ], data.items);
    const list = $("definitions");
    list.replaceChildren();
    for (const d of data.definitions) {
      const dt = document.createElement("dt");
      dt.textContent = d.name;
      const dd = document.createElement("dd");
      dd.textContent = d.definition;
      list.append(dt, dd);
    }
  }

  $("kind").addEventListener("change", refresh);
  Jiesu.live(refresh);
})();
