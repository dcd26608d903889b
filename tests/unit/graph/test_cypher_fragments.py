"""A shared part of several statements lives once under cypher/fragments/; `cypher.load`
puts it in place of its include line, so every statement the product runs is whole."""

from __future__ import annotations

from importlib import resources

import cypher

TIE_DEPOSITS = ["queries/asof_ties", "queries/asof_ties_of_pairs", "queries/tie_deposits",
                "queries/warm_paths_expand_as_of", "jobs/influence_ties_as_of"]


def _raw(name: str) -> str:
    return resources.files("cypher").joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def test_an_include_line_is_replaced_by_the_fragment_text() -> None:
    fragment = _raw("fragments/tie_deposits").rstrip("\n")
    for name in TIE_DEPOSITS:
        raw, loaded = _raw(name), cypher.load(name)
        assert "// include fragments/tie_deposits" in raw
        assert "// include " not in loaded
        assert fragment in loaded
        assert loaded.count("OPTIONAL MATCH (p)-[e:MET|HELPED|THANKED|REFERRED]-(q)") == 1


def test_statements_without_includes_load_as_written() -> None:
    assert cypher.load("queries/person_names") == _raw("queries/person_names")


def test_no_statement_keeps_its_own_copy_of_a_fragment() -> None:
    """The fragment's first subquery appears in no statement file, only in the fragment."""
    marker = "OPTIONAL MATCH (p)-[e:MET|HELPED|THANKED|REFERRED]-(q)"
    root = resources.files("cypher")
    copies = [name for folder in ("queries", "jobs", "projection", "analyst", "admin")
              for name in (f"{folder}/{n}" for n in cypher.names(folder))
              if marker in _raw(name)]
    assert copies == []
    assert root.joinpath("fragments/tie_deposits.cypher").is_file()
