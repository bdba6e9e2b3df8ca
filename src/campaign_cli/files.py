"""The one way the tool writes a file a user asked for (SPEC §6, reliability).

Exports, reports, backups, rejects sheets, extracted evidence and reminders
all land here. Each is written to a new temporary file created exclusively
in the target folder (O_EXCL | O_NOFOLLOW, an unpredictable name, mode 0600
so it gets the store's permissions unless the umask is stricter), fsynced,
then renamed over the target. A rename replaces a symlink planted at the
target instead of following it, and the exclusive create refuses one planted
at the temporary name, so no file outside is ever touched; a crash leaves
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from campaign_cli.errors import UserError

MODE = 0o600
_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
          | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file to write `path` through; it appears there whole on success."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        fd = os.open(temporary, _FLAGS, MODE)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def write_file(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` safely (see the module's docstring)."""
    with writing(path) as out:
        out.write(data)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is; not every
    # platform can open a folder (Windows), and then the rename is all we have.
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(path: Path, exc: OSError) -> UserError:
    return UserError("core.cannot_write", file=str(path), reason=exc.strerror or str(exc))
