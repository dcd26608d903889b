// The tie `k` as the API's Relationship and Tie read it, as `tie`: its id, stored mass
// (strength now), kind, first and latest event and interactions. Not the projector's
// bookkeeping on it (open claims, the classification history, the connection claim): the
// driver converts every datetime it returns one by one, and those are most of a tie's.
// Keeps every variable.
WITH *, k {.id, .m, .kind, .since, .last_at, .interactions} AS tie
