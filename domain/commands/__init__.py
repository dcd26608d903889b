"""Command methods of the Goodwill application, one module per aggregate."""
