# SPDX-License-Identifier: GPL-2.0-or-later
"""sfsmount.py -- shared harness of the scstfs integration tests.

    import sfsmount
    m = sfsmount.Mount("--cpus", "2")      # scstfs -f --ctl SOCK ... on a temp dir
    sfsmount.read(m, "version")            # content, or "!open:EACCES" / "!read:EINVAL"
    sfsmount.write(m, "threads", "4")      # bytes written, or "!open:E..." / "!write:E..."
    sfsmount.status(m, "threads", "4")     # "OK", or "!open:E..." / "!write:E..."
    sfsmount.exists(m, "devices/d0")       # lexists(); sfsmount.link(m, rel): readlink()
    m.ctl("writes-total")                  # control command; raises on "error: ..."
    m.ctl_rc("session-add", ...)           # (exit status, stdout+stderr)
    sfsmount.check("name", got, want)      # prints ok/FAIL, records failures
    m.close()

Env: SCSTFS (emulator), SCSTFS_CTL_BIN (control client); meson passes both.
"""
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import time

SCSTFS = os.environ.get("SCSTFS", "build/emu/scstfs/scstfs")
CTL_BIN = os.environ.get("SCSTFS_CTL_BIN", "build/emu/scstfs/scstfs-ctl")

failures = []


def skip(why):
    """Exit 77 (meson SKIP) with a reason."""
    print("SKIP: " + why)
    sys.exit(77)


def require_fuse():
    """Skip unless /dev/fuse, fusermount3 and root are there."""
    if not os.path.exists("/dev/fuse"):
        skip("/dev/fuse missing")
    if os.geteuid() != 0:
        skip("needs root")
    if not shutil.which("fusermount3"):
        skip("fusermount3 missing")


class Mount:
    """A scstfs instance in the foreground on a temporary directory."""

    def __init__(self, *opts, prefix="scstfs-test."):
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.mnt = os.path.join(self.tmp, "mnt")
        self.sock = os.path.join(self.tmp, "ctl.sock")
        os.mkdir(self.mnt)
        self.proc = subprocess.Popen([SCSTFS, "-f", "--ctl", self.sock, *opts, self.mnt])
        for _ in range(200):
            if os.path.ismount(self.mnt) and os.path.exists(self.sock):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError("scstfs did not mount")

    def path(self, rel):
        return os.path.join(self.mnt, rel)

    def ctl_rc(self, *args):
        r = subprocess.run([CTL_BIN, self.sock, *map(str, args)], capture_output=True,
                           text=True)
        return r.returncode, (r.stdout + r.stderr).strip()

    def ctl(self, *args):
        r = subprocess.run([CTL_BIN, self.sock, *map(str, args)], capture_output=True,
                           text=True)
        if r.returncode:
            raise RuntimeError("scstfs-ctl %s: %s" % (" ".join(map(str, args)), r.stderr.strip()))
        return r.stdout

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if os.path.ismount(self.mnt):
            subprocess.run(["fusermount3", "-uz", self.mnt])
        shutil.rmtree(self.tmp, ignore_errors=True)


def read(m, rel):
    """Content, or the errno name of the failing open/read ("!open:EACCES")."""
    try:
        fd = os.open(m.path(rel), os.O_RDONLY)
    except OSError as e:
        return "!open:" + errno.errorcode[e.errno]
    try:
        data = b""
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return data.decode()
            data += chunk
    except OSError as e:
        return "!read:" + errno.errorcode[e.errno]
    finally:
        os.close(fd)


def write(m, rel, data, flags=os.O_WRONLY):
    """One write(): the count written, or "!open:E..." / "!write:E..."."""
    if isinstance(data, str):
        data = data.encode()
    try:
        fd = os.open(m.path(rel), flags)
    except OSError as e:
        return "!open:" + errno.errorcode[e.errno]
    try:
        return os.write(fd, data)
    except OSError as e:
        return "!write:" + errno.errorcode[e.errno]
    finally:
        os.close(fd)


def status(m, rel, data, flags=os.O_WRONLY):
    """One write(): "OK", or "!open:E..." / "!write:E..." as write() gives."""
    r = write(m, rel, data, flags)
    return "OK" if isinstance(r, int) else r


def exists(m, rel):
    """Whether @rel exists (a link counts, followed or not)."""
    return os.path.lexists(m.path(rel))


def link(m, rel):
    """The text of the link @rel."""
    return os.readlink(m.path(rel))


def check(name, got, want):
    """Compare; print "ok"/"FAIL" and remember failures."""
    if got == want:
        print("ok   %s" % name)
    else:
        print("FAIL %s: got %r, want %r" % (name, got, want))
        failures.append(name)


def finish():
    """Exit status for the end of a test: 0, or 1 after listing failures."""
    if failures:
        print("%d check(s) failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    return 0
