# Developer entry points. The real work is in scripts/ (see the comments there).
.PHONY: run test lint format assets bench resilience security

# Local dev server with demo data (SQLite, eager Celery) on http://127.0.0.1:8000/
run:
	scripts/run.sh

# Lint + full test suite against throwaway PostgreSQL/Redis (what CI runs).
# Pass pytest arguments with ARGS, e.g. make test ARGS="-k login"
test:
	scripts/test.sh $(ARGS)

lint:
	uv run ruff check .
	uv run ruff format --check .

format:
	uv run ruff format .
	uv run ruff check --fix .

assets:
	npm ci
	npm run build

# Benchmarks need real PostgreSQL and Redis.
bench:
	scripts/with-services.sh uv run python -m benchmarks
	scripts/with-services.sh uv run python -m benchmarks.timings

# Fault tolerance: tests that stop and start their own Redis, PostgreSQL, portal and workers on
# free ports, against throwaway PostgreSQL/Redis; `make test` deselects them (the `resilience`
# marker). Tables from the models (--nomigrations; make test runs the migrations). On a slow
# machine, RESILIENCE_TIMEOUT_SCALE=2 doubles every wait.
resilience:
	scripts/with-services.sh uv run pytest -m resilience --nomigrations tests/resilience $(ARGS)

# The portal tested from outside: check --deploy, the permission matrix, headers, rate limits
# and uploads over HTTP, wapiti and sqlmap, against gunicorn with the demo data (README,
# "Security checks"). Fails on any finding.
security:
	scripts/security.sh
