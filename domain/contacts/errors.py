"""What is wrong with a file being imported: stops the import before anything is written."""

from __future__ import annotations

from domain.errors import DomainError


class ImportFileError(DomainError):
    """The file cannot be imported; `line` says where when one line is at fault."""

    code = "IMPORT_FILE_INVALID"

    def __init__(self, message: str, line: int | None = None) -> None:
        where = f"Line {line}: " if line is not None else ""
        super().__init__(f"{where}{message} Nothing was written.",
                         **({"line": str(line)} if line is not None else {}))
        self.line = line
