"""The register's REST API (STYLE.md 5): generic reads over scoped selectors in reads.py, one
APIView per write calling the same services as the forms in writes.py."""
