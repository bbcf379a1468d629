"""The knowledge base: the gazetteer of places and the registry of armed groups and forces."""
