/* 单位考评: per-unit and per-department scorecards. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  async function refresh() {
    const data = await Jiesu.getJSON(`/api/scorecards?kind=${$("kind").value}`);
    Jiesu.table($("scorecards"), [
      ["单位", (r) => r.label], ["承办量", (r) => r.assigned], ["已办理", (r) => r.resolved],
      ["超时", (r) => r.breached], ["响应率", (r) => Jiesu.percent(r.response_rate)],
      ["解决率", (r) => Jiesu.percent(r.resolution_rate)],
      ["满意率", (r) => Jiesu.percent(r.satisfaction_rate)],
      ["时限达标率", (r) => Jiesu.percent(r.sla_compliance)],
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
