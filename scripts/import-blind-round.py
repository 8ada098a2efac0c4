#!/usr/bin/env python3
"""Adds the cases of a scored blind round to the corpus (issue 15's method: score first, fix for
the class, then add the cases).

  scripts/import-blind-round.py ROUND_DIR ROUND_DATE BEFORE_KDIAG [--relabel CASE=ID:REASON ...]
                                [--kbuild CASE ...]

ROUND_DIR holds one folder per case (log.txt, meta.yaml labelled before kdiag ran). Each becomes
corpus/<case name without its collector prefix>/, its meta.yaml kept as written plus
`blind_round` and `before` (what BEFORE_KDIAG, the binary the round was scored with, said: the
figure the README reports). --relabel replaces an `unknown.*` label by an id the knowledge base
has, with the reason kept in the meta (`relabelled`). The collector's free-text `class` becomes
one of the corpus table's classes (corpus_class below; --kbuild CASE for an in-tree kernel build,
which the label's domain cannot tell from an out-of-tree module), the collector's words kept in a
comment. The case names are appended to
corpus/MANIFEST. Prints the cases whose label no rule can meet (unknown.*), which belong in
corpus/known-failures.yaml with a reason.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import yaml


def corpus_class(meta, expect, in_tree):
    """The corpus table's class (kdiag corpus groups by it) from the expected id."""
    top = (expect.get('top') or ['?'])[0]
    if expect.get('benign'):
        words = str(meta.get('class', ''))
        return 'build-success' if 'build' in words and 'boot' not in words and 'dmesg' not in words else 'clean'
    if in_tree:
        return 'kbuild'
    for prefix, cls in (('rust.', 'rust'), ('initramfs.', 'initramfs'), ('module.', 'module-load'),
                        ('kbuild.', 'oot-module')):
        if top.startswith(prefix):
            return cls
    return 'efistub-hang' if top == 'boot.no-console-after-efistub' else 'boot-panic'


def relabel_entry(text):
    """CASE=ID:REASON -> (CASE, (ID, REASON))."""
    case, sep, rest = text.partition('=')
    new_id, sep2, reason = rest.partition(':')
    if not (sep and sep2 and case and new_id):
        raise argparse.ArgumentTypeError(f'--relabel wants CASE=ID:REASON, not {text!r}')
    return case, (new_id, reason)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('round_dir')
    parser.add_argument('round_date')
    parser.add_argument('before_kdiag')
    parser.add_argument('--relabel', type=relabel_entry, action='append', default=[], metavar='CASE=ID:REASON')
    parser.add_argument('--kbuild', action='append', default=[], metavar='CASE',
                        help='an in-tree kernel build (corpus class kbuild)')
    args = parser.parse_args()
    relabel = dict(args.relabel)
    in_tree = set(args.kbuild)
    round_dir, round_date, before_kdiag = args.round_dir, args.round_date, args.before_kdiag
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = os.path.join(root, 'corpus')
    added, unknown = [], []
    for name in sorted(os.listdir(round_dir)):
        src = os.path.join(round_dir, name)
        if not os.path.isfile(os.path.join(src, 'meta.yaml')):
            continue
        case = name.split('-', 1)[1] if re.match(r'[a-z]-', name) else name
        dst = os.path.join(corpus, case)
        if os.path.exists(dst):
            sys.exit(f'{dst} exists already')
        meta_text = open(os.path.join(src, 'meta.yaml'), encoding='utf-8').read()
        meta = yaml.safe_load(meta_text)
        logs = meta.get('logs') or ['log.txt']
        out = subprocess.run([before_kdiag, '--format', 'json', '--top', '0'] + [os.path.join(src, l) for l in logs],
                             capture_output=True, text=True, check=False)
        got = [(d['id'], d['severity']) for d in json.loads(out.stdout)['diagnoses']]
        expect = meta.get('expect') or {}
        if expect.get('benign'):
            before = 'pass' if not any(s in ('error', 'warning') for _, s in got) else 'miss'
        else:
            before = 'pass' if got and got[0][0] in (expect.get('top') or []) else 'miss'
        extra = {'blind_round': round_date, 'before': f'{before} (top: {got[0][0] if got else "nothing"})'}
        if case in relabel or name in relabel:
            new_id, reason = relabel.get(case) or relabel[name]
            extra['relabelled'] = f"{expect.get('top')} -> [{new_id}]: {reason}"
            meta_text = meta_text.replace(f"top: {expect.get('top')}".replace("'", ''), f'top: [{new_id}]')
            meta_text = meta_text.replace(str(expect.get('top')[0]), new_id)
        elif any(t.startswith('unknown.') for t in expect.get('top') or []):
            unknown.append(case)
        relabelled = relabel.get(case) or relabel.get(name)
        cls = corpus_class(meta, {**expect, 'top': [relabelled[0]]} if relabelled else expect,
                           case in in_tree or name in in_tree)
        meta_text = re.sub(r'^class: (.*)$', lambda m: f'class: {cls}  # collector: {m.group(1)}', meta_text,
                           count=1, flags=re.M)
        shutil.copytree(src, dst)
        with open(os.path.join(dst, 'meta.yaml'), 'w', encoding='utf-8') as f:
            f.write(meta_text.rstrip('\n') + '\n' + yaml.safe_dump(extra, sort_keys=False, allow_unicode=True))
        added.append(case)
    with open(os.path.join(corpus, 'MANIFEST'), 'a', encoding='utf-8') as f:
        for case in added:
            f.write(case + '\n')
    print(f'{len(added)} cases added')
    for case in unknown:
        print(f'no id for the label of {case}: add it to known-failures.yaml with the reason')


if __name__ == '__main__':
    main()
