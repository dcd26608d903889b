"""A synthetic business network for `goodwill generate` and the benchmarks: a pure,
seeded plan (`synthetic.plan`, drawing words from `synthetic.names`) and the loader that
writes it through the domain's commands (`synthetic.load`). Below `api/` and `bench/`:
it imports only the domain."""
