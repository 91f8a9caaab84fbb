#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""engine-test.py -- integration tests of the scstfs engine (FUSE mount).

Mounts scstfs (env SCSTFS, control client SCSTFS_CTL_BIN) on a temporary
directory with a control socket and checks the engine's kernfs rules and
test knobs against root files of the emulated tree (version,
last_sysfs_mgmt_res, threads, setup_id; spec scst-sysfs.md §1.2, §1.4,
§2.1).  Checks that need a vdisk_nullio handler (4096 cut, writes to a
removed node) run when handlers/vdisk_nullio/mgmt exists.

Exit: 0 all passed, 1 a check failed, 77 skipped (no /dev/fuse, not
root, or the core module is not there yet).
"""
import errno
import os
import stat
import sys
import time

from sfsmount import Mount, check, finish, read, require_fuse, skip, write


def test_modes(m):
    """kernfs: EACCES by mode bits even for root; sizes; no namespace changes (§1.2)."""
    st = os.lstat(m.mnt)
    check("root is a 0755 dir", (stat.S_ISDIR(st.st_mode), stat.S_IMODE(st.st_mode)), (True, 0o755))
    st = os.lstat(m.path("version"))
    check("version is 0444, size 4096", (stat.S_IMODE(st.st_mode), st.st_size, st.st_uid),
          (0o444, 4096, 0))
    check("version opens O_WRONLY: EACCES", write(m, "version", "x"), "!open:EACCES")
    check("version opens O_RDWR: EACCES", write(m, "version", "x", os.O_RDWR), "!open:EACCES")
    check("access(W_OK) as root says yes", os.access(m.path("version"), os.W_OK), True)
    check("version reads", read(m, "version").startswith("SCST version:"), True)
    check("last_sysfs_mgmt_res starts at 0", read(m, "last_sysfs_mgmt_res"), "0\n")
    check("missing file: ENOENT", write(m, "nosuchfile", "x"), "!open:ENOENT")
    check("O_CREAT of a new name: EACCES",
          write(m, "newfile", "x", os.O_WRONLY | os.O_CREAT), "!open:EACCES")
    check("O_TRUNC is ignored", write(m, "setup_id", "0x0", os.O_WRONLY | os.O_TRUNC), 3)
    try:
        os.truncate(m.path("setup_id"), 0)
        res = "ok"
    except OSError as e:
        res = errno.errorcode[e.errno]
    check("truncate() succeeds and does nothing", (res, read(m, "setup_id")), ("ok", "0x0\n"))
    for what, fn in (("mkdir", lambda: os.mkdir(m.path("d"))),
                     ("unlink", lambda: os.unlink(m.path("setup_id"))),
                     ("rmdir", lambda: os.rmdir(m.path("sgv"))),
                     ("rename", lambda: os.rename(m.path("setup_id"), m.path("x"))),
                     ("symlink", lambda: os.symlink("version", m.path("l"))),
                     ("chmod", lambda: os.chmod(m.path("setup_id"), 0o600))):
        try:
            fn()
            res = "ok"
        except OSError as e:
            res = errno.errorcode[e.errno]
        check(what + ": EPERM", res, "EPERM")


def test_writes(m):
    """One write() = one store(); zero-length; the work result (§1.2, §1.4, scenario 04)."""
    m.ctl("counters-reset")
    check("zero-length write returns 0", write(m, "threads", ""), 0)
    check("zero-length write calls no store()", m.ctl("writes-total"), "0\n")
    check("threads 4 (work)", write(m, "threads", "4"), 1)
    check("threads reads 4", read(m, "threads"), "4\n[key]\n")
    check("threads 0: EINVAL before the work", write(m, "threads", "0"), "!write:EINVAL")
    check("sync failure leaves last_sysfs_mgmt_res", read(m, "last_sysfs_mgmt_res"), "0\n")
    check("writes-total counts store() calls", m.ctl("writes-total"), "2\n")
    read(m, "version")
    read(m, "version")
    check("counters: R W path, sorted", m.ctl("counters"),
          "1 0 last_sysfs_mgmt_res\n1 2 threads\n2 0 version\n")
    check("counters GLOB", m.ctl("counters", "thr*"), "1 2 threads\n")
    write(m, "threads", "2")


def test_fail_knobs(m):
    """fail-nth, fail-path: the write fails without store()."""
    m.ctl("counters-reset")
    m.ctl("fail-nth", 2, "EIO")
    check("fail-nth: 1st write passes", write(m, "setup_id", "0x1"), 3)
    check("fail-nth: 2nd write fails", write(m, "setup_id", "0x2"), "!write:EIO")
    check("fail-nth: value kept", read(m, "setup_id"), "0x1\n[key]\n")
    check("fail-nth: 3rd write passes", write(m, "setup_id", "0x0"), 3)
    check("fail-nth: no store() for the failed write", m.ctl("writes-total"), "2\n")
    m.ctl("fail-path", "set*", "EBUSY", 1)
    check("fail-path matches", write(m, "setup_id", "0x5"), "!write:EBUSY")
    check("fail-path COUNT runs out", write(m, "setup_id", "0x0"), 3)
    m.ctl("fail-path", "threads", 16)
    check("fail-path numeric errno", write(m, "threads", "3"), "!write:EBUSY")
    check("fail-path leaves other paths", write(m, "setup_id", "0x0"), 3)
    m.ctl("fail-clear")
    check("fail-clear", write(m, "threads", "2"), 1)


def test_async_knobs(m):
    """slow / eagain-ms / always-eagain: deferred work and last_sysfs_mgmt_res (§1.4)."""
    m.ctl("eagain-ms", 300)
    m.ctl("slow", 900)
    t0 = time.monotonic()
    res = write(m, "threads", "3")
    dt = time.monotonic() - t0
    check("slow >= eagain-ms: EAGAIN", res, "!write:EAGAIN")
    check("slow >= eagain-ms: the writer waited eagain-ms", 0.25 <= dt < 0.85, True)
    check("deferred work: old state visible", read(m, "threads"), "2\n")
    check("deferred work: last_res EAGAIN", read(m, "last_sysfs_mgmt_res"), "!read:EAGAIN")
    check("pending", m.ctl("pending"), "1\n")
    time.sleep(0.8)
    check("deferred work completed: last_res", read(m, "last_sysfs_mgmt_res"), "0\n")
    check("deferred work completed: new state", read(m, "threads"), "3\n[key]\n")

    m.ctl("eagain-ms", 2000)
    m.ctl("slow", 200)
    t0 = time.monotonic()
    res = write(m, "threads", "2")
    dt = time.monotonic() - t0
    check("slow < eagain-ms: the write blocks and succeeds", (res, dt >= 0.18), (1, True))
    check("slow < eagain-ms: state applied", read(m, "threads"), "2\n")
    check("slow: synchronous check still fails at once", write(m, "threads", "0"), "!write:EINVAL")
    check("slow: synchronous stores are not delayed", write(m, "setup_id", "0x0"), 3)
    m.ctl("slow", 0)

    m.ctl("always-eagain", "on")
    m.ctl("eagain-delay", 150)
    check("always-eagain: work returns EAGAIN", write(m, "threads", "5"), "!write:EAGAIN")
    check("always-eagain: last_res EAGAIN", read(m, "last_sysfs_mgmt_res"), "!read:EAGAIN")
    check("always-eagain: sync write unaffected", write(m, "setup_id", "0x0"), 3)
    time.sleep(0.3)
    check("always-eagain: completes", (read(m, "last_sysfs_mgmt_res"), read(m, "threads")),
          ("0\n", "5\n[key]\n"))
    check("always-eagain: EINVAL before the work", write(m, "threads", "-1"), "!write:EINVAL")
    m.ctl("always-eagain", "off")
    write(m, "threads", "2")


def test_nullio(m):
    """4096-byte cut (scenario 49) and writes to a removed node (kernfs ENODEV)."""
    if not os.path.exists(m.path("handlers/vdisk_nullio/mgmt")):
        print("skip vdisk_nullio checks (handlers/vdisk_nullio not there yet)")
        return
    # As scenario 49 step 1: the first page ends on a complete item.
    cmd = "add_device c1 " + "t10_dev_id=x;" * 400
    check("write longer than a page: SHORT 4096", write(m, "handlers/vdisk_nullio/mgmt", cmd), 4096)
    check("the store saw the first page", read(m, "devices/c1/t10_dev_id"), "x\n[key]\n")
    fd = os.open(m.path("devices/c1/t10_dev_id"), os.O_WRONLY)
    fd2 = os.open(m.path("devices/c1/t10_dev_id"), os.O_RDONLY)
    try:
        check("del_device", write(m, "handlers/vdisk_nullio/mgmt", "del_device c1"), 13)
        try:
            os.write(fd, b"x")
            res = "ok"
        except OSError as e:
            res = errno.errorcode[e.errno]
        check("write through a handle of a removed node: ENODEV", res, "ENODEV")
        check("read through a handle of a removed node: the snapshot",
              os.read(fd2, 100).decode().startswith("x\n"), True)
    finally:
        os.close(fd)
        os.close(fd2)
    check("removed node is gone", os.path.exists(m.path("devices/c1")), False)


def absent(m, rel, what):
    """True (and a note) when @rel is not there yet, so the @what checks are skipped."""
    if os.path.exists(m.path(rel)):
        return False
    print("skip %s checks (%s not there yet)" % (what, os.path.dirname(rel)))
    return True


def test_kernel_cache(m):
    """The kernel caches entries and attributes: a change is never seen stale."""
    if absent(m, "handlers/vdisk_nullio/mgmt", "kernel-cache"):
        return
    mgmt = "handlers/vdisk_nullio/mgmt"
    NULLIO_SIZE = "2748779069440\n"

    def cached(rel):
        """Look at @rel and every entry beside it, so the kernel caches them."""
        d = os.path.dirname(m.path(rel))
        os.listdir(d)
        for e in os.scandir(d):
            e.stat(follow_symlinks=False)
        return os.path.lexists(m.path(rel))

    write(m, mgmt, "add_device k1")
    check("cached device", (cached("devices/k1"), cached("devices/k1/size"),
                            read(m, "devices/k1/size")), (True, True, NULLIO_SIZE))
    check("del_device", write(m, mgmt, "del_device k1"), 13)
    check("after del_device: devices/k1 gone at once",
          (os.path.lexists(m.path("devices/k1")), os.path.lexists(m.path("devices/k1/size"))),
          (False, False))
    check("after del_device: open gives ENOENT", read(m, "devices/k1/size"), "!open:ENOENT")
    check("after del_device: not listed", "k1" in os.listdir(m.path("devices")), False)
    write(m, mgmt, "add_device k1")
    check("re-added device is seen", (cached("devices/k1/size"), read(m, "devices/k1/size")),
          (True, NULLIO_SIZE))
    cwd = os.getcwd()
    os.chdir(m.path("devices/k1"))
    try:
        write(m, mgmt, "del_device k1")
        check("cwd in a removed directory: entries gone", os.path.lexists("size"), False)
    finally:
        os.chdir(cwd)

    # a target, a session from the control socket, a group: links are re-made
    t = "targets/iscsi/iqn.2026-01.cache:t1"
    if os.path.exists(m.path("targets/iscsi/mgmt")):
        write(m, mgmt, "add_device k2")
        write(m, "targets/iscsi/mgmt", "add_target iqn.2026-01.cache:t1")
        write(m, t + "/luns/mgmt", "add k2 0")
        m.ctl("session-add", "iscsi", "iqn.2026-01.cache:t1", "ini1")
        s = t + "/sessions/ini1"
        check("session cached", (cached(s + "/luns"), os.readlink(m.path(s + "/luns"))),
              (True, "../../luns"))
        write(m, t + "/ini_groups/mgmt", "create g")
        write(m, t + "/ini_groups/g/initiators/mgmt", "add ini1")
        check("re-bound session: new link text at once", os.readlink(m.path(s + "/luns")),
              "../../ini_groups/g/luns")
        m.ctl("session-del", "iscsi", "iqn.2026-01.cache:t1", "ini1")
        check("session-del: gone when the control command returns",
              os.path.lexists(m.path(s)), False)
        check("del_device takes the LUN", (cached(t + "/luns/0"),
                                           write(m, mgmt, "del_device k2"),
                                           os.path.lexists(m.path(t + "/luns/0"))),
              (True, 13, False))
        write(m, "targets/iscsi/mgmt", "del_target iqn.2026-01.cache:t1")
        check("del_target: gone", os.path.lexists(m.path(t)), False)

    # deferred work completes later, with nobody writing: still not stale
    write(m, mgmt, "add_device k3")
    cached("devices/k3/size")
    m.ctl("always-eagain", "on")
    m.ctl("eagain-delay", 150)
    try:
        check("deferred del_device: EAGAIN", write(m, mgmt, "del_device k3"), "!write:EAGAIN")
        check("deferred del_device: still there", os.path.lexists(m.path("devices/k3")), True)
        t0 = time.monotonic()
        while read(m, "last_sysfs_mgmt_res") == "!read:EAGAIN" and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        check("deferred del_device: gone once last_sysfs_mgmt_res says done",
              (read(m, "last_sysfs_mgmt_res"), os.path.lexists(m.path("devices/k3"))),
              ("0\n", False))
        check("deferred add_device: EAGAIN", write(m, mgmt, "add_device k3"), "!write:EAGAIN")
        time.sleep(0.4)
        check("deferred work completes by itself", os.path.lexists(m.path("devices/k3/size")),
              True)
    finally:
        m.ctl("always-eagain", "off")
    write(m, mgmt, "del_device k3")


def test_listing_cache(m):
    """The kernel caches listings and link texts: a change is seen once its write returns."""
    if absent(m, "targets/iscsi/mgmt", "listing-cache"):
        return
    mgmt = "handlers/vdisk_nullio/mgmt"
    t = "targets/iscsi/iqn.2026-01.cache:l1"
    luns = t + "/luns"

    def ls(rel):
        """List @rel twice (the first fills the kernel's cache, the second reads it)."""
        os.listdir(m.path(rel))
        return sorted(os.listdir(m.path(rel)))

    def dev_link(lun):
        """readlink() of LUN @lun's device link, twice (fill, then cached)."""
        os.readlink(m.path(luns + "/%s/device" % lun))
        return os.path.basename(os.readlink(m.path(luns + "/%s/device" % lun)))

    for d in ("l1", "l2"):
        write(m, mgmt, "add_device " + d)
    write(m, "targets/iscsi/mgmt", "add_target iqn.2026-01.cache:l1")
    write(m, luns + "/mgmt", "add l1 0")
    check("listing cached", ("l3" in ls("devices"), "l3" in ls("handlers/vdisk_nullio"),
                             ls(luns), dev_link(0)), (False, False, ["0", "mgmt"], "l1"))
    write(m, mgmt, "add_device l3")
    check("add_device: listed at once", ("l3" in ls("devices"),
                                         "l3" in ls("handlers/vdisk_nullio")), (True, True))
    write(m, mgmt, "del_device l3")
    check("del_device: unlisted at once", ("l3" in ls("devices"),
                                           "l3" in ls("handlers/vdisk_nullio")), (False, False))
    write(m, luns + "/mgmt", "add l2 1")
    check("LUN add: listed at once, link right", (ls(luns), dev_link(1)),
          (["0", "1", "mgmt"], "l2"))
    write(m, luns + "/mgmt", "replace l2 0")
    check("LUN replace: new device target at once", dev_link(0), "l2")
    write(m, luns + "/mgmt", "replace l1 0")
    check("LUN replace back: new device target at once", dev_link(0), "l1")
    write(m, luns + "/mgmt", "del 1")
    check("LUN del: unlisted at once", ls(luns), ["0", "mgmt"])
    check("del_device takes the LUN: unlisted at once",
          (write(m, mgmt, "del_device l1"), ls(luns)), (13, ["mgmt"]))

    # an open directory handle: rewinddir (a new listing from offset 0) sees the change
    fd = os.open(m.path("devices"), os.O_RDONLY | os.O_DIRECTORY)
    try:
        def fd_ls():
            os.lseek(fd, 0, os.SEEK_SET)
            return "l4" in os.listdir(fd)
        fd_ls()
        write(m, mgmt, "add_device l4")
        check("open handle: rewinddir lists the new device", fd_ls(), True)
        write(m, mgmt, "del_device l4")
        check("open handle: rewinddir drops the removed device", fd_ls(), False)
    finally:
        os.close(fd)

    # a listing read partly from the cache goes on in scstfs after the cache
    # lost its pages (an invalidation here): no entry is lost or repeated
    names = ["p%04d" % i for i in range(1500)]
    for d in names:
        write(m, mgmt, "add_device " + d)
    ls("devices")
    it = os.scandir(m.path("devices"))
    try:
        got = [next(it).name]
        write(m, mgmt, "add_device q1")
        got += [e.name for e in it]
    finally:
        it.close()
    check("listing resumed after its cache was dropped: every entry once",
          (len(got) == len(set(got)), len(set(names) - set(got))), (True, 0))
    for d in names + ["q1"]:
        write(m, mgmt, "del_device " + d)

    # sessions from the control socket
    sess = t + "/sessions"
    check("sessions cached", ls(sess), [])
    m.ctl("session-add", "iscsi", "iqn.2026-01.cache:l1", "ini1")
    check("session-add: listed when the control command returns", ls(sess), ["ini1"])
    m.ctl("session-del", "iscsi", "iqn.2026-01.cache:l1", "ini1")
    check("session-del: unlisted when the control command returns", ls(sess), [])

    # deferred work: the listing changes when last_sysfs_mgmt_res reports it done
    def done():
        t0 = time.monotonic()
        while read(m, "last_sysfs_mgmt_res") == "!read:EAGAIN" and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        return read(m, "last_sysfs_mgmt_res")

    m.ctl("always-eagain", "on")
    m.ctl("eagain-delay", 150)
    try:
        ls("devices")
        check("deferred add_device: EAGAIN", write(m, mgmt, "add_device l5"), "!write:EAGAIN")
        check("deferred add_device: not listed yet", "l5" in ls("devices"), False)
        check("deferred add_device: listed once done", (done(), "l5" in ls("devices")),
              ("0\n", True))
        check("deferred LUN add: EAGAIN", write(m, luns + "/mgmt", "add l5 3"), "!write:EAGAIN")
        check("deferred LUN add: listed once done", (done(), ls(luns)), ("0\n", ["3", "mgmt"]))
        check("deferred LUN replace: EAGAIN", write(m, luns + "/mgmt", "replace l2 3"),
              "!write:EAGAIN")
        check("deferred LUN replace: new target once done", (done(), dev_link(3)),
              ("0\n", "l2"))
        check("deferred del_device: EAGAIN", write(m, mgmt, "del_device l5"), "!write:EAGAIN")
        check("deferred del_device: unlisted once done", (done(), "l5" in ls("devices")),
              ("0\n", False))
        check("deferred LUN del: EAGAIN", write(m, luns + "/mgmt", "del 3"), "!write:EAGAIN")
        check("deferred LUN del: unlisted once done", (done(), ls(luns)), ("0\n", ["mgmt"]))
    finally:
        m.ctl("always-eagain", "off")
    write(m, "targets/iscsi/mgmt", "del_target iqn.2026-01.cache:l1")
    check("del_target: unlisted at once", "iqn.2026-01.cache:l1" in ls("targets/iscsi"), False)
    write(m, mgmt, "del_device l2")


def main():
    require_fuse()
    m = Mount("--stall-ms", "500", prefix="scstfs-engine.")
    try:
        if not os.path.exists(m.path("version")):
            skip("the root attributes (core.c) are not there yet")
        for t in (test_modes, test_writes, test_fail_knobs, test_async_knobs, test_nullio,
                  test_kernel_cache, test_listing_cache):
            print("# " + t.__doc__.splitlines()[0])
            t(m)
    finally:
        m.close()
    return finish()


if __name__ == "__main__":
    sys.exit(main())
