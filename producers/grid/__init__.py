"""Grid workers' app (网格员 APP): per-worker tokens and offline batch sync."""
