"""HTTP routes, one module per resource (clean, brief, jobs, health, review page)."""
