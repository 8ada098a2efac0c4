"""kdiag past one machine: `kdiag batch` over the partitions of a log list on a Dask cluster.

kdiag stays a stateless binary on every worker; Dask does the scheduling, the retries and the
fault handling (a worker that dies has its tasks run again elsewhere). Nothing here schedules.
  partition.py  splits the log list
  task.py       one partition: `kdiag batch` as a subprocess, one JSONL file, written atomically
  run.py        the command line: python3 -m scale.run --scheduler ADDR|--local N logs.txt outdir
"""
