"""bench/fleet.sh's Dask figure: the least time of RUNS runs of scale.run.run() over a log list on
a LocalCluster of 2 worker processes, the cluster started once (its start-up is not kdiag's cost).
A file, not a heredoc: Dask's worker processes are spawned, and re-import __main__ from its file.
  python3 bench/fleet_dask.py KDIAG LOGS.txt OUTDIR RUNS"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from distributed import Client, LocalCluster  # noqa: E402

from scale.partition import read_log_list  # noqa: E402
from scale.run import run  # noqa: E402


def main():
    kdiag, listing, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    paths = read_log_list(listing)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        times = []
        for _ in range(runs):
            start = time.monotonic()
            run(client, paths, out, kdiag)
            times.append(time.monotonic() - start)
    print(f"{min(times):.3f}")


if __name__ == "__main__":
    main()
