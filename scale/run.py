"""python3 -m scale.run (--scheduler ADDR | --local N) logs.txt outdir

Runs `kdiag batch` over the partitions of the log list (one path per line) on a Dask cluster:
an existing one (--scheduler tcp://host:8786, started with `dask scheduler` / `dask worker`,
or Kubernetes), or a LocalCluster of N worker processes on this machine (--local N). Writes
outdir/part-NNNNN.jsonl (one file per partition, rows in list order) and the triage table,
outdir/summary.{txt,md,json} (kdiag summary over the partitions, in order). Exit status: 0 every
log was read, 2 some could not be (their rows say why), 1 a partition failed past its retries.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import uuid

from scale.partition import partition_file, partitions, read_log_list
from scale.task import run_partition

# Logs per task. Each task starts one `kdiag batch` (one engine build), so small partitions cost
# start-ups; a worker lost mid-task loses at most this many logs' work, which Dask then retries.
# bench/fleet.sh measures the run against `kdiag batch -j N`; this size keeps the two close.
DEFAULT_PARTITION = 100


def run(client, paths, outdir, kdiag, partition_size=DEFAULT_PARTITION, retries=3, jobs=1, on_done=None):
    """Submits one task per partition and waits for all; returns (rows, unreadable).

    on_done(index), if given, is called as each partition finishes (tests use it to kill a worker
    mid-run)."""
    from distributed import as_completed

    os.makedirs(outdir, exist_ok=True)
    for stale in glob.glob(os.path.join(outdir, "part-*.jsonl*")):
        os.remove(stale)  # a previous run's partitions must not mix with this one's
    parts = partitions(paths, partition_size)
    # A key of this run's own: a task whose key the scheduler still holds from an earlier run in
    # the same client would not run again (its old result would come back and, the partition file
    # just removed above, this run's output would lack it). pure=False for the same reason.
    run_id = uuid.uuid4().hex[:8]
    futures = [client.submit(run_partition, index, chunk, outdir, kdiag, jobs, key=f"kdiag-{run_id}-partition-{index}",
                             retries=retries, pure=False)
               for index, chunk in parts]
    rows = unreadable = 0
    for future in as_completed(futures):
        index, n, bad = future.result()
        rows += n
        unreadable += bad
        if on_done:
            on_done(index)
    return rows, unreadable, len(parts)


def write_summaries(outdir, kdiag, nparts):
    files = [partition_file(outdir, i) for i in range(nparts)]
    for fmt, name in (("text", "summary.txt"), ("markdown", "summary.md"), ("json", "summary.json")):
        with open(os.path.join(outdir, name), "wb") as out:
            subprocess.run([kdiag, "summary", "-f", fmt, *files], stdout=out, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m scale.run", description=__doc__.split("\n\n")[1])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDR", help="address of a running Dask scheduler (tcp://host:8786)")
    where.add_argument("--local", metavar="N", type=int, help="start a LocalCluster of N worker processes here")
    parser.add_argument("logs", help="file listing the logs, one path per line (as the workers see them)")
    parser.add_argument("outdir", help="directory for part-NNNNN.jsonl and summary.{txt,md,json}")
    parser.add_argument("--kdiag", default=os.environ.get("KDIAG", "kdiag"),
                        help="kdiag binary on the workers (default: $KDIAG or kdiag on PATH)")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION, metavar="N",
                        help=f"logs per task (default {DEFAULT_PARTITION})")
    parser.add_argument("--retries", type=int, default=3, help="retries of a failed partition (default 3)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="kdiag batch -j on each task (default 1: Dask runs one task per worker thread)")
    args = parser.parse_args(argv)

    kdiag = shutil.which(args.kdiag) or args.kdiag
    paths = read_log_list(args.logs)
    if not paths:
        parser.error(f"{args.logs}: no logs listed")
    from distributed import Client, LocalCluster

    if args.local:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, Client(args.scheduler)
    try:
        rows, unreadable, nparts = run(client, paths, args.outdir, kdiag, args.partition_size, args.retries, args.jobs)
    finally:
        client.close()
        if cluster:
            cluster.close()
    write_summaries(args.outdir, kdiag, nparts)
    print(f"scale.run: {rows} logs in {nparts} partitions, {unreadable} unreadable; "
          f"summary in {os.path.join(args.outdir, 'summary.txt')}", file=sys.stderr)
    return 2 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
