"""Django-side steps of bench/bulk_issuance.py, each in its own process:

- `seed COUNT [issued]`: one published course (a text lesson and a required final
  quiz) and COUNT learners who completed it through the real services, nothing
  queued; with `issued`, their certificates issued too (certificate_issue, the render
  not queued); prints the enrolment ids.
- `raw COUNT`: raw WeasyPrint (stylesheet and font configuration built once, after a
  warm-up) on the HTML of a certificate of this cohort; prints the per-PDF seconds,
  wall and CPU.
- `queue [render]`: queues certificate_issue_task for every completed enrolment, as a
  completion does (with `render`: certificate_render_task for every certificate in
  preparation); prints the wall-clock time (time.time()) of the first queueing."""

import json
import sys
import time

import django


def seed(count: int, issued: bool) -> None:
    from certificates import services
    from courses.models import Enrollment
    from courses.services import enrollment_create, lesson_complete
    from courses.signals import course_completed
    from members.models import User
    from tests.certificates.factories import course_with_quiz, take_quiz

    # Completion would queue the issuance now: the benchmark queues it itself later.
    course_completed.disconnect(dispatch_uid="certificates_issue")
    course, text, quiz_lesson = course_with_quiz(title="Se protéger des arnaques")
    users = User.objects.bulk_create(
        User(
            username=f"bench{i}",
            first_name=("Léa", "Mohamed", "ليلى", "Jan")[i % 4],
            last_name=f"Martin {i}",
            email=f"bench{i}@example.org",
            role=User.Role.LEARNER,
        )
        for i in range(count)
    )
    ids = []
    for user in users:
        enrollment = enrollment_create(user=user, course=course)
        lesson_complete(enrollment=enrollment, lesson=text)
        take_quiz(enrollment, quiz_lesson)
        enrollment.refresh_from_db()
        if enrollment.completed_at is None:
            raise SystemExit(f"enrolment {enrollment.pk} not complete")
        ids.append(enrollment.pk)
    if issued:
        services._schedule_render = lambda certificate_id: None  # queued later
        for enrollment in Enrollment.objects.filter(pk__in=ids):
            services.certificate_issue(enrollment=enrollment)
    sys.stdout.write(json.dumps(ids) + "\n")


def raw(count: int) -> None:
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates import pdf, rendering, services
    from certificates.codes import code_generate
    from certificates.models import Certificate
    from courses.models import Enrollment

    certificate = Certificate.objects.filter(status="issued").first()
    if certificate is None:  # before issuance: the same snapshot, not saved
        enrollment = Enrollment.objects.select_related("course", "user").first()
        certificate = Certificate(
            code=code_generate(), **services._snapshot(enrollment)
        )
    html = rendering.certificate_html(certificate)
    font_config = FontConfiguration()
    css = CSS(filename=finders.find(pdf.STYLESHEET), font_config=font_config)
    base_url = settings.STATIC_ROOT.resolve().as_uri() + "/"
    wall, cpu = [], []
    for i in range(5 + count):
        started, cpu_started = time.perf_counter(), time.process_time()
        HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[css], font_config=font_config
        )
        if i >= 5:  # the first ones load fonts
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    sys.stdout.write(json.dumps({"wall": wall, "cpu": cpu}) + "\n")


def queue(render: bool) -> None:
    from certificates.models import Certificate
    from certificates.tasks import certificate_issue_task, certificate_render_task
    from courses.models import Enrollment

    if render:
        task = certificate_render_task
        rows = Certificate.objects.filter(status=Certificate.Status.PREPARING)
    else:
        task = certificate_issue_task
        rows = Enrollment.objects.filter(completed_at__isnull=False)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    started = time.time()
    for row_id in ids:
        task.delay(row_id)
    sys.stdout.write(
        json.dumps({"started": started, "queued_in": time.time() - started}) + "\n"
    )


def main() -> None:
    django.setup()
    step = sys.argv[1]
    if step == "seed":
        seed(int(sys.argv[2]), issued="issued" in sys.argv[3:])
    elif step == "raw":
        raw(int(sys.argv[2]))
    elif step == "queue":
        queue(render="render" in sys.argv[2:])
    else:
        raise SystemExit("usage: seed COUNT [issued] | raw COUNT | queue [render]")


if __name__ == "__main__":
    main()
