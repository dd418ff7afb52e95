"""Item pipelines, one concern each, in bands: enrichment (< 500) → validation (800) → storage (900)."""
