"""Models land with their issue; see docs/architecture.md."""
