"""Bringing a network in from real files (a LinkedIn export, …): read each file into
contacts, plan what they mean against the people already here (matched on their
identifiers), then apply that plan as the importing person."""
