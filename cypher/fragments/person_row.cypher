// The card of `person` the API's person loader keeps, as `row`: every property a Person
// field reads (a missing one is null). Keeps every variable.
WITH *, person {.id, .name, .headline, .organization, .tags, .accepts_introductions,
                .brokering_note, .given, .given_unconfirmed, .received, .influence,
                .brokerage, .forgotten} AS row
