"""The write side: events → Neo4j exactly once (`projector`), the batch planner and its
rows, the tracking position, read-ahead, and the canonical graph hash."""
