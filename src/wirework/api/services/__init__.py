"""API-side services (auth flows, workflow documents, execution facade)."""
