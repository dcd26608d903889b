// The offline rebuild's empty lists (the import leaves out a property whose list is empty):
// set on the imported nodes by their key, after the constraints exist.
// Rows: {label: 'Person'|'Group'|'Introduction', key, props: {name: []}}.
UNWIND $rows AS r
CALL (r) {
  MATCH (n:Person {id: r.key}) WHERE r.label = 'Person'
  RETURN n
  UNION
  MATCH (n:Introduction {id: r.key}) WHERE r.label = 'Introduction'
  RETURN n
  UNION
  MATCH (n:Group {id: r.key}) WHERE r.label = 'Group'
  RETURN n
}
SET n += r.props
