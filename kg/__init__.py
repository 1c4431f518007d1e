"""kg: knowledge graphs from Arabic news about raids."""
