"""Splitting a log list into partitions: contiguous runs of the list, so that concatenating the
partitions' outputs in partition order gives the rows in the list's order (what a serial
`kdiag batch` prints)."""


def read_log_list(path):
    """The paths of a list file, one per line; blank lines are skipped."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def partitions(paths, size):
    """[(index, [paths...]), ...]: runs of at most `size` paths, in order."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    return [(i, paths[start:start + size]) for i, start in enumerate(range(0, len(paths), size))]


def partition_file(outdir, index):
    """Where partition `index` writes its rows: the names sort in partition order."""
    return f"{outdir}/part-{index:05d}.jsonl"
