"""The mixed scenario of bench/load.py: learners browse, follow lessons, take the
quiz and fetch their certificates; trainers open their dashboards; partners verify
one code at a time and in bulk. Reads what bench/load_data.py seeded from LOAD_DATA."""

import itertools
import json
import os
import random
import re
from http.cookies import SimpleCookie

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_DATA"]).read())  # noqa: SIM115, PTH123
LEARNERS = itertools.cycle(DATA["learners"])
HOST = "127.0.0.1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _answer(question: dict) -> dict:
    """A well-formed answer of the question's kind (right or wrong alike)."""
    kind = question["kind"]
    count = len(question["choices"])
    if kind in ("single", "true_false"):
        return {"choice": random.randrange(count)}  # noqa: S311 (not crypto)
    if kind == "multiple":
        return {"choices": [0]}
    if kind == "ordering":
        return {"order": random.sample(range(count), count)}
    if kind == "matching":
        return {"matches": [None] * count}
    if kind == "number":
        return {"number": "3"}
    return {"text": "Oui"}


class Member(HttpUser):
    """A browser behind the TLS proxy: https as far as Django knows, cookies kept
    by hand (requests never sends Secure cookies over plain http)."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.cookies: dict[str, str] = {}

    def call(self, method: str, path: str, name: str | None = None, **kwargs):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            **kwargs.pop("headers", {}),
        }
        if self.cookies and "Authorization" not in headers:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.client.request(
            method,
            path,
            name=name or path,
            headers=headers,
            allow_redirects=False,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for key, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response

    def log_in(self, username: str) -> None:
        page = self.call("GET", "/accounts/login/")
        token = CSRF.search(page.text).group(1)
        answer = self.call(
            "POST",
            "/accounts/login/",
            data={
                "login": username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": token,
            },
        )
        if answer.status_code != 302:
            raise RuntimeError(f"log-in of {username} answered {answer.status_code}")

    def api(self, method: str, path: str, token: str, name: str, **kwargs):
        return self.call(
            method,
            path,
            name=name,
            headers={"Authorization": f"Token {token}"},
            **kwargs,
        )


class Learner(Member):
    weight = 6

    def on_start(self):
        super().on_start()
        account = next(LEARNERS)
        self.token = account["token"]
        self.log_in(account["username"])
        self.course = f"/courses/{DATA['course']}/"
        self.done = 0

    @task(3)
    def home(self):
        self.call("GET", "/")

    @task(2)
    def catalogue_and_course(self):
        self.call("GET", "/courses/")
        self.call("GET", self.course)

    @task(4)
    def follow_the_next_lesson(self):
        """Lessons open in order, as for a learner: the next one, then revisits."""
        if self.done >= len(DATA["lessons"]):
            lesson = random.choice(DATA["lessons"])  # noqa: S311
            self.call("GET", f"{self.course}lessons/{lesson}/", name="lesson page")
            return
        lesson = DATA["lessons"][self.done]
        self.call("GET", f"{self.course}lessons/{lesson}/", name="lesson page")
        done = self.api(
            "POST",
            f"/api/v1/lessons/{lesson}/complete/",
            self.token,
            name="/api/v1/lessons/{id}/complete/",
        )
        if done.ok:
            self.done += 1

    @task(1)
    def take_the_quiz(self):
        if not DATA["quizzes"] or self.done < len(DATA["lessons"]):
            return
        lesson = random.choice(DATA["quizzes"])  # noqa: S311
        started = self.api(
            "POST",
            f"/api/v1/lessons/{lesson}/quiz-attempts/",
            self.token,
            name="/api/v1/lessons/{id}/quiz-attempts/",
        )
        if started.status_code not in (200, 201):
            return
        attempt = started.json()
        for question in attempt["questions"]:
            self.api(
                "PUT",
                f"/api/v1/quiz-attempts/{attempt['id']}/answers/{question['position']}/",
                self.token,
                name="/api/v1/quiz-attempts/{id}/answers/{position}/",
                json={"answer": _answer(question)},
            )
        self.api(
            "POST",
            f"/api/v1/quiz-attempts/{attempt['id']}/submit/",
            self.token,
            name="/api/v1/quiz-attempts/{id}/submit/",
        )

    @task(1)
    def certificates(self):
        self.call("GET", "/certificates/")
        mine = self.api(
            "GET",
            "/api/v1/me/certificates/",
            self.token,
            name="/api/v1/me/certificates/",
        ).json()
        for certificate in mine[:1] if isinstance(mine, list) else []:
            if certificate.get("status") == "issued":
                self.call(
                    "GET",
                    f"/certificates/{certificate['code']}/pdf/",
                    name="certificate PDF",
                )


class Trainer(Member):
    weight = 1

    def on_start(self):
        super().on_start()
        self.log_in("tom")

    @task
    def dashboard(self):
        self.call(
            "GET", f"/teach/dashboard/{DATA['course']}/", name="trainer dashboard"
        )
        self.call("GET", "/teach/")


class Partner(Member):
    weight = 2

    def on_start(self):
        super().on_start()
        self.log_in("paula")

    @task(3)
    def verify_one(self):
        code = random.choice(DATA["codes"] or ["ABCD-EFGH-JKMN-P"])  # noqa: S311
        self.call("GET", f"/v/{code}", name="/v/{code}")

    @task(1)
    def verify_in_bulk(self):
        page = self.call("GET", "/partners/verify/")
        token = CSRF.search(page.text).group(1)
        self.call(
            "POST",
            "/partners/verify/",
            data={"codes": "\n".join(DATA["codes"]), "csrfmiddlewaretoken": token},
        )
        self.api(
            "POST",
            "/api/v1/verifications/",
            DATA["partner_token"],
            name="/api/v1/verifications/",
            json={"codes": DATA["codes"] or ["ABCD-EFGH-JKMN-P"]},
        )
