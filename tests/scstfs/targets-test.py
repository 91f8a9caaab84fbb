#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""targets-test.py -- integration tests of scstfs's targets/ tree (FUSE mount).

Covers what the real-kernel recordings cannot: qla2x00t hardware targets
from --qla-wwn (the FC configs in shared/configs must apply), NPIV
add_target/del_target, iSCSI sessions from the control socket's
session-add (EBUSY of del_target and of ini-group del, the iSCSI session
files of spec scst-sysfs.md §2.8), re-binding of a live session, and the
per-write cost with 1,000 targets and 10,000 LUNs.

Exit: 0 all passed, 1 a check failed, 77 skipped (no /dev/fuse, not root,
or scstfs not built).
"""
import os
import sys
import time

from sfsmount import (CTL_BIN, SCSTFS, Mount, check, finish, read, require_fuse, skip,
                      status)

# HW target WWPNs of shared/configs/{forum-fc-hwtarget,scst-project-example,
# vtl-tape-changer-fc}.conf
FC_WWNS = ["21:00:00:e0:8b:88:81:2d", "21:01:00:e0:8b:a8:81:2d",
           "25:00:00:f0:98:87:92:f3", "25:00:00:f0:98:87:92:f4",
           "21:00:00:24:ff:05:7b:1a"]


def test_qla(m):
    """qla2x00t: HW targets of --qla-wwn, NPIV add/del (spec §8)."""
    q = "targets/qla2x00t"
    check("qla2x00t driver dir exists", os.path.isdir(m.path(q)), True)
    for w in FC_WWNS:
        check("HW target %s" % w, read(m, "%s/%s/hw_target" % (q, w)), "1\n")
    t = "%s/%s" % (q, FC_WWNS[0])
    check("HW target enabled 0", read(m, t + "/enabled"), "0\n")
    check("node_name", read(m, t + "/node_name"), "20:00:00:e0:8b:88:81:2d\n")
    check("explicit_confirmation", read(m, t + "/explicit_confirmation"), "0\n")
    check("abort_isp write-only", read(m, t + "/abort_isp"), "!open:EACCES")
    check("host link", os.path.islink(m.path(t + "/host")), True)
    check("mgmt help lists params",
          "The following parameters available: node_name, parent_host\n" in read(m, q + "/mgmt"),
          True)
    # forum-fc-hwtarget.conf: enabled 1, rel_tgt_id 1/2, LUN 0 and 1
    status(m, "handlers/vdisk_nullio/mgmt", "add_device raid0")
    check("rel_tgt_id 1", status(m, t + "/rel_tgt_id", "1"), "OK")
    check("enable", status(m, t + "/enabled", "1"), "OK")
    check("enabled reads 1", read(m, t + "/enabled"), "1\n")
    t2 = "%s/%s" % (q, FC_WWNS[1])
    check("duplicate rel_tgt_id of an enabled target: EBADSLT",
          (status(m, t2 + "/rel_tgt_id", "1"), status(m, t2 + "/enabled", "1")),
          ("OK", "!write:EBADSLT"))
    check("rel_tgt_id 2 then enable", (status(m, t2 + "/rel_tgt_id", "2"),
                                       status(m, t2 + "/enabled", "1")), ("OK", "OK"))
    check("LUN 0 raid0", status(m, t + "/luns/mgmt", "add raid0 0"), "OK")
    check("LUN link", os.readlink(m.path(t + "/luns/0/device")), "../../../../../devices/raid0")
    # scst-project-example.conf: GROUP INI1 with initiators
    g = t + "/ini_groups"
    check("group INI1", status(m, g + "/mgmt", "create INI1"), "OK")
    check("initiator", status(m, g + "/INI1/initiators/mgmt", "add 25:00:00:f0:99:87:94:a3"),
          "OK")
    # NPIV
    v = "50:01:43:80:12:34:56:78"
    check("NPIV without parent_host: EINVAL",
          status(m, q + "/mgmt", "add_target %s node_name=50:01:43:80:12:34:56:79" % v),
          "!write:EINVAL")
    check("NPIV with unknown parent: ENODEV",
          status(m, q + "/mgmt", "add_target %s node_name=50:01:43:80:12:34:56:79;"
                "parent_host=11:22:33:44:55:66:77:88" % v), "!write:ENODEV")
    check("NPIV add", status(m, q + "/mgmt", "add_target %s node_name=50:01:43:80:12:34:56:79;"
                          "parent_host=%s" % (v, FC_WWNS[0])), "OK")
    check("NPIV hw_target 0", read(m, "%s/%s/hw_target" % (q, v)), "0\n")
    check("NPIV node_name", read(m, "%s/%s/node_name" % (q, v)), "50:01:43:80:12:34:56:79\n")
    check("NPIV bad name: EINVAL", status(m, q + "/mgmt", "add_target nonsense"), "!write:EINVAL")
    check("del HW target: ENODEV", status(m, q + "/mgmt", "del_target %s" % FC_WWNS[0]),
          "!write:ENODEV")
    check("NPIV del", status(m, q + "/mgmt", "del_target %s" % v), "OK")
    check("NPIV gone", os.path.exists(m.path("%s/%s" % (q, v))), False)


def test_no_qla(m):
    check("no --qla-wwn: no qla2x00t dir", os.path.exists(m.path("targets/qla2x00t")), False)


def test_iscsi_sessions(m):
    """session-add: an iSCSI initiator logs in (spec §2.8, §3.4, §5.2)."""
    i = "targets/iscsi"
    t = i + "/iqn.2026-01.test:t1"
    status(m, "handlers/vdisk_nullio/mgmt", "add_device n0")
    status(m, "handlers/vdisk_nullio/mgmt", "add_device n1")
    check("add_target", status(m, i + "/mgmt", "add_target iqn.2026-01.test:t1"), "OK")
    status(m, t + "/luns/mgmt", "add n0 0")
    status(m, t + "/ini_groups/mgmt", "create g1")
    status(m, t + "/ini_groups/g1/luns/mgmt", "add n1 0")
    status(m, t + "/ini_groups/g1/initiators/mgmt", "add iqn.1994-05.com.redhat:*")
    rc, out = m.ctl_rc("session-add", "iscsi", "iqn.2026-01.test:t1", "iqn.1994-05.com.RedHat:h1")
    check("session-add", rc, 0)
    s = t + "/sessions/iqn.1994-05.com.RedHat:h1"
    check("session dir", os.path.isdir(m.path(s)), True)
    check("bound to g1 (case-insensitive wildcard)", os.readlink(m.path(s + "/luns")),
          "../../ini_groups/g1/luns")
    check("lun0 view", os.path.isdir(m.path(s + "/lun0")), True)
    check("initiator_name", read(m, s + "/initiator_name"), "iqn.1994-05.com.RedHat:h1\n")
    for f, want in (("InitialR2T", "No\n"), ("ImmediateData", "Yes\n"),
                    ("MaxRecvDataSegmentLength", "1048576\n"), ("HeaderDigest", "None\n"),
                    ("reinstating", "0\n"), ("127.0.0.1/cid", "0"),
                    ("127.0.0.1/transport", "iSCSI-TCP\n")):
        check("iSCSI session file %s" % f, read(m, s + "/" + f), want)
    check("sid is hex", all(c in "0123456789abcdef\n" for c in read(m, s + "/sid")), True)
    check("force_close is write-only", read(m, s + "/force_close"), "!open:EACCES")
    check("del_target with a session: EBUSY",
          status(m, i + "/mgmt", "del_target iqn.2026-01.test:t1"), "!write:EBUSY")
    check("group del with a bound session: EBUSY",
          status(m, t + "/ini_groups/mgmt", "del g1"), "!write:EBUSY")
    # a pattern change re-binds the live session
    check("clear patterns", status(m, t + "/ini_groups/g1/initiators/mgmt", "clear"), "OK")
    check("re-bound to the target's luns", os.readlink(m.path(s + "/luns")), "../../luns")
    check("group del now works", status(m, t + "/ini_groups/mgmt", "del g1"), "OK")
    rc, _ = m.ctl_rc("session-add", "iscsi", "iqn.2026-01.test:t1", "iqn.1994-05.com.RedHat:h1")
    check("second session gets _1", os.path.isdir(m.path(s + "_1")), True)
    rc, _ = m.ctl_rc("session-add", "iscsi", "iqn.2026-01.test:nosuch", "x")
    check("session-add to a missing target fails", rc != 0, True)
    check("force_close closes", status(m, s + "_1/force_close", "1"), "OK")
    check("session _1 gone", os.path.exists(m.path(s + "_1")), False)
    rc, _ = m.ctl_rc("session-del", "iscsi", "iqn.2026-01.test:t1", "iqn.1994-05.com.RedHat:h1")
    check("session-del", rc, 0)
    check("del_target after logout", status(m, i + "/mgmt", "del_target iqn.2026-01.test:t1"),
          "OK")
    # scst_local sessions from the hook get the scst_local files
    rc, _ = m.ctl_rc("session-add", "scst_local", "scst_local_tgt", "hooked")
    check("scst_local session-add", (rc, read(m, "targets/scst_local/scst_local_tgt/sessions/"
                                               "hooked/host_no")), (0, "1\n"))


def timed(m, rel, data):
    t0 = time.monotonic()
    r = status(m, rel, data)
    return r, time.monotonic() - t0


def test_scale(m):
    """1,000 targets and 10,000 LUNs: a mgmt write must not get slower."""
    i = "targets/iscsi/mgmt"
    for n in range(10):
        status(m, "handlers/vdisk_nullio/mgmt", "add_device s%d" % n)
    early = []
    for n in range(1000):
        r, dt = timed(m, i, "add_target iqn.2026-01.scale:t%d" % n)
        if r != "OK":
            check("add_target %d" % n, r, "OK")
            return
        if n < 50:
            early.append(dt)
    t0 = "targets/iscsi/iqn.2026-01.scale:t0/luns/mgmt"
    for n in range(10000):
        r = status(m, t0, "add s%d %d" % (n % 10, n % 16384))
        if r != "OK":
            check("LUN %d" % n, r, "OK")
            return
    late = []
    for n in range(1000, 1050):
        r, dt = timed(m, i, "add_target iqn.2026-01.scale:t%d" % n)
        late.append(dt)
    lun_t = []
    for n in range(50):
        r, dt = timed(m, t0, "add s1 %d" % (10000 + n))
        lun_t.append(dt)
    e, l, lt = sorted(early)[25], sorted(late)[25], sorted(lun_t)[25]
    print("     median add_target: %.2f ms at 0..50, %.2f ms at 1000..1050; add LUN %.2f ms"
          % (e * 1e3, l * 1e3, lt * 1e3))
    check("add_target cost does not grow with 1,000 targets", l < max(4 * e, 0.005), True)
    check("LUN add with 10,000 LUNs stays cheap", lt < max(4 * e, 0.005), True)
    r, dt = timed(m, "targets/iscsi/iqn.2026-01.scale:t500/rel_tgt_id", "7")
    check("rel_tgt_id write", r, "OK")
    r, dt = timed(m, i, "del_target iqn.2026-01.scale:t0")
    check("del_target with 10,000 LUNs", r, "OK")


def main():
    require_fuse()
    if not (os.access(SCSTFS, os.X_OK) and os.access(CTL_BIN, os.X_OK)):
        skip("scstfs not built")
    opts = []
    for w in FC_WWNS:
        opts += ["--qla-wwn", w]
    for case, args in ((test_qla, opts), (test_no_qla, []), (test_iscsi_sessions, []),
                       (test_scale, [])):
        m = Mount(*args, prefix="scstfs-targets.")
        try:
            if not os.path.isdir(m.path("targets/iscsi")):
                skip("targets module not there yet")
            case(m)
        finally:
            m.close()
    if finish():
        sys.exit(1)
    print("all passed")


if __name__ == "__main__":
    main()
