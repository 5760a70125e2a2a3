"""Copying a shared course ("Copier dans mes cours"): queries and time.

Builds, through the authoring services, a course of 40 text lessons (one with an
image, a recording and a video), 60 questions of every kind in two quizzes, and 5
H5P activities, plus a half-size course (20 lessons, 30 questions, same 5 H5P
activities); copies each 5 times and prints the queries and the median time of a
copy. The query count must not grow with the rows: exit status 1 when the two
courses' counts differ.

Runs on a temporary SQLite database and media folder (deleted at the end), or on
PostgreSQL with DATABASE_URL set:

    .venv/bin/python bench/course_copy.py
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-course-copy-"))
    os.environ.setdefault("SQLITE_PATH", str(work / "bench.sqlite3"))
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    sys.path.insert(0, str(ROOT))
    try:
        return _run()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from sharing import services
    from tests.sharing.factories import (
        h5p_libraries_install,
        rich_course,
        share,
        trainer_of,
    )

    h5p_libraries_install()
    sizes = {
        "20 lessons, 30 questions, 5 H5P": (20, 30),
        "40 lessons, 60 questions, 5 H5P": (40, 60),
    }
    counts = {}
    print(f"database: {connection.vendor}; {ROUNDS} copies of each course")
    for label, (lessons, questions) in sizes.items():
        course = share(
            rich_course(lessons=lessons, questions=questions, h5p=5, title=label)
        )
        times, queries = [], []
        for _round in range(ROUNDS):
            trainer = trainer_of()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                services.course_copy(source=course, trainer=trainer)
                times.append(time.perf_counter() - started)
            queries.append(len(captured))
        counts[label] = set(queries)
        print(
            f"{label}: {queries[0]} queries per copy "
            f"(all rounds: {sorted(set(queries))}), "
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
    same = len({frozenset(each) for each in counts.values()}) == 1
    print(f"queries independent of size: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
