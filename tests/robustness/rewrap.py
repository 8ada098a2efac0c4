#!/usr/bin/env python3
"""Text as it really arrives: every short real log of the corpus, bent the ways mail, forums and
terminals bend it, must keep its top diagnosis.

Variants of each log (failure cases, logs up to 64 KB):
  mail      quoted with '> ' and wrapped at 72 columns on spaces, as a mailer does;
  terminal  cut every 80 columns, in the middle of words, as a pasted terminal is;
  quoted2   quoted twice ('> > ') with extra spaces, as a reply to a reply.
For each, kdiag's top id is compared with its top id on the log as stored. Prints the cases that
changed and, per variant, how many kept their diagnosis; fails when more changed than --allow.

usage: rewrap.py KDIAG CORPUS [--allow N] [--show]
"""
import argparse, json, os, re, subprocess, sys, tempfile, textwrap

import yaml


# Escape sequences take no columns on a screen, and text copied from a terminal to be mailed or
# pasted has none: both bent variants start from the text as it was shown.
ESCAPES = re.compile(r'\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])')


def shown(line):
    return ESCAPES.sub('', line)


def mail(text):
    out = []
    for line in map(shown, text.split('\n')):
        wrapped = textwrap.wrap(line, width=70, break_long_words=False, break_on_hyphens=False,
                                drop_whitespace=True, replace_whitespace=False) or ['']
        out += ['> ' + w for w in wrapped]
    return '\n'.join(out)


def terminal(text):
    out = []
    for line in map(shown, text.split('\n')):
        out += [line[i:i + 80] for i in range(0, max(len(line), 1), 80)]
    return '\n'.join(out)


def quoted2(text):
    return '\n'.join('> >   ' + line for line in text.split('\n'))


VARIANTS = {'mail': mail, 'terminal': terminal, 'quoted2': quoted2}


def top(kdiag, paths):
    run = subprocess.run([kdiag, '--format', 'json', '--top', '1'] + paths, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f'kdiag exited {run.returncode} on {paths}: {run.stderr.strip()}')
    diagnoses = json.loads(run.stdout)['diagnoses']
    return diagnoses[0]['id'] if diagnoses else '(none)'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('kdiag')
    ap.add_argument('corpus')
    ap.add_argument('--allow', type=int, default=0, help='changed top ids tolerated in all variants together')
    ap.add_argument('--show', action='store_true')
    args = ap.parse_args()
    kept = {v: 0 for v in VARIANTS}
    total = 0
    changed = []
    with tempfile.TemporaryDirectory() as scratch:
        for case in sorted(os.listdir(args.corpus)):
            folder = os.path.join(args.corpus, case)
            meta_path = os.path.join(folder, 'meta.yaml')
            if not os.path.isfile(meta_path):
                continue
            meta = yaml.safe_load(open(meta_path))
            expect = meta.get('expect') or {}
            if expect.get('benign') or meta.get('synthetic'):
                continue
            logs = meta.get('logs') or ['log.txt']
            paths = [os.path.join(folder, log) for log in logs]
            if sum(os.path.getsize(p) for p in paths) > 64 * 1024:
                continue
            original = top(args.kdiag, paths)
            if original == '(none)':
                continue
            total += 1
            for name, bend in VARIANTS.items():
                bent = []
                for i, p in enumerate(paths):
                    text = open(p, encoding='utf-8', errors='replace').read()
                    out = os.path.join(scratch, f'{i}-{os.path.basename(p)}')
                    with open(out, 'w', encoding='utf-8') as f:
                        f.write(bend(text))
                    bent.append(out)
                got = top(args.kdiag, bent)
                if got == original:
                    kept[name] += 1
                else:
                    changed.append((case, name, original, got))
    for case, name, original, got in changed:
        print(f'changed  {name:9} {case}: {original} -> {got}')
    for name in VARIANTS:
        print(f'{name:9} kept the top diagnosis in {kept[name]}/{total} logs')
    if total == 0:
        sys.exit('no corpus logs to bend: wrong corpus path?')
    if len(changed) > args.allow:
        sys.exit(f'{len(changed)} bent logs changed their top diagnosis (allowed: {args.allow})')


if __name__ == '__main__':
    main()
