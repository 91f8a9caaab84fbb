#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""devices-test.py -- scstfs core, handlers, devices and ALUA on a FUSE mount.

Covers what the real-kernel scenarios do not record:
  * a VTL: tape and changer pass-through devices from --scsi-device
    (shared/configs/vtl-tape-changer-fc.conf), their handler modules,
    add_device / type mismatch / del_device (spec scst-sysfs.md §3.2, §6.3);
  * vdisk_blockio on fake block devices (--fake-file PATH=SIZE:block):
    size, ENOTBLK, EBUSY for a second opener (scenario 13 rules);
  * setup_id in new identities (spec §6.1), trace_level writes (§2.1);
  * ALUA: device membership goes away with the device (§5.3);
  * 10,000 vdisk_nullio devices created and deleted: the per-command cost
    must not grow with the number of devices (hashed lookups).

Env: SCSTFS (the emulator).  Exit: 0 passed, 1 failed, 77 skipped (no
/dev/fuse, fusermount3 or root).
"""
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import time

SCSTFS = os.environ.get("SCSTFS", "build/emu/scstfs/scstfs")
failures = []


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def check(name, got, want):
    if got == want:
        print("ok   %s" % name)
    else:
        print("FAIL %s: got %r, want %r" % (name, got, want))
        failures.append(name)


class Mount:
    """scstfs in the foreground on a temporary directory."""

    def __init__(self, *opts):
        self.tmp = tempfile.mkdtemp(prefix="scstfs-dev.")
        self.mnt = os.path.join(self.tmp, "mnt")
        os.mkdir(self.mnt)
        self.proc = subprocess.Popen([SCSTFS, "-f", *opts, self.mnt])
        for _ in range(200):
            if os.path.ismount(self.mnt):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError("scstfs did not mount")

    def close(self):
        subprocess.run(["fusermount3", "-u", self.mnt], capture_output=True)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, rel, text):
        """One write(); returns 0 or the errno name."""
        try:
            fd = os.open(os.path.join(self.mnt, rel), os.O_WRONLY)
        except OSError as e:
            return "open:" + errno.errorcode[e.errno]
        try:
            os.write(fd, text.encode())
            return 0
        except OSError as e:
            return errno.errorcode[e.errno]
        finally:
            os.close(fd)

    def read(self, rel):
        try:
            with open(os.path.join(self.mnt, rel), "rb") as f:
                return f.read().decode()
        except OSError as e:
            return errno.errorcode[e.errno]

    def exists(self, rel):
        return os.path.lexists(os.path.join(self.mnt, rel))

    def link(self, rel):
        return os.readlink(os.path.join(self.mnt, rel))


def test_vtl():
    m = Mount("--scsi-device", "7:0:0:0=changer", "--scsi-device", "7:0:1:0=tape",
              "--scsi-device", "7:0:2:0=tape")
    try:
        for h in ("dev_tape", "dev_tape_perf", "dev_changer", "scst_user"):
            check("vtl handler %s" % h, m.exists("handlers/" + h), True)
        check("vtl no dev_disk", m.exists("handlers/dev_disk"), False)
        check("vtl tape type", m.read("handlers/dev_tape/type"),
              "1 - Sequential-access device (e.g., magnetic tape)\n")
        check("vtl changer type", m.read("handlers/dev_changer/type"),
              "8 - Medium changer device (e.g., jukeboxes)\n")
        check("vtl scst_user no mgmt", m.exists("handlers/scst_user/mgmt"), False)
        check("vtl none: no handler link", m.exists("devices/7:0:1:0/handler"), False)
        check("vtl none: no threads_num", m.exists("devices/7:0:1:0/threads_num"), False)
        check("vtl scsi_device link", m.link("devices/7:0:1:0/scsi_device"),
              "../../../../devices/pseudo_0/adapter0/host7/target7:0:1/7:0:1:0/"
              "scsi_device/7:0:1:0")
        check("vtl type mismatch", m.write("handlers/dev_changer/mgmt",
                                           "add_device 7:0:1:0"), "EINVAL")
        check("vtl add changer", m.write("handlers/dev_changer/mgmt", "add_device 7:0:0:0"), 0)
        for d in ("7:0:1:0", "7:0:2:0"):
            check("vtl add tape " + d, m.write("handlers/dev_tape/mgmt", "add_device " + d), 0)
        check("vtl handler link", m.link("devices/7:0:2:0/handler"), "../../handlers/dev_tape")
        check("vtl handler dir link", m.link("handlers/dev_tape/7:0:1:0"),
              "../../devices/7:0:1:0")
        check("vtl threads_num", m.read("devices/7:0:1:0/threads_num"), "1\n")
        check("vtl max_tgt_dev_commands", m.read("devices/7:0:0:0/max_tgt_dev_commands"),
              "64\n")
        check("vtl move to perf", m.write("handlers/dev_tape_perf/mgmt",
                                          "add_device 7:0:2:0"), 0)
        check("vtl perf threads", m.read("devices/7:0:2:0/threads_pool_type"), "Async\n")
        check("vtl old link gone", m.exists("handlers/dev_tape/7:0:2:0"), False)
        check("vtl del wrong handler", m.write("handlers/dev_tape/mgmt",
                                               "del_device 7:0:2:0"), "EINVAL")
        check("vtl del", m.write("handlers/dev_tape_perf/mgmt", "del_device 7:0:2:0"), 0)
        check("vtl del -> none", m.read("devices/7:0:2:0/max_tgt_dev_commands"), "0\n")
        check("vtl vdisk name clash", m.write("handlers/vdisk_nullio/mgmt",
                                              "add_device 7:0:0:0"), "EEXIST")
    finally:
        m.close()


def test_fake_block():
    m = Mount("--fake-file", "/dev/fakeblk0=64M:block", "--fake-file", "/dev/fakeblk1=4M:block",
              "--fake-file", "/fake/file.img=3M")
    try:
        check("blockio add", m.write("handlers/vdisk_blockio/mgmt",
                                     "add_device b0 filename=/dev/fakeblk0"), 0)
        check("blockio size", m.read("devices/b0/size"), "67108864\n[key]\n")
        check("blockio thin", m.read("devices/b0/thin_provisioned"), "1\n")
        check("blockio busy", m.write("handlers/vdisk_blockio/mgmt",
                                      "add_device b1 filename=/dev/fakeblk0"), "EBUSY")
        check("blockio not a block device", m.write("handlers/vdisk_blockio/mgmt",
                                                    "add_device b1 filename=/fake/file.img"),
              "ENOTBLK")
        check("fileio on fake file", m.write("handlers/vdisk_fileio/mgmt",
                                             "add_device f0 filename=/fake/file.img"), 0)
        check("fileio size", m.read("devices/f0/size_mb"), "3\n")
        check("blockio del", m.write("handlers/vdisk_blockio/mgmt", "del_device b0"), 0)
        check("blockio reopen after del", m.write("handlers/vdisk_blockio/mgmt",
                                                  "add_device b2 filename=/dev/fakeblk0"), 0)
        check("blockio inactive", m.write("handlers/vdisk_blockio/mgmt",
                                          "add_device b3 filename=/dev/fakeblk1;active=0"), 0)
        check("blockio inactive size", m.read("devices/b3/size"), "0\n[key]\n")
    finally:
        m.close()


def test_identity_trace_alua():
    m = Mount()
    try:
        check("setup_id write", m.write("setup_id", "0x12"), 0)
        check("setup_id read", m.read("setup_id"), "0x12\n[key]\n")
        check("add disk01", m.write("handlers/vdisk_nullio/mgmt", "add_device disk01"), 0)
        check("usn with setup_id", m.read("devices/disk01/usn"), "1227cddc71\n")
        check("t10_dev_id with setup_id", m.read("devices/disk01/t10_dev_id"),
              "1227cddc71-disk01\n")
        check("trace add", m.write("trace_level", "add scsi"), 0)
        check("trace read", m.read("trace_level").split("\n")[0],
              "out_of_mem | pid | special | scsi | mgmt")
        check("trace bad token", m.write("trace_level", "add nosuch"), "EINVAL")
        check("trace value", m.write("handlers/vdisk_nullio/trace_level", "value 0x80000000"), 0)
        check("trace local token", m.read("handlers/vdisk_nullio/trace_level").split("\n")[0],
              "order")
        check("dg create", m.write("device_groups/mgmt", "create dg"), 0)
        check("dg add dev", m.write("device_groups/dg/devices/mgmt", "add disk01"), 0)
        check("dg link", m.link("device_groups/dg/devices/disk01"), "../../../devices/disk01")
        check("del dev", m.write("handlers/vdisk_nullio/mgmt", "del_device disk01"), 0)
        check("dg link gone", m.exists("device_groups/dg/devices/disk01"), False)
        check("re-add dev", m.write("handlers/vdisk_nullio/mgmt", "add_device disk01"), 0)
        check("dg add again", m.write("device_groups/dg/devices/mgmt", "add disk01"), 0)
    finally:
        m.close()


def test_many_devices(n=10000, lap=1000):
    """Per-command cost of add/del_device does not grow with the device count."""
    m = Mount()
    mgmt = "handlers/vdisk_nullio/mgmt"
    try:
        def timed(verb, rng):
            laps = []
            t = time.monotonic()
            for i in rng:
                r = m.write(mgmt, "%s d%d" % (verb, i))
                if r:
                    return None, "%s d%d: %s" % (verb, i, r)
                if (i + 1) % lap == 0:
                    now = time.monotonic()
                    laps.append(now - t)
                    t = now
            return laps, None

        adds, err = timed("add_device", range(n))
        check("10k add", err, None)
        check("10k count", len(os.listdir(os.path.join(m.mnt, "devices"))), n)
        dels, err = timed("del_device", range(n))
        check("10k del", err, None)
        check("10k empty", os.listdir(os.path.join(m.mnt, "devices")), [])
        if adds and dels:
            # the slowest lap may not be far above the first (generous for CI noise)
            first_add, first_del = min(adds[:3]), min(dels[-3:])
            print("info add laps %s" % ["%.3f" % x for x in adds])
            print("info del laps %s" % ["%.3f" % x for x in dels])
            check("10k add O(1)", sorted(adds)[len(adds) // 2] < 4 * first_add + 0.2, True)
            check("10k del O(1)", sorted(dels)[len(dels) // 2] < 4 * first_del + 0.2, True)
    finally:
        m.close()


def main():
    if not os.path.exists("/dev/fuse"):
        skip("/dev/fuse missing")
    if shutil.which("fusermount3") is None:
        skip("fusermount3 missing")
    if os.geteuid() != 0:
        skip("needs root")
    if not os.access(SCSTFS, os.X_OK):
        skip("scstfs not built: " + SCSTFS)
    test_vtl()
    test_fake_block()
    test_identity_trace_alua()
    test_many_devices()
    if failures:
        print("%d check(s) failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
