"""The one visibility rule: a private field is for the people its declaration names (and
readers of everything); every other field is for anyone who may read the event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.audit import AuditEntry
from domain.visibility import MaySee, may_read, private_fields, visible_trail

PEOPLE = ("giver", "receiver", "prospect", "stranger")


def seen_by(viewer: str) -> MaySee:
    return lambda people: viewer in people


@pytest.mark.parametrize("viewer", PEOPLE)
def test_a_referrals_note_and_prospect_are_for_its_giver_and_receiver(viewer: str) -> None:
    roles = {"giver": "giver", "receiver": "receiver", "prospect": "prospect"}
    for field in ("note", "prospect_name"):
        assert may_read("ReferralGiven", field, roles, seen_by(viewer)) == (
            viewer in ("giver", "receiver"))
    assert may_read("ReferralGiven", "prospect", roles, seen_by(viewer))  # not private


def test_a_subjects_field_is_theirs_and_a_pairs_field_both_of_theirs() -> None:
    assert may_read("BrokeringPreferenceSet", "note", {}, seen_by("ana"), subject="ana")
    assert not may_read("BrokeringPreferenceSet", "note", {}, seen_by("ben"), subject="ana")
    pair = {"a": "ana", "b": "ben"}
    assert may_read("Met", "context", pair, seen_by("ben"))
    assert not may_read("Met", "context", pair, seen_by("cleo"))


@pytest.mark.parametrize("viewer", PEOPLE)
def test_the_audit_trail_blanks_exactly_what_may_read_refuses(viewer: str) -> None:
    attributes = {"giver": "giver", "receiver": "receiver", "prospect": "prospect",
                  "prospect_name": "Cleo", "note": "unhappy", "at": "2024-01-01"}
    when = datetime(2024, 1, 1, tzinfo=UTC)
    entry = AuditEntry(event="ReferralGiven", event_id="e1", aggregate_id="r1", version=1,
                       at=when, recorded_at=when, recorded_by="giver", attributes=attributes)
    (shown,) = visible_trail([entry], seen_by(viewer))
    for field, value in attributes.items():
        allowed = may_read("ReferralGiven", field, attributes, seen_by(viewer), "r1")
        assert shown.attributes[field] == (value if allowed else None)
    assert set(private_fields()["ReferralGiven"]) == {"prospect_name", "note"}
