"""Test helpers shipped with the package (a throwaway PostgreSQL server)."""
