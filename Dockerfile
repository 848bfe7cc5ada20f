# WorkWell National Support Portal: production image.
# Build:  docker build -t workwell-portal .
# Run:    see docker-compose.yml (needs PostgreSQL and Redis).

# --- Stage 1: front-end assets (GOV.UK Frontend + our Sass/JS) -> static/dist -----
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY scripts/build-assets.mjs scripts/
COPY static/src static/src
RUN npm run build

# --- Stage 2: the Django app ---------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint's shared libraries (PDF output), and Liberation fonts: Arial metrics,
# matching the Arial used by the service's CSS.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# Same uv version as scripts/lib.sh.
RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first, so code changes don't reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
COPY --from=assets /app/static/dist static/dist

# Production settings insist on SECRET_KEY and ALLOWED_HOSTS; collectstatic needs
# neither for real, so give it throwaway values that exist only in this RUN step.
ARG SECRET_KEY=collectstatic-only-not-a-real-secret
RUN DJANGO_SETTINGS_MODULE=workwell.settings.production \
    SECRET_KEY="$SECRET_KEY" ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

ENV DJANGO_SETTINGS_MODULE=workwell.settings.production \
    WEB_CONCURRENCY=3
EXPOSE 8000
# gunicorn reads its worker count from WEB_CONCURRENCY.
CMD ["gunicorn", "workwell.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
