"""Time: ticks of the clock topic, copied into every petition partition."""
