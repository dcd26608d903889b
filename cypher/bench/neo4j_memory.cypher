// The Neo4j server's memory settings, as it runs them (a figure means little without them).
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size']
RETURN name, value
