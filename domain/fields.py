"""The fields of Goodwill's commands and events: what each holds, its doc, and whose
personal data it is. Commands and events both use these, so a field is decided once
(`Personal(...)` names the people it is about — by their role in the aggregate — or
SUBJECT, the person themself, or PAIR, both people of a tie; `Plain()` says it holds no
personal data)."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from domain.declarations import PAIR, SUBJECT, Choice, Doc, Personal, Plain

# People
PersonName: TypeAlias = Annotated[str, Personal(SUBJECT), Doc("How people know them.")]
Headline: TypeAlias = Annotated[str, Personal(SUBJECT), Doc("One line on what they do.")]
Organization: TypeAlias = Annotated[str | None, Personal(SUBJECT), Doc("Where they work.")]
Tags: TypeAlias = Annotated[list[str], Personal(SUBJECT), Doc("Words people search them by.")]
BrokeringNote: TypeAlias = Annotated[str, Personal(SUBJECT), Doc("What to ask them for.")]
# Identifiers (domain/identifiers.py normalises them): what imports match people on
Emails: TypeAlias = Annotated[list[str], Personal(SUBJECT),
                              Doc("E-mail addresses (stored case-folded).")]
Phones: TypeAlias = Annotated[list[str], Personal(SUBJECT),
                              Doc("Phone numbers in E.164, e.g. +351912345678.")]
Profiles: TypeAlias = Annotated[list[str], Personal(SUBJECT),
                                Doc("LinkedIn profile URLs (stored as linkedin.com/in/<name>).")]

# Relationships
Source: TypeAlias = Annotated[Literal["met", "imported", "introduced"], Plain(),
                              Doc("How they came to know each other.")]
TieContext: TypeAlias = Annotated[str, Personal(PAIR), Doc("Where, or what about.")]
HelpKind: TypeAlias = Annotated[str, Plain(), Doc("advice, a contact, work, …")]
HelpNote: TypeAlias = Annotated[str, Personal("giver", "receiver"), Doc("What the help was.")]
TieKind: TypeAlias = Annotated[Literal["personal", "functional", "strategic"],
                               Choice("RelationshipKind"), Doc("The kind of relationship.")]

# Introductions
Message: TypeAlias = Annotated[str, Personal("requester", "target", "broker"),
                               Doc("What to tell the broker.")]
IntroductionContext: TypeAlias = Annotated[str, Personal("broker", "a", "b"),
                                           Doc("Why they should meet.")]
DeclineReason: TypeAlias = Annotated[str, Personal("requester", "broker"),
                                     Doc("Why not, for the requester.")]
RefusalReason: TypeAlias = Annotated[str, Personal("broker", "a", "b"),
                                     Doc("Why not, for the broker and the other person.")]

# Referrals
ProspectName: TypeAlias = Annotated[str, Personal("giver", "receiver"),
                                    Doc("The prospect's name, when they are not here.")]
ReferralNote: TypeAlias = Annotated[str, Personal("giver", "receiver"),
                                    Doc("Private to giver and receiver.")]
ReferralReason: TypeAlias = Annotated[str, Personal("giver", "receiver"),
                                      Doc("Why, for the giver.")]
Currency: TypeAlias = Annotated[str, Plain(), Doc("ISO 4217, e.g. EUR.")]

# Groups
GroupName: TypeAlias = Annotated[str, Plain(), Doc("The group's name.")]
Purpose: TypeAlias = Annotated[str, Plain(), Doc("What the group is for.")]
MemberRole: TypeAlias = Annotated[str, Plain(), Doc('"member" or "leader".')]
Needs: TypeAlias = Annotated[str, Personal("client"), Doc("What the client needs.")]
ServiceNote: TypeAlias = Annotated[str, Personal("member", "client"), Doc("What was done.")]
