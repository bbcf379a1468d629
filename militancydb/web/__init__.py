"""The analyst's web application: server-rendered pages (Jinja2) over the same services as
the CLI and the REST API, with every asset shipped in the package (no CDN, no map tiles)."""
