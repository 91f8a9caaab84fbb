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

Env: SCSTFS (the emulator), SCSTFS_CTL_BIN (its control client).  Exit: 0
passed, 1 failed, 77 skipped (no /dev/fuse, fusermount3 or root).
"""
import os
import sys
import time

from sfsmount import (SCSTFS, Mount, check, exists, finish, link, read, require_fuse, skip,
                      status)

PREFIX = "scstfs-dev."


def test_vtl():
    m = Mount("--scsi-device", "7:0:0:0=changer", "--scsi-device", "7:0:1:0=tape",
              "--scsi-device", "7:0:2:0=tape", prefix=PREFIX)
    try:
        for h in ("dev_tape", "dev_tape_perf", "dev_changer", "scst_user"):
            check("vtl handler %s" % h, exists(m, "handlers/" + h), True)
        check("vtl no dev_disk", exists(m, "handlers/dev_disk"), False)
        check("vtl tape type", read(m, "handlers/dev_tape/type"),
              "1 - Sequential-access device (e.g., magnetic tape)\n")
        check("vtl changer type", read(m, "handlers/dev_changer/type"),
              "8 - Medium changer device (e.g., jukeboxes)\n")
        check("vtl scst_user no mgmt", exists(m, "handlers/scst_user/mgmt"), False)
        check("vtl none: no handler link", exists(m, "devices/7:0:1:0/handler"), False)
        check("vtl none: no threads_num", exists(m, "devices/7:0:1:0/threads_num"), False)
        check("vtl scsi_device link", link(m, "devices/7:0:1:0/scsi_device"),
              "../../../../devices/pseudo_0/adapter0/host7/target7:0:1/7:0:1:0/"
              "scsi_device/7:0:1:0")
        check("vtl type mismatch", status(m, "handlers/dev_changer/mgmt",
                                           "add_device 7:0:1:0"), "!write:EINVAL")
        check("vtl add changer", status(m, "handlers/dev_changer/mgmt", "add_device 7:0:0:0"),
              "OK")
        for d in ("7:0:1:0", "7:0:2:0"):
            check("vtl add tape " + d, status(m, "handlers/dev_tape/mgmt", "add_device " + d),
                  "OK")
        check("vtl handler link", link(m, "devices/7:0:2:0/handler"), "../../handlers/dev_tape")
        check("vtl handler dir link", link(m, "handlers/dev_tape/7:0:1:0"),
              "../../devices/7:0:1:0")
        check("vtl threads_num", read(m, "devices/7:0:1:0/threads_num"), "1\n")
        check("vtl max_tgt_dev_commands", read(m, "devices/7:0:0:0/max_tgt_dev_commands"),
              "64\n")
        check("vtl move to perf", status(m, "handlers/dev_tape_perf/mgmt",
                                          "add_device 7:0:2:0"), "OK")
        check("vtl perf threads", read(m, "devices/7:0:2:0/threads_pool_type"), "Async\n")
        check("vtl old link gone", exists(m, "handlers/dev_tape/7:0:2:0"), False)
        check("vtl del wrong handler", status(m, "handlers/dev_tape/mgmt",
                                               "del_device 7:0:2:0"), "!write:EINVAL")
        check("vtl del", status(m, "handlers/dev_tape_perf/mgmt", "del_device 7:0:2:0"), "OK")
        check("vtl del -> none", read(m, "devices/7:0:2:0/max_tgt_dev_commands"), "0\n")
        check("vtl vdisk name clash", status(m, "handlers/vdisk_nullio/mgmt",
                                              "add_device 7:0:0:0"), "!write:EEXIST")
    finally:
        m.close()


def test_fake_block():
    m = Mount("--fake-file", "/dev/fakeblk0=64M:block", "--fake-file", "/dev/fakeblk1=4M:block",
              "--fake-file", "/fake/file.img=3M", prefix=PREFIX)
    try:
        check("blockio add", status(m, "handlers/vdisk_blockio/mgmt",
                                     "add_device b0 filename=/dev/fakeblk0"), "OK")
        check("blockio size", read(m, "devices/b0/size"), "67108864\n[key]\n")
        check("blockio thin", read(m, "devices/b0/thin_provisioned"), "1\n")
        check("blockio busy", status(m, "handlers/vdisk_blockio/mgmt",
                                      "add_device b1 filename=/dev/fakeblk0"), "!write:EBUSY")
        check("blockio not a block device", status(m, "handlers/vdisk_blockio/mgmt",
                                                    "add_device b1 filename=/fake/file.img"),
              "!write:ENOTBLK")
        check("fileio on fake file", status(m, "handlers/vdisk_fileio/mgmt",
                                             "add_device f0 filename=/fake/file.img"), "OK")
        check("fileio size", read(m, "devices/f0/size_mb"), "3\n")
        check("blockio del", status(m, "handlers/vdisk_blockio/mgmt", "del_device b0"), "OK")
        check("blockio reopen after del", status(m, "handlers/vdisk_blockio/mgmt",
                                                  "add_device b2 filename=/dev/fakeblk0"), "OK")
        check("blockio inactive", status(m, "handlers/vdisk_blockio/mgmt",
                                          "add_device b3 filename=/dev/fakeblk1;active=0"), "OK")
        check("blockio inactive size", read(m, "devices/b3/size"), "0\n[key]\n")
    finally:
        m.close()


def test_identity_trace_alua():
    m = Mount(prefix=PREFIX)
    try:
        check("setup_id write", status(m, "setup_id", "0x12"), "OK")
        check("setup_id read", read(m, "setup_id"), "0x12\n[key]\n")
        check("add disk01", status(m, "handlers/vdisk_nullio/mgmt", "add_device disk01"), "OK")
        check("usn with setup_id", read(m, "devices/disk01/usn"), "1227cddc71\n")
        check("t10_dev_id with setup_id", read(m, "devices/disk01/t10_dev_id"),
              "1227cddc71-disk01\n")
        check("trace add", status(m, "trace_level", "add scsi"), "OK")
        check("trace read", read(m, "trace_level").split("\n")[0],
              "out_of_mem | pid | special | scsi | mgmt")
        check("trace bad token", status(m, "trace_level", "add nosuch"), "!write:EINVAL")
        check("trace value", status(m, "handlers/vdisk_nullio/trace_level", "value 0x80000000"),
              "OK")
        check("trace local token", read(m, "handlers/vdisk_nullio/trace_level").split("\n")[0],
              "order")
        check("dg create", status(m, "device_groups/mgmt", "create dg"), "OK")
        check("dg add dev", status(m, "device_groups/dg/devices/mgmt", "add disk01"), "OK")
        check("dg link", link(m, "device_groups/dg/devices/disk01"), "../../../devices/disk01")
        check("del dev", status(m, "handlers/vdisk_nullio/mgmt", "del_device disk01"), "OK")
        check("dg link gone", exists(m, "device_groups/dg/devices/disk01"), False)
        check("re-add dev", status(m, "handlers/vdisk_nullio/mgmt", "add_device disk01"), "OK")
        check("dg add again", status(m, "device_groups/dg/devices/mgmt", "add disk01"), "OK")
    finally:
        m.close()


def test_many_devices(n=10000, lap=1000):
    """Per-command cost of add/del_device does not grow with the device count."""
    m = Mount(prefix=PREFIX)
    mgmt = "handlers/vdisk_nullio/mgmt"
    try:
        def timed(verb, rng):
            laps = []
            t = time.monotonic()
            for i in rng:
                r = status(m, mgmt, "%s d%d" % (verb, i))
                if r != "OK":
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
    require_fuse()
    if not os.access(SCSTFS, os.X_OK):
        skip("scstfs not built: " + SCSTFS)
    test_vtl()
    test_fake_block()
    test_identity_trace_alua()
    test_many_devices()
    if finish():
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
