#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""check-man.py -- the man-render test (suite unit).

  check-man.py --scdoc PATH [--scstfs PATH] [--scstadmin PATH]
               [--pyscstadmin PATH] [--example FILE] MANDIR PAGE.scd...

Checks that
  1. every *.scd file in MANDIR is one of the PAGEs built by meson.build;
  2. every page renders with scdoc without a message, and the output has a
     .TH line naming the page and a NAME section (and, when groff is
     installed, groff -man -ww reports no warning);
  3. every option and control command printed by `scstfs --help` appears in
     bold in scstfs.8, and every control command in scstfs-ctl.1 (skipped
     when scstfs is not built);
  4. the first example of scst.conf.5 is examples/scst.conf (tabs expanded to
     4 columns, backslashes doubled for scdoc), so the page cannot go stale;
  5. every option printed by `scstadmin -help` appears in bold in scstadmin.1
     (skipped when not root: scstadmin refuses to run);
  6. every option and -log_level choice printed by `pyscstadmin --help`
     appears in bold in pyscstadmin.1 (pyscstadmin needs no root).

Exit: 0 passed, 1 failed, 77 skipped (scdoc not installed).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def render(scdoc, path):
    with open(path, 'rb') as f:
        p = subprocess.run([scdoc], stdin=f, capture_output=True)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def check_page(scdoc, path, out):
    base = os.path.basename(path)[:-len('.scd')]
    name, _, section = base.rpartition('.')
    rc, roff, err = render(scdoc, path)
    if rc != 0 or err.strip():
        fail('%s: scdoc exited %d: %s' % (base, rc, err.strip()))
        return
    if not re.search(r'^\.TH "%s" "%s"' % (re.escape(name), re.escape(section)), roff, re.M):
        fail('%s: no .TH "%s" "%s" line' % (base, name, section))
    plain = roff.replace('\\&', '')  # scdoc writes "scst.\&conf"
    if not re.search(r'^\.SH NAME\n(\.P\n)?%s - ' % re.escape(name), plain, re.M):
        fail('%s: no NAME section starting with "%s - "' % (base, name))
    groff = shutil.which('groff')
    if groff:
        p = subprocess.run([groff, '-t', '-man', '-ww', '-z', '-Tutf8'], input=roff.encode(),
                           capture_output=True)
        if p.returncode != 0 or p.stderr.strip():
            fail('%s: groff: %s' % (base, p.stderr.decode('utf-8', 'replace').strip()))
    out[base] = roff
    print('ok: %s renders' % base)


def help_items(text):
    """Options and control commands listed by `scstfs --help`."""
    opts, cmds, part = [], [], None
    for line in text.splitlines():
        if line.startswith('scstfs options:'):
            part = 'opts'
            continue
        if line.startswith('Control commands'):
            part = 'cmds'
            continue
        if not line.strip():
            part = None
            continue
        if part == 'opts':
            m = re.match(r'^  (-\w), (--[\w-]+)', line) or re.match(r'^  (--[\w-]+)', line)
            if m:
                opts.extend(m.groups())
        elif part == 'cmds':
            m = re.match(r'^  ([a-z][\w-]*)', line)
            if m:
                cmds.append(m.group(1))
    return opts, cmds


def check_help(scstfs, pages):
    p = subprocess.run([scstfs, '--help'], capture_output=True)
    if p.returncode != 0:
        fail('scstfs --help exited %d' % p.returncode)
        return
    opts, cmds = help_items(p.stdout.decode('utf-8', 'replace'))
    if len(opts) < 5 or len(cmds) < 5:
        fail('could not find the option and command lists in scstfs --help')
        return
    for page, items in (('scstfs.8', opts + cmds), ('scstfs-ctl.1', cmds)):
        roff = pages.get(page)
        if roff is None:
            fail('%s: page missing' % page)
            continue
        for item in items:
            if '\\fB%s\\fR' % item not in roff:
                fail('%s: "%s" (from scstfs --help) is not documented' % (page, item))
    print('ok: %d options and %d control commands of scstfs --help checked'
          % (len(opts), len(cmds)))


def scstadmin_help_options(text):
    """Options listed by `scstadmin -help` (its examples left out)."""
    opts = set()
    for line in text.split('Examples:')[0].splitlines():
        for m in re.finditer(r'(?:^|[\s\[,])--?([a-z][a-z_]*)(?![\w*])', line):
            opts.add('-' + m.group(1))
    return sorted(opts)


