/* 重点清单: repeat petitions (special handling) and group cases. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  async function refresh() {
    const repeats = await Jiesu.getJSON("/api/special-handling");
    Jiesu.table($("repeats"), [
      ["诉求", (r) => Jiesu.petitionLink(r.petition_id)], ["标题", (r) => r.headline],
      ["重复于", (r) => (r.repeat_of ? Jiesu.petitionLink(r.repeat_of) : "–")],
      ["类别", (r) => r.category_label], ["社区", (r) => r.community_label],
      ["状态", (r) => Jiesu.label("status", r.status)], ["受理时间", (r) => Jiesu.time(r.received_at)],
    ], repeats.items);
    const groups = await Jiesu.getJSON("/api/group-cases");
    Jiesu.table($("groups"), [
      ["群体编号", (r) => r.group_id.slice(0, 8)], ["诉求数", (r) => r.size],
      ["未办结", (r) => r.open], ["诉求", (r) => r.petition_ids.map((id) => id.slice(0, 8)).join("、")],
      ["原因", (r) => r.reason],
    ], groups.items);
  }

  Jiesu.live(refresh, (c) => c.entity !== "whistle");
})();
