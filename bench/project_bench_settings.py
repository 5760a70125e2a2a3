"""The project's real settings, with /bench/ routed to the trivial view."""

import os

from lms.settings import *  # noqa: F403 (the point is the project's settings, unchanged)
from lms.settings import MIDDLEWARE

ROOT_URLCONF = "bench.project_urls"

# Ablation only: BENCH_DROP_MIDDLEWARE="LocaleMiddleware,..." drops middleware by class
# name (or full dotted path) to find what costs most. Unset in the real measurement.
_drop = {
    name.strip()
    for name in os.environ.get("BENCH_DROP_MIDDLEWARE", "").split(",")
    if name.strip()
}
if _drop:
    MIDDLEWARE = [
        m for m in MIDDLEWARE if m not in _drop and m.rsplit(".", 1)[-1] not in _drop
    ]
