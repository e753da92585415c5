"""The intake's side of the channel registry (:mod:`jiesu.domain.channels`): each channel's
routers. A new channel adds its folder's router here; a unit test checks that every
registered channel has one."""

from __future__ import annotations

from fastapi import APIRouter

from jiesu.domain.events import Channel
from producers.grid.router import router as grid_router
from producers.hotline.router import router as hotline_router
from producers.open311.post import router as open311_post_router
from producers.open311.router import router as open311_router
from producers.walkin.router import router as walkin_router
from producers.wechat.router import router as wechat_router

CHANNEL_ROUTERS: dict[Channel, tuple[APIRouter, ...]] = {
    Channel.HOTLINE: (hotline_router,),
    Channel.MINI_PROGRAM: (wechat_router,),
    Channel.GRID_APP: (grid_router,),
    Channel.WALK_IN: (walkin_router,),
    Channel.OPEN311: (open311_router, open311_post_router),
}
