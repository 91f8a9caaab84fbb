#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""cli-args-test.py -- scstadmin's command line (spec scstadmin.md §2.1,
§7 items 23-31, 44-45), suite scstadmin.

  cli-args-test.py SCSTADMIN DATA_DIR

DATA_DIR (tests/data/cli) holds
  please-specify.tsv  ARGS<TAB>MESSAGE: exit 1, MESSAGE on stdout, no stderr
                      (the 42 cases of Perl's t/09 and more);
  cases.tsv           NAME MODE EXIT STDIN ARGS (see its header), with the
                      expected NAME.stdout / NAME.stderr next to it.
Outputs are compared byte for byte.  Cases that need scstfs (WITH_SCSTFS,
SCSTFS from the meson environment) or setpriv are skipped with a note when
those are missing.  UPDATE_GOLDEN=1 rewrites the NAME.std* files.

Exit: 0 passed, 1 failed, 77 when not root (the program refuses to run).
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def rows(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line and not line.startswith('#'):
                yield line.split('\t')


def version(exe):
    """The targetkit version from the first help line."""
    p = subprocess.run([exe, '-help'], capture_output=True, env=plain_env())
    first = p.stdout.decode().split('\n', 1)[0]
    return first.rsplit(' ', 1)[-1].rstrip(')')


def plain_env():
    env = dict(os.environ)
    env['SCST_SYSFS_ROOT'] = '/nonexistent/scst_tgt'
    return env


def compare(name, what, want, got):
    if want != got:
        fail('%s: %s differs\n--- want\n%s--- got\n%s---' %
             (name, what, want.decode('utf-8', 'replace'), got.decode('utf-8', 'replace')))
        return False
    return True


def please_specify(exe, data):
    n = 0
    for row in rows(os.path.join(data, 'please-specify.tsv')):
        args, msg = row
        p = subprocess.run([exe] + shlex.split(args), capture_output=True,
                           stdin=subprocess.DEVNULL, env=plain_env())
        n += 1
        ok = p.returncode == 1
        if not ok:
            fail('%s: exit %d, want 1' % (args, p.returncode))
        ok &= compare(args, 'stdout', (msg + '\n').encode(), p.stdout)
        ok &= compare(args, 'stderr', b'', p.stderr)
    print('ok: %d "Please specify" cases run' % n)


def command(exe, mode, args, data, tmp):
    """argv and environment for one case, or None when it cannot run here."""
    argv = [exe] + shlex.split(args)
    if mode == 'plain':
        return argv, plain_env()
    if mode == 'nobody':
        setpriv = shutil.which('setpriv')
        if not setpriv:
            return None
        return [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] + argv, plain_env()
    if mode == 'sfs':
        wrap = os.environ.get('WITH_SCSTFS')
        if not wrap or not os.environ.get('SCSTFS') or not os.path.exists('/dev/fuse'):
            return None
        env = dict(os.environ)
        env.pop('SCST_SYSFS_ROOT', None)
        script = ('%s -config %s >/dev/null 2>&1 || exit 99; exec "$@"'
                  % (shlex.quote(exe), shlex.quote(os.path.join(data, 'one-device.conf'))))
        return [wrap, 'sh', '-c', script, 'sh'] + argv, env
    raise ValueError('unknown mode ' + mode)


def cases(exe, data):
    ver = version(exe).encode()
    update = os.environ.get('UPDATE_GOLDEN') == '1'
    n = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, mode, rc, stdin, args in rows(os.path.join(data, 'cases.tsv')):
            c = command(exe, mode, args, data, tmp)
            if c is None:
                print('skip: %s (mode %s not available here)' % (name, mode))
                skipped += 1
                continue
            feed = b'' if stdin == '-' else stdin.replace('\\n', '\n').encode()
            p = subprocess.run(c[0], input=feed, capture_output=True, env=c[1], timeout=120)
            n += 1
            for what, got in (('stdout', p.stdout), ('stderr', p.stderr)):
                path = os.path.join(data, '%s.%s' % (name, what))
                got = got.replace(ver, b'@VERSION@')
                if update:
                    if got:
                        with open(path, 'wb') as f:
                            f.write(got)
                    elif os.path.exists(path):
                        os.unlink(path)
                    continue
                want = b''
                if os.path.exists(path):
                    with open(path, 'rb') as f:
                        want = f.read()
                compare(name, what, want, got)
            if p.returncode != int(rc):
                fail('%s: exit %d, want %s' % (name, p.returncode, rc))
    print('ok: %d cases run, %d skipped' % (n, skipped))


def main():
    exe, data = os.path.abspath(sys.argv[1]), sys.argv[2]
    if os.geteuid() != 0:
        print('SKIP: scstadmin runs only as root')
        return 77
    please_specify(exe, data)
    cases(exe, data)
    print('%d problem(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
