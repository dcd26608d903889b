// The KNOWS tie of each pair, for the relationship dataloader. $pairs: list of [a, b] with
// a < b (KNOWS is stored that way). Returns {a, b, tie} for the pairs that are connected.
UNWIND $pairs AS pair
MATCH (:Person {id: pair[0]})-[k:KNOWS]->(:Person {id: pair[1]})
// include fragments/tie_card
RETURN pair[0] AS a, pair[1] AS b, tie
