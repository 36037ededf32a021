"""Scenario files: models, safe YAML loading, the library of shipped and user scenarios."""