def check_scstadmin_help(scstadmin, pages):
    if os.geteuid() != 0:
        print('note: not root; scstadmin -help is not compared with scstadmin.1')
        return
    p = subprocess.run([scstadmin, '-help'], capture_output=True)
    if p.returncode != 0:
        fail('scstadmin -help exited %d' % p.returncode)
        return
    opts = scstadmin_help_options(p.stdout.decode('utf-8', 'replace'))
    roff = pages.get('scstadmin.1')
    if roff is None or len(opts) < 50:
        fail('scstadmin.1 missing or no option list in scstadmin -help')
        return
    for opt in opts:
        if '\\fB%s\\fR' % opt not in roff:
            fail('scstadmin.1: "%s" (from scstadmin -help) is not documented' % opt)
    print('ok: %d options of scstadmin -help checked' % len(opts))


def pyscstadmin_help_items(text):
    """Options and -log_level choices listed by `pyscstadmin --help`."""
    items = set()
    for line in text.split('options:', 1)[-1].splitlines():
        for m in re.finditer(r'(?:^|[\s,])(--?[a-z][a-z_]*)', line):
            items.add(m.group(1))
        m = re.search(r'\{([A-Z,]+)\}', line)
        if m:
            items.update(m.group(1).split(','))
    return sorted(items)


def check_pyscstadmin_help(pyscstadmin, pages):
    p = subprocess.run([pyscstadmin, '--help'], capture_output=True)
    if p.returncode != 0:
        fail('pyscstadmin --help exited %d' % p.returncode)
        return
    items = pyscstadmin_help_items(p.stdout.decode('utf-8', 'replace'))
    roff = pages.get('pyscstadmin.1')
    if roff is None or len(items) < 8:
        fail('pyscstadmin.1 missing or no option list in pyscstadmin --help')
        return
    for item in items:
        if '\\fB%s\\fR' % item not in roff:
            fail('pyscstadmin.1: "%s" (from pyscstadmin --help) is not documented' % item)
    print('ok: %d options of pyscstadmin --help checked' % len(items))


def check_example(mandir, example):
    with open(example, encoding='utf-8') as f:
        want = f.read().expandtabs(4).replace('\\', '\\\\')
    with open(os.path.join(mandir, 'scst.conf.5.scd'), encoding='utf-8') as f:
        src = f.read()
    m = re.search(r'^# EXAMPLES\n.*?^```\n(.*?)^```\n', src, re.M | re.S)
    if not m:
        fail('scst.conf.5: no literal block in EXAMPLES')
    elif m.group(1) != want:
        fail('scst.conf.5: the first example differs from %s; copy it again '
             '(tabs expanded to 4 columns, every backslash doubled)' % example)
    else:
        print('ok: scst.conf.5 example matches %s' % example)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scdoc', default='')
    ap.add_argument('--scstfs', default='')
    ap.add_argument('--example', default='')
    ap.add_argument('--scstadmin', default='')
    ap.add_argument('--pyscstadmin', default='')
    ap.add_argument('mandir')
    ap.add_argument('pages', nargs='+')
    a = ap.parse_args()

    if not a.scdoc or not os.access(a.scdoc, os.X_OK):
        print('SKIP: scdoc not found (install scdoc to build and check the man pages)')
        return 77
    listed = {os.path.basename(p) for p in a.pages}
    for f in sorted(os.listdir(a.mandir)):
        if f.endswith('.scd') and f not in listed:
            fail('%s is not listed in doc/man/meson.build' % f)
    pages = {}
    for p in a.pages:
        check_page(a.scdoc, p, pages)
    if a.scstfs and os.access(a.scstfs, os.X_OK):
        check_help(a.scstfs, pages)
    else:
        print('note: scstfs not built; its --help is not compared with scstfs.8')
    if a.scstadmin and os.access(a.scstadmin, os.X_OK):
        check_scstadmin_help(a.scstadmin, pages)
    if a.pyscstadmin and os.access(a.pyscstadmin, os.X_OK):
        check_pyscstadmin_help(a.pyscstadmin, pages)
    if a.example and os.path.exists(a.example):
        check_example(a.mandir, a.example)
    print('%d problem(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
