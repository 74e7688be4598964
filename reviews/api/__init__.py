"""The reviews app's REST API (STYLE.md 5)."""
