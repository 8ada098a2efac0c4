"""One partition, as a Dask task: `kdiag batch` over its paths, its rows written to one JSONL file.

The task is idempotent, so Dask may run it again (a retry, or a worker that died mid-task): the
rows are collected from kdiag's stdout and the file appears only whole, by a rename. A half-done
attempt on a killed worker leaves at most a temporary file that nobody reads."""
import os
import subprocess
import uuid

from scale.partition import partition_file

# kdiag batch's exit status: 0 every log was read; 2 some were not (their rows say why). Anything
# else (a crash, a signal) fails the task, and Dask retries it.
_READ_ALL, _SOME_UNREADABLE = 0, 2


class KdiagFailed(RuntimeError):
    pass


def run_partition(index, paths, outdir, kdiag="kdiag", jobs=1):
    """Runs kdiag on one partition; returns (index, rows, unreadable)."""
    listing = "".join(p + "\n" for p in paths)
    proc = subprocess.run([kdiag, "batch", "-q", "-j", str(jobs), "-"], input=listing.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (_READ_ALL, _SOME_UNREADABLE):
        raise KdiagFailed(f"partition {index}: {kdiag} batch exited {proc.returncode}: "
                          f"{proc.stderr.decode(errors='replace')[-2000:]}")
    rows = proc.stdout.count(b"\n")
    if rows != len(paths):
        raise KdiagFailed(f"partition {index}: {rows} rows for {len(paths)} logs")
    final = partition_file(outdir, index)
    tmp = f"{final}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "wb") as f:
        f.write(proc.stdout)
    os.replace(tmp, final)
    return index, rows, proc.stdout.count(b'"error":')
