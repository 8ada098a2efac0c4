#!/usr/bin/python3
"""scale/ on a Dask LocalCluster of 2 worker processes, over the corpus repeated to >= 2000 logs:
  1. the partitions' rows, concatenated in partition order, equal a serial `kdiag batch -j1`,
     byte for byte, and the summaries equal `kdiag summary` of the serial rows;
  2. a worker process killed (SIGKILL) while it runs a partition loses no log: Dask runs the task
     again on a live worker (the nanny restarts the dead one), and the summary is unchanged.
Runs with Debian's python3 (python3-distributed); scripts/test.sh installs it before ctest.

  dask_test.py KDIAG SOURCE_DIR [WORKER_KDIAG]   (WORKER_KDIAG: what the workers run instead of
                                                  KDIAG, to show the test fails on a bad one)
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

kdiag, source = sys.argv[1], sys.argv[2]
worker_kdiag = sys.argv[3] if len(sys.argv) > 3 else kdiag
sys.path.insert(0, source)

from distributed import Client, LocalCluster  # noqa: E402

from scale.partition import partition_file  # noqa: E402
from scale.run import run, write_summaries  # noqa: E402

PARTITION = 25


def corpus_list(tmp):
    logs = sorted(os.path.join(source, "corpus", d, "log.txt") for d in os.listdir(os.path.join(source, "corpus"))
                  if os.path.isfile(os.path.join(source, "corpus", d, "log.txt")))
    paths = []
    while len(paths) < 2000:
        paths += logs
    listing = os.path.join(tmp, "logs.txt")
    with open(listing, "w") as f:
        f.write("".join(p + "\n" for p in paths))
    return paths, listing


def serial(listing, tmp):
    out = os.path.join(tmp, "serial.jsonl")
    with open(listing) as stdin, open(out, "wb") as stdout:
        subprocess.run([kdiag, "batch", "-q", "-j1", "-"], stdin=stdin, stdout=stdout, check=True)
    summaries = {}
    for fmt in ("text", "markdown", "json"):
        summaries[fmt] = subprocess.run([kdiag, "summary", "-f", fmt, out], capture_output=True, check=True).stdout
    with open(out, "rb") as f:
        return f.read(), summaries


def check(outdir, nparts, want_rows, want_summaries, what):
    got = b"".join(open(partition_file(outdir, i), "rb").read() for i in range(nparts))
    if got != want_rows:
        a, b = got.splitlines(), want_rows.splitlines()
        diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        sys.exit(f"FAIL ({what}): the partitions' rows differ from the serial batch "
                 f"({len(a)} rows vs {len(b)}; first difference at row {diff + 1})")
    write_summaries(outdir, kdiag, nparts)
    for fmt, name in (("text", "summary.txt"), ("markdown", "summary.md"), ("json", "summary.json")):
        if open(os.path.join(outdir, name), "rb").read() != want_summaries[fmt]:
            sys.exit(f"FAIL ({what}): {name} differs from the serial summary")
    print(f"{what}: {len(want_rows.splitlines())} rows in {nparts} partitions equal the serial batch; summaries equal")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        paths, listing = corpus_list(tmp)
        want_rows, want_summaries = serial(listing, tmp)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
        try:
            t = time.monotonic()
            rows, bad, nparts = run(client, paths, os.path.join(tmp, "plain"), worker_kdiag, PARTITION)
            print(f"dask run: {rows} logs in {time.monotonic() - t:.1f} s on 2 workers")
            # Again at once with the same client: every partition must run anew (task keys the
            # scheduler still held from the first run once returned their old results, and the
            # second run's folder lacked those partitions).
            run(client, paths, os.path.join(tmp, "again"), worker_kdiag, PARTITION)
            check(os.path.join(tmp, "plain"), nparts, want_rows, want_summaries, "2 workers")
            check(os.path.join(tmp, "again"), nparts, want_rows, want_summaries, "the same run again at once")

            killed = {}

            def kill_busy_worker(index):
                # After a few partitions, kill a worker that is running one right now.
                if killed or index < 0 or len(done) < 3:
                    return
                busy = [w for w, keys in client.processing().items() if keys]
                if not busy:
                    return
                pids = client.run(os.getpid, workers=[busy[0]])
                killed["pid"], killed["lost"] = pids[busy[0]], list(client.processing()[busy[0]])
                os.kill(killed["pid"], signal.SIGKILL)

            done = []

            def on_done(index):
                done.append(index)
                kill_busy_worker(index)

            rows, bad, nparts = run(client, paths, os.path.join(tmp, "killed"), worker_kdiag, PARTITION,
                                    on_done=on_done)
            if not killed:
                sys.exit("FAIL: no worker was busy to kill: the run ended too soon to test a crash")
            print(f"killed worker pid {killed['pid']} while it ran {killed['lost']}; "
                  f"{len(done)}/{nparts} partitions done")
            if sorted(done) != list(range(nparts)):
                sys.exit(f"FAIL: partitions done {sorted(set(range(nparts)) - set(done))} missing")
            check(os.path.join(tmp, "killed"), nparts, want_rows, want_summaries, "worker killed mid-run")
        finally:
            client.close()
            cluster.close()


if __name__ == "__main__":
    main()
