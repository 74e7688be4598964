"""The loopback load test's users (run by bench/load.py as `locust --headless`): each signs in
as a partnership's commissioner (a session cookie made by the benchmark) and mixes the register
list, a filtered list, person pages, the dashboard and the API's people list with some writes
(an action's status, through the API with a token, as an external system would)."""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

CONFIG = json.loads(Path(os.environ["BENCH_LOCUST_CONFIG"]).read_text())
_NEXT = itertools.count()


class SignedInUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        index = next(_NEXT)
        self.me = CONFIG["users"][index % len(CONFIG["users"])]
        self.client.cookies.set(CONFIG["cookie_name"], self.me["cookie"])
        # Actions this user alone changes, with the status each has now.
        self.actions = dict.fromkeys(self.me["actions"][index // len(CONFIG["users"]) :: 4], "OPEN")
        self.rng = random.Random(index)  # noqa: S311 - picks pages, not secrets

    @task(4)
    def register_list(self) -> None:
        self.client.get("/register/", name="/register/")

    @task(2)
    def filtered_list(self) -> None:
        self.client.get("/register/?status=INPATIENT", name="/register/?status=INPATIENT")

    @task(4)
    def person(self) -> None:
        pk = self.rng.choice(self.me["people"])
        self.client.get(f"/register/people/{pk}/", name="/register/people/[id]/")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def api_people(self) -> None:
        self.client.get("/api/v1/people/", name="/api/v1/people/")

    @task(1)
    def change_an_action(self) -> None:
        if not self.actions:
            return
        pk = self.rng.choice(list(self.actions))
        status = "IN_PROGRESS" if self.actions[pk] == "OPEN" else "OPEN"
        response = self.client.post(
            f"/api/v1/actions/{pk}/status/",
            json={"status": status, "reason": ""},
            headers={"Authorization": f"Token {self.me['token']}"},
            cookies={},
            name="/api/v1/actions/[id]/status/ (write)",
        )
        if response.status_code == 200:
            self.actions[pk] = status
