// The people carrying the tag $value, as `p`, found through the full-text index
// `person_tags` rather than by reading every Person: its keyword analyzer keeps each tag
// one term, matched whole and case-sensitively, so the tag is asked for as one quoted
// phrase with its backslashes and quotes escaped. `$value IN p.tags` keeps the answer
// exactly the tag's people whatever the index returns.
CALL db.index.fulltext.queryNodes('person_tags',
       '"' + replace(replace($value, '\\', '\\\\'), '"', '\\"') + '"') YIELD node AS p
WITH p WHERE $value IN p.tags
