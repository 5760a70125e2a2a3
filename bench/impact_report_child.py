"""Django-side steps of bench/impact_report.py, in one process on a migrated
database: builds the data, then times the report and prints one JSON line."""

import json
import statistics
import sys
import time
from datetime import timedelta

import django

# Built once per process: the page's static URLs without collectstatic's manifest.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class QueryTimer:
    """Times each query (the debug cursor rounds to the millisecond)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - begun, sql, params))


def p95(values: list[float]) -> float:
    """Nearest rank: of 20 rounds, the second slowest; of 10 or fewer, the slowest."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def main() -> None:
    enrolments, certificates, rounds = (int(a) for a in sys.argv[1:4])
    explain = "--explain" in sys.argv[4:]
    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test client's host, e-mails kept in memory
    with override_settings(STORAGES=PLAIN_STATIC):
        result = _run(enrolments, certificates, rounds, explain)
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")


def _run(enrolments: int, certificates: int, rounds: int, explain: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from members.models import User
    from reports.published import report_publish
    from reports.selectors import Period, impact_figures
    from tests.factories import StaffFactory
    from tests.reports.factories import population_bulk

    today = timezone.localdate()
    started = time.perf_counter()
    # A year of work, completions (up to 20 days later) all in the past.
    organisations = population_bulk(
        enrolments=enrolments,
        certificates=certificates,
        start=today - timedelta(days=364),
        days=340,
        organisations=8,
        courses=20,
        lessons=5,
    )
    print(
        f"data: {enrolments} enrolments, {certificates} certificates, "
        f"{len(organisations)} organisations, 20 courses, bulk_create in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: the planner needs row counts.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    period = Period(today - timedelta(days=364), today)
    one = organisations[0]
    figures = impact_figures(period=period, organisation=None)
    if (figures.enrolments, figures.certificates) != (enrolments, certificates):
        raise SystemExit(f"data not as built: {figures}")
    staff, coordinator = Client(), Client()
    staff.force_login(StaffFactory())
    coordinator.force_login(
        User.objects.filter(role=User.Role.TRAINER, organisation=one).first()
    )
    page = reverse("reports:report-detail")

    def get(client, query):
        response = client.get(page, query)
        if response.status_code != 200 or b"report-table" not in response.content:
            raise SystemExit(f"page answered {response.status_code}")

    targets = {
        "figures+publish, platform": lambda: report_publish(
            impact_figures(period=period, organisation=None)
        ),
        "figures+publish, one organisation": lambda: report_publish(
            impact_figures(period=period, organisation=one)
        ),
        "page, platform (staff)": lambda: get(staff, {}),
        "page, one organisation (coordinator)": lambda: get(coordinator, {}),
    }
    queries, slowest = {}, {}
    for name, work in targets.items():
        work()  # warm-up: templates, translations, caches
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            work()
        queries[name] = len(timer.queries)
        slowest[name] = max(timer.queries, key=lambda query: query[0])
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _round in range(rounds):
        for name, work in targets.items():  # interleaved
            begun = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - begun)
    result = {"vendor": connection.vendor, "targets": {}}
    for name in targets:
        ms = [t * 1000 for t in times[name]]
        result["targets"][name] = {
            "median_ms": statistics.median(ms),
            "p95_ms": p95(ms),
            "max_ms": max(ms),
            "queries": queries[name],
            "slowest_query_ms": slowest[name][0] * 1000,
        }
        print(
            f"  {name:<38} median {statistics.median(ms):7.1f} ms  "
            f"p95 {p95(ms):7.1f} ms  {queries[name]:2} queries, slowest "
            f"{slowest[name][0] * 1000:.1f} ms",
            flush=True,
        )
    if explain:
        for name in list(targets)[:2]:
            _explain(connection, name, *slowest[name][1:])
    return result


def _explain(connection, name: str, sql: str, params) -> None:
    """The plan of a target's slowest query (ANALYZE on PostgreSQL)."""
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    print(f"slowest query of {name}:\n{sql}\n{params}\nplan:")
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        for row in cursor.fetchall():
            print("  " + " | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
