"""Services: the operations adapters (CLI, API, web) call. Each takes a session and plain
arguments, and returns domain objects."""
