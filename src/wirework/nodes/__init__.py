"""Node types. ``nodes.sdk`` is the public API for node authors; the registry finds the rest."""
