"""Reading news documents from files: plain text, saved HTML pages, RSS/Atom feeds, folders
(:mod:`~militancydb.ingest.sources`), and telling their language
(:mod:`~militancydb.ingest.language`). Storing them is :mod:`militancydb.services.documents`.
"""
