# bench/locust.ts: Locust's side of the comparison, the same users as one-user.ts and
# idle-users.ts (BENCH_IDLE=1): one request to the target's fast route, then a wait.
import os

import locust.runners

# Debian's python3-locust 2.12.1 reports an empty version, and a master and a worker refuse
# each other when their versions differ from what they expect: say which it is.
locust.runners.__version__ = "2.12.1"

from locust import HttpUser, between, constant, task  # noqa: E402


class Steady(HttpUser):
    wait_time = between(5, 10) if os.environ.get("BENCH_IDLE") == "1" else constant(1)

    @task
    def home(self):
        self.client.get("/")
