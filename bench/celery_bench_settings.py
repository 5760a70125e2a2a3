"""The project's settings for bench/bulk_issuance.py: unchanged, except that tasks go
to a queue of the benchmark's own (BENCH_CELERY_QUEUE), so that nothing else on the
broker takes them and the benchmark takes nothing else; no remote control."""

import os

from lms.settings import *  # noqa: F403 (the point is the project's settings, unchanged)

CELERY_TASK_DEFAULT_QUEUE = os.environ["BENCH_CELERY_QUEUE"]
# No remote control: no shared pidbox keys on the broker.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
