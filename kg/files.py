"""Reading input files that may be anything: a directory, a device, binary data, or far too large.

Used wherever a file from outside comes in: a report (parsing), the curated layer and the argument maps
(the graph), a query file (SPARQL).

Every refusal is an :class:`InputFileError` that names the file and what is
wrong with it, so a command can print it as one line.
"""

from __future__ import annotations

from pathlib import Path

MAX_INPUT_BYTES = 50 << 20


class InputFileError(ValueError):
    """An input file that cannot be read as UTF-8 text of a sensible size."""


def read_text(path: Path, what: str, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """The file's text, read as UTF-8; refuses what is not a regular file, too large, or not UTF-8.

    >>> read_text(Path("/dev/zero"), "report")
    Traceback (most recent call last):
    kg.files.InputFileError: /dev/zero: the report is not a regular file
    """
    if not path.exists():
        raise InputFileError(f"{path}: no such {what} file")
    if not path.is_file():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise InputFileError(f"{path}: the {what} is {kind}")
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputFileError(f"{path}: the {what} is larger than {max_bytes >> 20} MB")
    if b"\x00" in data:
        raise InputFileError(f"{path}: the {what} is binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputFileError(f"{path}: line {line}: the {what} is not UTF-8 text (byte 0x{data[err.start]:02x})") from None
