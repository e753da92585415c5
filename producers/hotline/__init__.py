"""12345 hotline work orders (工单): the JSON endpoint and the reusable row mapping."""
