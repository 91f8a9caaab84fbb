#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""with-scstfs-test.py -- tools/with-scstfs runs programs with the sysfs
path built in against scstfs, and cleans up on exit and on signals.

Env: WITH_SCSTFS (the script), SCSTFS (the emulator), SCSTFS_CTL_BIN.
Exit: 0 passed, 1 failed, 77 skipped (no /dev/fuse, unshare or root).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from sfsmount import check, finish

WITH = os.environ.get("WITH_SCSTFS", "tools/with-scstfs")
CTL_BIN = os.environ.get("SCSTFS_CTL_BIN", "build/emu/scstfs/scstfs-ctl")
MNT = "/sys/kernel/scst_tgt"


def run(*args):
    r = subprocess.run([WITH, *args], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout


def procs_mentioning(text):
    """PIDs whose command line contains @text."""
    pids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % p, "rb") as f:
                if text.encode() in f.read():
                    pids.append(int(p))
        except OSError:
            pass
    return pids


def signal_cleanup(sig):
    """Start a long CMD, signal with-scstfs, check that everything is gone."""
    tmp = tempfile.mkdtemp(prefix="with-scstfs-test.")
    note = os.path.join(tmp, "ctl")
    p = subprocess.Popen([WITH, "sh", "-c", 'echo "$SCSTFS_CTL" > %s; exec sleep 60' % note])
    try:
        for _ in range(200):
            if os.path.exists(note) and os.path.getsize(note):
                break
            time.sleep(0.05)
        with open(note) as f:
            ctl = f.read().strip()
        check("%s: scstfs serves %s" % (sig.name, ctl), bool(procs_mentioning(ctl)), True)
        t0 = time.monotonic()
        p.send_signal(sig)
        rc = p.wait(20)
        check("%s: exit status 128+signal" % sig.name, rc, 128 + sig.value)
        check("%s: quick exit" % sig.name, time.monotonic() - t0 < 10, True)
        time.sleep(0.2)
        check("%s: scstfs is gone" % sig.name, procs_mentioning(ctl), [])
        check("%s: temp dir removed" % sig.name, os.path.exists(os.path.dirname(ctl)), False)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not os.path.exists("/dev/fuse") or os.geteuid() != 0 or not shutil.which("unshare"):
        print("SKIP: needs root, /dev/fuse and unshare(1)")
        return 77
    host_had_mnt = os.path.exists(MNT)
    rc, out = run("sh", "-c", "mountpoint -q %s && echo mounted" % MNT)
    check("scstfs is mounted at %s" % MNT, (rc, out), (0, "mounted\n"))
    rc, out = run("cat", MNT + "/last_sysfs_mgmt_res")
    if rc == 0:
        check("hard-coded path: cat %s/last_sysfs_mgmt_res" % MNT, out, "0\n")
        rc, out = run("--cpus", "4", "--", "cat", MNT + "/threads")
        check("scstfs options before --", (rc, out), (0, "4\n"))
    else:
        print("skip content checks (core.c not there yet)")
    rc, out = run("sh", "-c", "exit 7")
    check("exit status of CMD", rc, 7)
    rc, out = run("sh", "-c", '%s "$SCSTFS_CTL" writes-total' % CTL_BIN)
    check("SCSTFS_CTL reaches the control socket", (rc, out), (0, "0\n"))
    r = subprocess.run([WITH, "cat"], input="stdin passes\n", capture_output=True, text=True,
                       timeout=60)
    check("CMD keeps stdin", r.stdout, "stdin passes\n")
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal_cleanup(sig)
    check("the host namespace is untouched", os.path.exists(MNT), host_had_mnt)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
