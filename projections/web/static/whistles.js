/* 吹哨清单: a street office's open whistles, refreshed when a whistle or petition changes. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);

  async function streets() {
    const data = await Jiesu.getJSON("/api/streets");
    for (const street of data.items) {
      const option = new Option(`${street.label}（${street.open_whistles}）`, street.code);
      $("street").add(option);
    }
    $("street").value = params.get("street") || "";
  }

  /* Reported, late, or still within its report-by time: a street office acts on the late. */
  function departments(list) {
    return list.map((d) => Jiesu.report(d, false)).join("、");
  }

  /* One line per matter: a group case says how many petitions, a matter whistled again says
     how often (its history is on the petition page). */
  function summary(r) {
    const group = r.group_members ? `【群体诉求·${r.group_members}件】` : "";
    const again = r.whistles > 1 ? `（第${r.whistles}次吹哨）` : "";
    return `${group}${r.summary}${again}`;
  }

  async function refresh() {
    const query = new URLSearchParams();
    if ($("street").value) query.set("street", $("street").value);
    if ($("overdue-only").checked) query.set("overdue", "true");
    const data = await Jiesu.getJSON(`/api/whistles?${query}`);
    Jiesu.table($("whistles"), [
      ["街道", (r) => r.street_label],
      ["诉求", (r) => Jiesu.petitionLink(r.petition_id)],
      ["摘要", (r) => summary(r)],
      ["吹哨", (r) => r.blown_by_label || "自动"],
      ["召集部门（报到情况）", (r) => departments(r.departments)],
      ["报到时限", (r) => Jiesu.deadline(r.report_by, r.provisional)],
      ["状态", (r) => (r.overdue ? "逾期" : "进行中")],
    ], data.items, "暂无未结束的吹哨");
    document.body.dataset.whistles = String(data.total);
  }

  $("street").addEventListener("change", refresh);
  $("overdue-only").addEventListener("change", refresh);
  streets().then(() => Jiesu.live(refresh, (c) => ["whistle", "petition"].includes(c.entity)));
})();
