"""The one way the tool writes a file a user asked for (SPEC §6, reliability).

Exports, reports, backups, rejects sheets, extracted evidence and reminders
all land here. Each is written to a new temporary file created exclusively
in the target folder (O_EXCL | O_NOFOLLOW, an unpredictable name, mode 0600
so it gets the store's permissions unless the umask is stricter), fsynced,
then renamed over the target. A rename replaces a symlink planted at the
target instead of following it, and the exclusive create refuses one planted
at the temporary name, so no file outside is ever touched; a crash leaves
the old file or the new one, never half of one.

A writer that needs a file *name* rather than a file (SQLite's backup API,
Alembic building a new store) gets one from `staging`: a file inside a new
private folder (0700, unpredictable name) beside the target, which nobody
else can enter, moved to the target on success.

What a crash (SIGKILL, power loss) can leave: the target is the old file or
the new one; a stray temporary with an unpredictable name
(`.NAME.<16 hex>.tmp`, or a folder `.NAME.<random>.staging`) may remain
beside it, never at the target's name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
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
    temporary = target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")
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


@contextlib.contextmanager
def staging(path: Path | str, *, replace: bool = True) -> Iterator[Path]:
    """A new empty file (0600) to write `path` through by name; moved to
    `path` when the block ends without an error. With `replace=False` an
    existing `path` (even a symlink) is never replaced: FileExistsError."""
    target = Path(path)
    if not replace and os.path.lexists(target):
        raise FileExistsError(str(target))
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging",
                                       dir=str(target.parent) if str(target.parent) else "."))
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        staged = folder / target.name
        os.close(os.open(staged, _FLAGS, MODE))
        yield staged
        _fsync_file(staged)
        if replace:
            os.replace(staged, target)
        else:
            _publish_new(staged, target)
    except FileExistsError:
        raise
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _sync_folder(target.parent)


def _publish_new(staged: Path, target: Path) -> None:
    """Move `staged` to `target` unless something is there already: a hard
    link fails on an existing name instead of replacing it."""
    try:
        os.link(staged, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (FAT, some shares): check, then rename.
        if os.path.lexists(target):
            raise FileExistsError(str(target)) from None
        os.replace(staged, target)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
