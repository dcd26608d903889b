from __future__ import annotations

from domain import errors


def test_codes_are_unique_and_stable() -> None:
    codes = [cls.code for cls in errors.ALL_ERRORS]
    assert len(codes) == len(set(codes))
    assert {
        "UNKNOWN_PERSON", "PERSON_FORGOTTEN", "SELF_RELATIONSHIP", "NOT_A_PARTICIPANT",
        "INVALID_TRANSITION", "UNCONFIRMABLE_THANKS", "UNKNOWN_EVENT", "FUTURE_EVENT",
        "INVALID_INPUT", "UNKNOWN_AGGREGATE", "NOT_A_MEMBER", "CONCURRENT_UPDATE",
    } <= set(codes)
    defined = {
        value for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.DomainError)
        and value is not errors.DomainError
    }
    assert defined == set(errors.ALL_ERRORS)


def test_errors_read_well() -> None:
    error = errors.UnknownPerson("No person with id 42.", person="42")
    assert (error.code, error.message, error.details) == (
        "UNKNOWN_PERSON", "No person with id 42.", {"person": "42"})
    assert str(error) == "UNKNOWN_PERSON: No person with id 42."
    assert isinstance(error, errors.DomainError)
