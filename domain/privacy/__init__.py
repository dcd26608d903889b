"""Personal data encrypted per person (crypto-shredding): see docs/privacy.md.

Every field an event declares `Personal(...)` is stored sealed under the keys of the people
it is about; forgetting a person destroys their key in the same transaction as
`PersonForgotten`, after which their fields read as erased everywhere."""
