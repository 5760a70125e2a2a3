"""manage.py demo: loads the demo accounts and courses; safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from certificates.demo import demo_portfolios_load
from courses.demo import (
    demo_courses_load,
    demo_h5p_lesson_load,
    demo_learner_halfway,
)
from members.models import LearnerGroup, Organisation, User
from reports.demo import demo_cohort_load
from stories.demo import demo_stories_load

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "demo.json"
# Léa is halfway through this one, so her home shows "Continuer".
DEMO_LEARNER_COURSE = "premiers-pas-smartphone"


class Command(BaseCommand):
    help = "Creates or refreshes the demo organisation, accounts, group and courses."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        organisations = {
            org["name"]: Organisation.objects.update_or_create(
                name=org["name"], defaults=org
            )[0]
            for org in data["organisations"]
        }
        users = {}
        for row in data["users"]:
            row = dict(row)
            superuser = row.pop("superuser", False)
            creator = users.get(row.pop("created_by", None))
            organisation = organisations.get(row.pop("organisation", None))
            user, _ = User.objects.update_or_create(
                username=row.pop("username"),
                defaults={
                    **row,
                    "organisation": organisation,
                    "created_by": creator,
                    "is_staff": superuser or row["role"] == User.Role.STAFF,
                    "is_superuser": superuser,
                },
            )
            user.set_password(data["password"])
            user.save(update_fields=["password"])
            self._verified_email(user)
            users[user.username] = user
        for row in data["groups"]:
            group, _ = LearnerGroup.objects.get_or_create(
                name=row["name"], trainer=users[row["trainer"]]
            )
            group.learners.set([users[name] for name in row["learners"]])
        demo_courses_load(users=users)
        demo_h5p_lesson_load(staff=users["admin"])
        demo_learner_halfway(learner=users["lea"], slug=DEMO_LEARNER_COURSE)
        demo_portfolios_load(users=users)
        demo_stories_load(users=users)
        demo_cohort_load(users=users)
        self._print_accounts(data)

    def _verified_email(self, user: User) -> None:
        from allauth.account.models import EmailAddress

        if user.email:
            EmailAddress.objects.update_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )

    def _print_accounts(self, data: dict) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts:"))
        for row in data["users"]:
            self.stdout.write(f"  {row['role']:<8} {row['username']:<6}")
        self.stdout.write(f"  password for all: {data['password']}")
