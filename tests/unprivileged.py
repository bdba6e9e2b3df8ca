"""Run `campaign` as a user whom file permissions bind.

Root ignores file modes, and CI runs the suite as root: a test of a
read-only store or folder then runs the command as `nobody` (setuid in the
child before exec). The interpreter must be one that user can execute: this
one when it can, else the system's `python3.X` of the same version with this
environment's site-packages added (a pyenv under /root is not reachable).
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
import subprocess
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ENTRY = ("import sys, site; site.addsitedir(sys.argv.pop(1)); "
         "from campaign_cli.__main__ import main; sys.argv[0] = 'campaign'; main()")


@lru_cache(maxsize=1)
def _user() -> pwd.struct_passwd:
    return pwd.getpwnam("nobody")


def _as_user():
    user = _user()

    def drop() -> None:
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    return drop


@lru_cache(maxsize=1)
def interpreter() -> str:
    """A Python the unprivileged user can run, with campaign importable."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, shutil.which(version), f"/usr/bin/{version}", shutil.which("python3")]
    site = sysconfig.get_paths()["purelib"]
    for candidate in filter(None, candidates):
        if not IS_ROOT:
            return candidate
        try:
            done = subprocess.run([candidate, "-c", ENTRY.replace("main()", "print('ok')"), site],
                                  capture_output=True, text=True, preexec_fn=_as_user(), cwd="/", timeout=60)
        except OSError:  # this user may not even run it
            continue
        if done.returncode == 0 and done.stdout.strip() == "ok":
            return candidate
    raise AssertionError("no Python interpreter that the user nobody can run (with this version's site-packages); "
                         f"tried {candidates}")


def open_folder() -> Path:
    """A new folder in /tmp that the unprivileged user can reach (0755)."""
    folder = Path(tempfile.mkdtemp(prefix="campaign-ro-", dir="/tmp"))
    folder.chmod(0o755)
    return folder


def give(path: Path) -> None:
    """Make `path` the unprivileged user's own (as root), like a file they made."""
    if IS_ROOT:
        os.chown(path, _user().pw_uid, _user().pw_gid)


def campaign(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run `campaign ARGS` as the unprivileged user (or as this user when not root)."""
    env = dict(os.environ, CAMPAIGN_LANG="en", HOME="/tmp")
    env.pop("PYTHONPATH", None)
    command = [interpreter(), "-c", ENTRY, sysconfig.get_paths()["purelib"], *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd="/tmp",
                          preexec_fn=_as_user() if IS_ROOT else None, timeout=120, **kwargs)
