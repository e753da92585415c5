"""What the intake and the dashboard share at the HTTP edge: input hygiene, rate limits,
the client's address behind trusted proxies."""
