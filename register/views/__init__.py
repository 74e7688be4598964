"""Register pages: thin function views (STYLE.md 4). URLs in register/urls.py."""
