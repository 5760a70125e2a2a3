"""Child steps of bench/load.py, run in their own Django process: `seed` adds learners
to the demo and prints what the locust users need; `check` prints the rows and e-mails
that exist more than once after the load."""

import json
import os
import re
import sys
from email import message_from_string
from email.header import decode_header, make_header
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from courses.models import Course, Enrollment, Lesson, LessonProgress  # noqa: E402
from members.models import User  # noqa: E402
from quizzes.models import Attempt  # noqa: E402

COURSE = "premiers-pas-smartphone"
PASSWORD = "sirius-demo-2026"  # noqa: S105 (the demo's documented password)


def seed(learners: int) -> dict:
    call_command("demo", verbosity=0)
    course = Course.objects.get(slug=COURSE)
    # One hash for all: hashing hundreds of passwords would take minutes.
    password = make_password(PASSWORD)
    accounts = []
    for number in range(1, learners + 1):
        user, _created = User.objects.update_or_create(
            username=f"load{number:03d}",
            defaults={"first_name": "Charge", "last_name": f"{number:03d}"},
        )
        user.password = password
        user.save(update_fields=["password"])
        Enrollment.objects.get_or_create(user=user, course=course)
        token, _created = Token.objects.get_or_create(user=user)
        accounts.append({"username": user.username, "token": token.key})
    lessons = Lesson.objects.filter(module__course=course).order_by(
        "module__position", "position"
    )
    paula = User.objects.get(username="paula")
    return {
        "password": PASSWORD,
        "course": COURSE,
        "learners": accounts,
        "lessons": [lesson.pk for lesson in lessons if lesson.kind != "quiz"],
        "quizzes": [lesson.pk for lesson in lessons if lesson.kind == "quiz"],
        "codes": list(
            Certificate.objects.filter(status=Certificate.Status.ISSUED).values_list(
                "code", flat=True
            )
        ),
        "partner_token": Token.objects.get_or_create(user=paula)[0].key,
    }


def _twice(queryset, *fields) -> int:
    return queryset.values(*fields).annotate(n=Count("pk")).filter(n__gt=1).count()


def check(mail_folder: Path) -> dict:
    # Django's file backend writes messages one after another, separated by a
    # line of 79 dashes; the headers are parsed as a mail client would (a long
    # subject is folded over several encoded lines).
    recipients: dict[tuple[str, str], int] = {}
    for path in sorted(mail_folder.glob("*")):
        text = path.read_text(errors="replace")
        for chunk in re.split(r"\n-{79}\n", text):
            message = message_from_string(chunk.lstrip("\n"))
            if message["To"] and message["Subject"]:
                subject = str(make_header(decode_header(message["Subject"])))
                key = (message["To"].strip(), subject)
                recipients[key] = recipients.get(key, 0) + 1
    return {
        "lesson_progress": _twice(LessonProgress.objects, "enrollment", "lesson"),
        "attempts": _twice(Attempt.objects, "user", "quiz", "number"),
        "certificates": _twice(Certificate.objects, "user", "course"),
        "e-mails": sum(1 for n in recipients.values() if n > 1),
        "certificates_issued": Certificate.objects.filter(
            status=Certificate.Status.ISSUED
        ).count(),
        "attempts_submitted": Attempt.objects.filter(
            submitted_at__isnull=False
        ).count(),
        "e-mails_sent": sum(recipients.values()),
        # Every certificate marked as announced must have its e-mail in the folder:
        # otherwise the doubles count above looked at the wrong place.
        "certificate_e-mails_expected": Certificate.objects.filter(
            ready_email_sent_at__isnull=False, user__email__gt=""
        ).count(),
        "certificate_e-mails_found": sum(
            1 for (_to, subject) in recipients if "certificat" in subject.lower()
        ),
    }


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "seed":
        print(json.dumps(seed(int(sys.argv[2]))))
    elif step == "check":
        print(json.dumps(check(Path(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown step {step!r}: seed or check")
