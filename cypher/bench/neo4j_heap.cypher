// Heap of the Neo4j JVM (bytes): now, committed, the maximum, and the old generation's peak.
CALL dbms.queryJmx("java.lang:type=Memory") YIELD attributes
WITH attributes.HeapMemoryUsage.value.properties AS heap
OPTIONAL CALL dbms.queryJmx("java.lang:type=MemoryPool,name=G1 Old Gen") YIELD attributes
RETURN heap.used AS used, heap.committed AS committed, heap.max AS max,
       attributes.PeakUsage.value.properties.used AS old_gen_peak
