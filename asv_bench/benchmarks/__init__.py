"""asv benchmarks of parafunc: one module per family, driven by ``_registry.FUNCTIONS``."""
