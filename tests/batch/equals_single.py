#!/usr/bin/env python3
"""kdiag batch on the whole corpus equals one `kdiag --format json LOG` per log, field by field.

Each row must hold every field of the single run with the same value, plus only "path" and
"verdict", and each diagnosis only "excerpt" more. The excerpt must show every evidence line it
has room for, marked as evidence, with at most 40 lines of at most 512 bytes. The output is the
same, byte for byte, with -j1 and -j3 (input order, whatever the parallelism).

  equals_single.py KDIAG CORPUS_DIR [ROWS.jsonl]   (ROWS: compare that file instead of running
                                                    batch, to show the test fails on a bad one)
"""
import json
import pathlib
import subprocess
import sys

VERDICTS = {"kernel-failure", "infrastructure", "clean", "unknown"}


def main():
    kdiag, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
    logs = sorted(str(p) for p in corpus.glob("*/log.txt"))
    assert len(logs) > 100, f"too few corpus logs: {len(logs)}"
    listing = "".join(p + "\n" for p in logs)
    if len(sys.argv) > 3:
        out = pathlib.Path(sys.argv[3]).read_text()
    else:
        run = lambda j: subprocess.run([kdiag, "batch", "-q", "-j", j, "-"], input=listing, capture_output=True,
                                       text=True, check=True).stdout
        out = run("3")
        if run("1") != out:
            sys.exit("FAIL: -j1 and -j3 outputs differ")
    rows = [json.loads(line) for line in out.splitlines()]
    if [r.get("path") for r in rows] != logs:
        sys.exit("FAIL: rows are not one per log in input order")
    failures = 0
    for path, row in zip(logs, rows):
        single = json.loads(subprocess.run([kdiag, "--format", "json", path], capture_output=True, text=True).stdout)
        problems = compare(single, row)
        if problems:
            failures += 1
            print(f"FAIL {path}:", *problems[:5], sep="\n  ")
    print(f"batch vs single: {len(rows)} logs, {failures} differ")
    sys.exit(1 if failures else 0)


def compare(single, row):
    p = []
    extra = set(row) - set(single)
    if extra != {"path", "verdict"}:
        p.append(f"row's own fields are {sorted(extra)}, want path and verdict")
    if row.get("verdict") not in VERDICTS:
        p.append(f"verdict {row.get('verdict')!r}")
    for key, value in single.items():
        if key == "diagnoses":
            continue
        if row.get(key) != value:
            p.append(f"{key}: {row.get(key)!r} != {value!r}")
    sd, rd = single.get("diagnoses", []), row.get("diagnoses", [])
    if len(sd) != len(rd):
        return p + [f"{len(rd)} diagnoses, single run has {len(sd)}"]
    for i, (a, b) in enumerate(zip(sd, rd)):
        b = dict(b)
        excerpt = b.pop("excerpt", None)
        if a != b:
            p.append(f"diagnosis {i} ({a.get('id')}) differs: {sorted(k for k in a if a.get(k) != b.get(k))}")
        p += check_excerpt(a, excerpt, i)
    return p


def check_excerpt(diagnosis, excerpt, i):
    if not isinstance(excerpt, list):
        return [f"diagnosis {i}: no excerpt"]
    p = []
    if len(excerpt) > 40 or any(len(l["text"].encode()) > 512 for l in excerpt):
        p.append(f"diagnosis {i}: excerpt over its bounds")
    numbers = [l["line"] for l in excerpt]
    if numbers != sorted(set(numbers)):
        p.append(f"diagnosis {i}: excerpt lines not in order")
    shown = {l["line"]: l for l in excerpt}
    evidence = sorted({e["line"] for e in diagnosis["evidence"]})
    for n in evidence:
        if n in shown:
            if not shown[n]["evidence"]:
                p.append(f"diagnosis {i}: evidence line {n} not marked")
            text = next(e["text"] for e in diagnosis["evidence"] if e["line"] == n)
            # Evidence read across a wrapped line starts with the line as shown, up to the
            # spaces at its end: the join puts one space where the break was.
            if not text.startswith(shown[n]["text"][:100].rstrip()):
                p.append(f"diagnosis {i}: line {n} text differs from the evidence")
        elif len(excerpt) < 34:  # room left for another window of 7: it must be there
            p.append(f"diagnosis {i}: evidence line {n} missing from the excerpt")
    if evidence and not excerpt:
        p.append(f"diagnosis {i}: evidence but an empty excerpt")
    return p


if __name__ == "__main__":
    main()
