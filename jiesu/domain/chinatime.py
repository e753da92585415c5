"""China's local time, the one zone of the service: working days, duty rosters, Open311 and
dashboard timestamps, the simulator's day all read the clock in it.

A fixed UTC+8: China has kept no daylight saving since 1991, so no tz database is needed.
"""

from __future__ import annotations

from datetime import timedelta, timezone

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
"""Asia/Shanghai, UTC+8."""
