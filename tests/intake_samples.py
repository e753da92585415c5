"""What the intake's route tests share, on fakes (unit tier) or the real broker (integration):
a 12345 work order, a mini-program report, and the channels' development keys."""

from __future__ import annotations

from typing import Any

ORDER: dict[str, Any] = {
    "call_id": "CALL-20261122-0007",
    "agent_id": "A001",
    "call_time": "2026-11-22T09:15:00+08:00",
    "title": "楼道垃圾无人清运",
    "text": "春光山色小区3号楼楼道里堆了很多垃圾，两天没人清运，请尽快处理。",
    "category_hint": "sanitation",
    "place": {"area": "zd.cz.cg.c01.g1", "address": "春光山色小区3号楼2单元"},
    "caller": {"name": "王女士", "phone": "+86 138-0013-8000"},
    "photos": ["https://img.example.cn/p/1.jpg"],
}
REPORT: dict[str, Any] = {
    "openid": "oX7a-Wc9_secretOpenId",
    "client_id": "r-0001",
    "text": "小区门口井盖松动，很危险",
    "place": {"area": "zd.cz.cg.c02", "lat": 36.81, "lon": 118.05},
    "photos": ["https://img.example.cn/wx/1.jpg"],
    "captured_at": "2026-11-22T08:00:00+08:00",
}


class ChannelKeys:
    """The development credentials a harness generated, as request headers."""

    secrets: dict[str, Any]

    def auth(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets[key]}"}

    def worker_auth(self, worker: str = "w-001") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets['workers'][worker][0]}"}
