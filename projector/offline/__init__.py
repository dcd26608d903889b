"""The offline rebuild: the event store folded into neo4j-admin import files with the
projector's own planning (`fold`, `memory_graph`, `csv_files`), imported into a fresh store that
is swapped in for the served one (`swap`, `rebuild`)."""
