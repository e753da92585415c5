/* 诉求列表: filtered, paginated petitions; invalid filters show the API's field and reason. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const form = $("filters");
  const LIMIT = 50;
  let offset = 0;

  function options(select, kind) {
    for (const [value, text] of Object.entries({ ...Jiesu.LABELS_OF(kind) })) {
      if (value !== "UNKNOWN") select.add(new Option(text, value));
    }
  }

  async function refresh() {
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) query.set(key, value);
    query.set("limit", LIMIT);
    query.set("offset", offset);
    $("error").textContent = "";
    try {
      const data = await Jiesu.getJSON(`/api/petitions?${query}`);
      Jiesu.table($("petitions"), [
        ["编号", (r) => Jiesu.petitionLink(r.petition_id)],
        ["标题", (r) => (r.group_members ? `【群体诉求·${r.group_members}件】${r.headline}` : r.headline)],
        ["渠道", (r) => Jiesu.label("channel", r.channel)], ["类别", (r) => r.category_label],
        ["街道", (r) => r.street_label], ["社区", (r) => r.community_label],
        ["状态", (r) => Jiesu.label("status", r.status)], ["超时", (r) => (r.breached ? "是" : "否")],
        ["受理时间", (r) => Jiesu.time(r.received_at)],
      ], data.items);
      $("page-info").textContent = `第 ${offset + 1}–${offset + data.items.length} 条，共 ${data.total} 条`;
      $("next").disabled = offset + LIMIT >= data.total;
      $("prev").disabled = offset === 0;
    } catch (err) {
      $("error").textContent = `筛选条件有误：${err.message}`;
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); offset = 0; refresh(); });
  $("next").addEventListener("click", () => { offset += LIMIT; refresh(); });
  $("prev").addEventListener("click", () => { offset = Math.max(0, offset - LIMIT); refresh(); });
  Jiesu.vocabulary().then(() => {
    options(form.elements.status, "status");
    options(form.elements.channel, "channel");
    /* Filters in the address (from the map, or a shared link) fill the form. */
    for (const [key, value] of new URLSearchParams(location.search)) {
      const field = form.elements[key];
      if (field && field.type === "checkbox") field.checked = value === field.value;
      else if (field) field.value = value;
    }
    Jiesu.live(refresh, (c) => c.entity === "petition");
  });
})();
