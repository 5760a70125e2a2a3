"""The measuring process of bench/certificate_render.py (one fresh process per phase).

`python -m bench.certificate_render_child first [--no-warm-up]`: a fresh process, as a
worker starts: Django set-up, `warm_up()` (unless --no-warm-up), the first
certificate, then steady state.

`python -m bench.certificate_render_child breakdown`: after `warm_up()`, the first
and second build of one certificate's HTML, then its first and second render.

`python -m bench.certificate_render_child steady ROUNDS BATCH MEMORY_COUNT`: one warm
process: raw WeasyPrint vs the full task path in interleaved rounds, then memory
growth over MEMORY_COUNT certificates, and PDF sizes.

Each takes certificates still without a PDF from the database (seeded by the parent)
and prints one JSON line last."""

import gc
import json
import resource
import sys
import time

T0 = time.perf_counter()

import django  # noqa: E402 (the process start is timed from the first line)

STEADY_AFTER_FIRST = 20
WARM_UP_CERTIFICATES = 20


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def next_ids(count: int) -> list[int]:
    from certificates.models import Certificate

    ids = list(
        Certificate.objects.filter(pdf="").order_by("pk").values_list("pk", flat=True)
    )[:count]
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} certificates left to render, {count} needed")
    return ids


def store(certificate_id: int) -> float:
    """The task's work for one certificate (what certificate_render_task calls)."""
    from certificates.services import certificate_pdf_store

    started = time.perf_counter()
    certificate = certificate_pdf_store(certificate_id=certificate_id)
    elapsed = time.perf_counter() - started
    if not certificate.pdf or certificate.status != "issued":
        raise SystemExit(f"certificate {certificate_id}: not stored and issued")
    return elapsed


def first(warm_up: bool) -> dict:
    django.setup()
    from certificates import rendering, services  # noqa: F401 (the task module's imports)

    setup = time.perf_counter() - T0
    warm = 0.0
    if warm_up:
        started = time.perf_counter()
        rendering.warm_up()
        warm = time.perf_counter() - started
    ids = next_ids(1 + STEADY_AFTER_FIRST)
    first_s = store(ids[0])
    steady = [store(i) for i in ids[1:]]
    return {
        "setup_s": setup,
        "warm_up_s": warm,
        "first_s": first_s,
        "steady_s": sorted(steady)[len(steady) // 2],
    }


def breakdown() -> dict:
    """Where the first certificate after warm_up() spends its time: the steps of
    the task path, each twice (first, then again on the same certificate)."""
    django.setup()
    from certificates import pdf, rendering
    from certificates.models import Certificate
    from certificates.rendering import certificate_html

    rendering.warm_up()
    certificate = Certificate.objects.get(pk=next_ids(1)[0])
    result = {}
    for step in ("html", "pdf"):
        for attempt in ("first", "second"):
            started = time.perf_counter()
            if step == "html":
                html = certificate_html(certificate)
            else:
                pdf.certificate_pdf(html)
            result[f"{step}_{attempt}_s"] = time.perf_counter() - started
    return result


def steady(rounds: int, batch: int, memory_count: int) -> dict:
    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates import pdf, rendering
    from certificates.models import Certificate
    from certificates.rendering import certificate_html

    rendering.warm_up()
    # The floor: WeasyPrint alone, its stylesheet and font configuration built once.
    font_config = FontConfiguration()
    css = CSS(filename=finders.find(pdf.STYLESHEET), font_config=font_config)
    base_url = settings.STATIC_ROOT.resolve().as_uri() + "/"

    def raw(html: str) -> tuple[float, int]:
        started = time.perf_counter()
        content = HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[css], font_config=font_config
        )
        return time.perf_counter() - started, len(content)

    for certificate in Certificate.objects.filter(pk__in=next_ids(3)):
        raw(certificate_html(certificate))
        store(certificate.pk)

    raw_times, full_times, raw_sizes = [], [], []
    for i in range(rounds):
        certificates = list(Certificate.objects.filter(pk__in=next_ids(batch)))
        htmls = [certificate_html(c) for c in certificates]
        order = ("raw", "full") if i % 2 == 0 else ("full", "raw")
        for kind in order:
            if kind == "raw":
                timed = [raw(html) for html in htmls]
                raw_times.append(sum(t for t, _ in timed) / batch)
                raw_sizes += [size for _, size in timed]
            else:
                full_times.append(sum(store(c.pk) for c in certificates) / batch)

    # Memory: warm up with the task path, then the same path many times.
    for certificate_id in next_ids(WARM_UP_CERTIFICATES):
        store(certificate_id)
    gc.collect()
    rss_before = rss_kib()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ids = next_ids(memory_count)
    started = time.perf_counter()
    for certificate_id in ids:
        store(certificate_id)
    memory_s = time.perf_counter() - started
    gc.collect()
    rss_after = rss_kib()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    stored = Certificate.objects.exclude(pdf="").only("pdf")
    sizes = [c.pdf.size for c in stored]
    return {
        "raw_s": raw_times,
        "full_s": full_times,
        "raw_pdf_bytes_max": max(raw_sizes),
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "maxrss_before_kib": maxrss_before,
        "maxrss_after_kib": maxrss_after,
        "memory_count": memory_count,
        "memory_per_pdf_s": memory_s / memory_count,
        "pdf_count": len(sizes),
        "pdf_bytes_max": max(sizes),
        "pdf_bytes_median": sorted(sizes)[len(sizes) // 2],
    }


def main() -> None:
    phase = sys.argv[1]
    if phase == "first":
        result = first(warm_up="--no-warm-up" not in sys.argv[2:])
    elif phase == "breakdown":
        result = breakdown()
    elif phase == "steady":
        rounds, batch, memory_count = (int(a) for a in sys.argv[2:5])
        result = steady(rounds, batch, memory_count)
    else:
        raise SystemExit(
            "usage: first [--no-warm-up] | breakdown | steady ROUNDS BATCH MEMORY"
        )
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
