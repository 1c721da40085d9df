"""Benchmark: GIR registration rate under concurrent load, on loopback only.

Sets up a throw-away database (SQLite file under var/, or the PostgreSQL database named by BENCH_DATABASE_URL),
loads the registry and the demo (synthetic users), starts the app with `manage.py runserver --noreload` on
127.0.0.1, and sends a bounded number of requests from a thread pool:

  * POST /api/v1/incidents (a registration: validation, tenancy, processing-log entry in the same transaction,
    notification e-mail on commit to the console backend) with an employee's API key;
  * baseline in the same run: GET /api/v1/me with the same key (authentication and tenancy only).

Prints requests per second, median and p95 latency for both, and the ratio registration / baseline; one
`BENCH_RESULT` line (`benchmarks/_result.py`). The baseline is a floor, not a faster way to do the same work: the
ratio says what a registration costs on top of authentication, not a speed-up.

    .venv/bin/python benchmarks/gir_registration_load.py
    BENCH_DATABASE_URL=postgres://veiliglokaal:veiliglokaal@127.0.0.1:5432/veiliglokaal_bench .venv/bin/python benchmarks/gir_registration_load.py
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _result import emit

REPO = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def _env() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="veiliglokaal.settings.local", DEMO_MODE="true", DEBUG="false",
               EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", LOG_LEVEL="WARNING")
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{REPO / 'var' / 'bench-load.sqlite3'}"
    return env


def _manage(*args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=_env(), capture_output=True,
                            text=True, check=True)
    return result.stdout


def _prepare() -> str:
    (REPO / "var").mkdir(exist_ok=True)
    (REPO / "var" / "bench-load.sqlite3").unlink(missing_ok=True)
    _manage("flush", "--no-input") if os.environ.get("BENCH_DATABASE_URL") else None
    _manage("migrate", "--no-input", "-v0")
    _manage("load_registry")
    _manage("load_demo")
    code = ("from veiliglokaal.accounts.models import User;from veiliglokaal.accounts.selectors import tenant_for;"
            "from veiliglokaal.accounts.services import issue_api_token;from veiliglokaal.core.models import Municipality;"
            "u=User.objects.get(username='demo-medewerker');m=Municipality.objects.get(code='GM0233');"
            "print(issue_api_token(tenant_for(u,m.pk),u,'benchmark').key)")
    return _manage("shell", "-c", code).strip().splitlines()[-1]


def _request(method: str, path: str, key: str, body: dict | None = None) -> float:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={
        "Authorization": f"Token {key}", "Content-Type": "application/json", "Accept": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {path}: {response.status}")
    return time.perf_counter() - started


def _registration(index: int) -> dict:
    return {"occurredAt": "2026-11-02T10:00:00+01:00", "location": "balie", "victimRole": "baliemedewerker",
            "types": ["verbaal-geweld"], "channel": "face-to-face",
            "description": f"[BENCHMARK] synthetische melding {index}"}


def _run(label: str, call) -> dict:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        latencies = list(pool.map(call, range(REQUESTS)))
    wall = time.perf_counter() - started
    latencies.sort()
    figures = {"label": label, "rate": REQUESTS / wall, "median_ms": statistics.median(latencies) * 1000,
               "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000}
    print(f"{label:<28} {figures['rate']:7.1f} req/s   median {figures['median_ms']:7.1f} ms   "
          f"p95 {figures['p95_ms']:7.1f} ms   ({REQUESTS} requests, {WORKERS} concurrent)")
    return figures


def main() -> None:
    key = _prepare()
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
                              cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):  # wait until it answers, at most 20 s
            try:
                _request("GET", "/api/v1/me", key)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        # Check the payload once before timing; fail loudly instead of timing errors.
        _request("POST", "/api/v1/incidents", key, _registration(-1))
        baseline = _run("baseline GET /api/v1/me", lambda i: _request("GET", "/api/v1/me", key))
        register = _run("POST /api/v1/incidents", lambda i: _request("POST", "/api/v1/incidents", key, _registration(i)))
        database = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
        emit(f"GIR registration POST /api/v1/incidents, {database}, req/s", register["rate"], baseline["rate"],
             unit="req/s", higher_is_better=True, baseline_name="GET /api/v1/me (authentication only: a floor)",
             note=f"median {register['median_ms']:.0f} ms, p95 {register['p95_ms']:.0f} ms; {REQUESTS} requests, "
                  f"{WORKERS} concurrent; runserver on loopback")
        print(f"ratio registration/baseline: median {register['median_ms'] / baseline['median_ms']:.1f}x, "
              f"rate {baseline['rate'] / register['rate']:.1f}x lower")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
