"""The queries behind the GraphQL reads: warm introductions, fading ties, portfolio,
pending introductions, ties and ledgers as of an instant, influencers. Each reads through
`graph.reads`."""
