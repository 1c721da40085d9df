# Veilig Lokaal — the two set-up commands of the README, and their parts.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo schema lint-api messages clean

run: install migrate demo ## create the environment, load the real registry and the demo, serve on :8000
	@echo "Veilig Lokaal draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl+C)"
	@# The background worker (imports, scoring; ADR 0008) runs next to the server and stops with it.
	$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: install ## the whole suite: unit, API contract (schemathesis + NL API Design Rules lint), browser + axe
	DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test $(PY) -m pytest
	$(MAKE) --no-print-directory lint-api

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
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
	node_modules/.bin/spectral lint --fail-severity=error -r ../shared/standards/nl-api-design-rules.spectral.yaml var/openapi.json

messages: install
	cd src/veiliglokaal && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var
