"""Running several deployables together (the demo, the benchmark, the fault drills)."""
