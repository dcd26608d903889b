"""Words for synthetic people, organisations and groups. Small fixed lists: combined with a
seeded generator they give enough variety for search and display without any data files."""

from __future__ import annotations

FIRST = (
    "Ada", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ines", "Jonas",
    "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    "Ursula", "Vikram", "Wen", "Ximena", "Yusuf", "Zofia", "Aiko", "Bruno", "Carmen", "Dara",
    "Emil", "Fatima", "Grace", "Hugo", "Ivan", "Julia", "Kai", "Layla", "Marek", "Noor",
)
LAST = (
    "Achebe", "Berg", "Castro", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ibrahim",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn",
    "Rossi", "Schmidt", "Tanaka", "Urban", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
    "Almeida", "Brennan", "Costa", "Dvořák",
)
ROLES = (
    "Founder", "Accountant", "Lawyer", "Designer", "Consultant", "Engineer", "Architect",
    "Financial adviser", "Recruiter", "Marketing lead", "Sales director", "Coach",
    "Insurance broker", "Photographer", "Printer", "Banker", "Developer", "Chef",
)
INDUSTRIES = (
    "fintech", "health", "legal", "design", "logistics", "retail", "energy", "ai",
    "real-estate", "hospitality", "manufacturing", "education", "media", "insurance",
    "construction", "agritech",
)
ORG_WORDS = (
    "Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
    "Acme", "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Oscorp", "Gringotts", "Monarch",
    "Pied Piper", "Blue Sun", "Virtucon", "Massive Dynamic",
)
ORG_SUFFIX = ("Partners", "Labs", "Group", "& Co", "Consulting", "Logistics", "Studio", "GmbH",
              "Ltd", "Capital")
GROUP_WORDS = ("Breakfast", "Referral", "Founders", "Givers", "Lunch", "Circle", "Guild",
               "Table", "Network", "Forum")
CONTEXTS = ("coffee", "lunch", "conference", "call", "workshop", "site visit", "dinner",
            "trade fair")
HELP_KINDS = ("advice", "introduction", "review", "mentoring", "contract", "hiring",
              "loan of a van", "feedback")
