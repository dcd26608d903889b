// The tie `k` as the API's Relationship and Tie read it, as `tie`: its id, stored mass
// (strength now), kind, first and latest event and interactions. Not the projector's
// bookkeeping on it (open claims, the classification history, the connection claim): the
// driver converts every datetime it returns one by one, and those are most of a tie's.
// Its two instants come as [epoch seconds, nanosecond], or null (`api.loaders.tie_times`
// makes them datetimes): the driver's conversion of a DATETIME was the dearest part of
// reading a page. The seconds are those of the instant truncated to the second, as
// `epochSeconds` of an instant with a fraction before 1970 rounds towards zero.
// Keeps every variable.
WITH *, k {.id, .m, .kind, .interactions,
           since: [at IN [k.since] WHERE at IS NOT NULL
                   | [datetime.truncate('second', at).epochSeconds, at.nanosecond]][0],
           last_at: [at IN [k.last_at] WHERE at IS NOT NULL
                     | [datetime.truncate('second', at).epochSeconds, at.nanosecond]][0]
          } AS tie
