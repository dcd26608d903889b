"""Settings of Goodwill, for every entry point: `config.load()` → `config.Settings`.

The lowest layer: imports nothing else of the project, so the domain, the projections, the
API and the benchmarks all read their settings here, from the environment first, then the
`.env` file in the working directory (or the file named by GOODWILL_ENV_FILE).
"""

from config.env_file import ENV_FILE_VARIABLE, append, env_file_path
from config.settings import Neo4jSettings, Settings, SettingsError, load

__all__ = [
    "ENV_FILE_VARIABLE",
    "Neo4jSettings",
    "Settings",
    "SettingsError",
    "append",
    "env_file_path",
    "load",
]
