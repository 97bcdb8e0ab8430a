"""The plugin host: one manager factory, our own entry-point loader, and the registry."""
