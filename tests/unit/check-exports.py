#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that libscstcfg.so exports exactly the functions that the public
headers declare with SCSTCFG_PUBLIC (STYLE.md §2, as libnvme does).

usage: check-exports.py LIBRARY HEADER...
"""
import re
import subprocess
import sys


def declared(headers):
    names = set()
    for h in headers:
        text = open(h, encoding='utf-8').read()
        text = re.sub(r'__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)', ' ', text)
        # a declaration starts at SCSTCFG_PUBLIC and ends at the first '('
        for m in re.finditer(r'SCSTCFG_PUBLIC\b([^;{(]*)\(', text):
            ident = re.findall(r'[A-Za-z_]\w*', m.group(1))
            if ident and ident[-1] != 'define':
                names.add(ident[-1])
    return names


def exported(lib):
    out = subprocess.run(['nm', '-D', '--defined-only', lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in 'TtWiD':
            names.add(parts[2].split('@')[0])
    return {n for n in names if not n.startswith('_')}


def main():
    lib, headers = sys.argv[1], sys.argv[2:]
    want, have = declared(headers), exported(lib)
    if not want:
        print('no SCSTCFG_PUBLIC declarations found')
        return 1
    rc = 0
    for n in sorted(want - have):
        print(f'declared but not exported: {n}')
        rc = 1
    for n in sorted(have - want):
        print(f'exported but not declared: {n}')
        rc = 1
    print(f'{len(have)} exported, {len(want)} declared')
    return rc


sys.exit(main())
