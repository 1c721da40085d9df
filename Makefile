# Veilig Lokaal — the two set-up commands of the README, and their parts.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000

# Tests run on both cores (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= 2
PYTEST_WORKERS := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

.PHONY: run test install migrate demo schema lint-api messages clean browser bench

run: install migrate demo ## create the environment, load the real registry and the demo, serve on :8000
	@echo "Veilig Lokaal draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl+C)"
	@# The background worker (imports, scoring; ADR 0008) runs next to the server and stops with it.
	$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: install browser ## the whole suite: unit, API contract (schemathesis + NL API Design Rules lint), browser + axe
	DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test $(PY) -m pytest $(PYTEST_WORKERS)
	$(MAKE) --no-print-directory lint-api

# Every benchmark at small sizes (< 10 min on 2 cores), one table; BENCH_FULL=1 full sizes, BENCH_ONLY=a,b a subset.
bench: $(VENV)/.installed ## run the benchmarks (docs/benchmarks.md); results in var/bench-results.json
	$(PY) benchmarks/run_all.py

# The browser tests need Debian's chromium. Missing: install it with apt when we can, otherwise stop with a clear
# message; only VL_SKIP_BROWSER=1 skips them (and the test summary says so).
browser:
	@if [ "$${VL_SKIP_BROWSER:-}" = 1 ]; then \
	  echo "WAARSCHUWING / WARNING: VL_SKIP_BROWSER=1 — de browsertests worden overgeslagen / browser tests are skipped"; \
	elif [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "== /usr/bin/chromium ontbreekt: installeren met apt-get"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }) \
	      || { echo "Chromium kon niet worden geïnstalleerd / could not install chromium (apt-get install chromium)"; exit 1; }; \
	  else \
	    echo "De browsertests hebben /usr/bin/chromium nodig: installeer het met 'sudo apt-get install chromium'," \
	         "of sla ze bewust over met VL_SKIP_BROWSER=1."; \
	    echo "The browser tests need /usr/bin/chromium: install it with 'sudo apt-get install chromium'," \
	         "or skip them explicitly with VL_SKIP_BROWSER=1."; \
	    exit 1; \
	  fi; \
	fi

install: $(VENV)/.installed node_modules/.installed

# The development environment: runtime (requirements.lock) plus tests and optional engines (requirements-dev.lock).
# Production installs requirements.lock only (README, "Production").
$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_registry
	$(PY) manage.py load_statistics

# The synthetic demo's notifications are not printed (they would bury the demo log-ins): locmem e-mail backend.
DEMO_ENV := EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

demo: install
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py load_gir_national_demo
	$(DEMO_ENV) $(PY) manage.py load_dook_demo
	$(DEMO_ENV) $(PY) manage.py score_dook GM0233
	$(DEMO_ENV) $(PY) manage.py score_dook GM0363
	$(DEMO_ENV) $(PY) manage.py load_online_demo
	$(DEMO_ENV) $(PY) manage.py load_monitoring_demo

schema: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test $(PY) manage.py spectacular --format openapi-json --file var/openapi.json --fail-on-warn

lint-api: schema ## NL API Design Rules (Logius) on the generated schema: zero errors allowed
	node_modules/.bin/spectral lint --fail-severity=error -r standards/nl-api-design-rules.spectral.yaml var/openapi.json

messages: install
	cd src/veiliglokaal && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var
