"""A realistic city's traffic for demos, tests and benchmarks (`jiesu simulate`).

The pure part decides what happens when: ``petitions`` (arrivals, texts, repeats, the group
case), ``handlers``/``actions`` (sign-for, return, resolve, report, call-back), ``agenda``
(ticks and scheduling) and ``core.Simulation`` tying them together. ``live.Runner`` paces it
and ``kafka_io``/``intake_target`` are the thin adapters to Kafka and the intake service.
"""
