/* 诉求详情: one petition and its full trace (全程留痕), refreshed when it changes. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const id = $("petition").dataset.petitionId;

  function group(g) {
    if (!g) return null;
    if (g.is_lead) return `主件，共 ${g.members} 件`;
    return `随主件 ${g.lead_petition_id} 办理（主件${Jiesu.label("status", g.lead_status)}），共 ${g.members} 件`;
  }

  function facts(p) {
    const rows = [
      ["编号", p.petition_id], ["标题", p.title], ["内容", p.text],
      ["渠道", Jiesu.label("channel", p.channel)], ["类别", p.category_label],
      ["响应等级", Jiesu.label("tier", p.sla_tier)], ["状态", Jiesu.label("status", p.status)],
      ["位置", [p.street_label, p.community_label, p.address].filter(Boolean).join(" · ")],
      ["承办单位", p.unit_label], ["承办层级", Jiesu.label("level", p.level)],
      ["共同办理", [p.co_handler_label, ...p.co_department_labels].filter(Boolean).join("、") || null],
      ["责任人", p.responsible_role], ["目标", p.target],
      ["群体诉求", group(p.group)],
      ["联系电话", p.phone_masked], ["受理时间", Jiesu.time(p.received_at)],
      ["签收时限", Jiesu.time(p.response_deadline)],
      ["办结时限", Jiesu.deadline(p.resolution_deadline, p.provisional)],
      ["首次办结时限", Jiesu.time(p.first_resolution_deadline)],
      ["是否超时", p.breached ? `是（${p.breach_count}次）` : "否"],
      ["按期办结", p.on_time === null ? "–" : p.on_time ? "是" : "否（按首次时限）"],
      ["满意度", p.unreachable ? "无法回访" : Jiesu.label("satisfaction", p.satisfaction)],
    ];
    if (p.provisional) {
      rows.push(["时限说明", "暂定：所跨年份的放假调休安排尚未录入，时限按法定节假日推算，可能变动"]);
    }
    const list = $("facts");
    list.replaceChildren();
    for (const [name, value] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = value === null || value === undefined || value === "" ? "–" : value;
      list.append(dt, dd);
    }
  }

  function timeline(entries) {
    const list = $("timeline");
    list.replaceChildren();
    for (const e of entries) {
      const li = document.createElement("li");
      li.innerHTML = "<time></time> <b></b> <span class=actor></span><p></p>";
      li.querySelector("time").textContent = Jiesu.time(e.event_time);
      li.querySelector("b").textContent = e.label;
      li.querySelector(".actor").textContent = e.person ? `${e.actor}（${e.person}）` : e.actor;
      li.querySelector("p").textContent = e.detail;
      list.appendChild(li);
    }
  }

  const STATES = { met: "✔ 按时", missed: "✘ 超时完成", pending: "进行中", late: "✘ 已超时未完成" };

  /* The story: each deadline kept or not, the whistles with each department's report, who acted. */
  function story(data) {
    Jiesu.table($("deadlines"), [
      ["时限", (d) => d.name], ["截止时间", (d) => Jiesu.time(d.deadline)],
      ["完成时间", (d) => Jiesu.time(d.done_at)],
      ["结果", (d) => { const b = document.createElement("b");
        b.className = `state-${d.state}`; b.textContent = STATES[d.state] || d.state; return b; }],
    ], data.deadlines, "暂无时限");
    Jiesu.table($("petition-whistles"), [
      ["吹哨时间", (w) => Jiesu.time(w.blown_at)], ["街道", (w) => w.street_label],
      ["吹哨", (w) => w.blown_by_label || "自动"], ["原因", (w) => w.reason],
      ["召集部门（报到）", (w) => w.departments.map((d) => Jiesu.report(d, true)).join("、")],
      ["状态", (w) => (w.open ? (w.overdue ? "逾期" : "进行中") : "已结束")],
    ], data.whistles, "未吹哨");
    Jiesu.table($("actors"), [
      ["单位／人员", (a) => a.actor], ["首次", (a) => Jiesu.time(a.first)],
      ["留痕条数", (a) => a.count], ["最近操作", (a) => a.last],
    ], data.actors);
  }

  async function refresh() {
    try {
      const data = await Jiesu.getJSON(`/api/petitions/${encodeURIComponent(id)}`);
      facts(data.petition);
      timeline(data.timeline);
      story(data);
    } catch (err) {
      $("error").textContent = `无法加载：${err.message}`;
    }
  }

  Jiesu.live(refresh, (c) => c.petition_id === id || (c.entity === "petition" && c.id === id));
})();
