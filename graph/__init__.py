"""Talking to Neo4j: the connection (`connection`), its errors (`errors`), sessions for the
projection's own statements (`sessions`) and the one read helper every read uses (`reads`)."""
