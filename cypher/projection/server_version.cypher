// The Neo4j server's version (for benchmark reports).
CALL dbms.components() YIELD versions
RETURN versions[0] AS version
