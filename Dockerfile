# Container image for offices that prefer containers (deploy/README.md, "Containers").
# Build: docker build -t desabinaan .   Run: docker compose -f deploy/compose.yaml up -d
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's Pango stack and a font (the QR poster); gettext to compile the Indonesian
# catalog; the PostgreSQL client for deploy/backup.sh. Not pinned: Debian stable's security
# updates should reach each rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt requirements-static.txt ./
# The XStatic packages build only with an older setuptools and no isolation (see Makefile).
RUN pip install "setuptools<81" "wheel<1" \
    && pip install --no-build-isolation -r requirements-static.txt \
    && pip install -r requirements.txt

COPY . .
# Compile messages and collect static files at build time; a throw-away key only for this step.
RUN DEBUG=1 python manage.py compilemessages -l id -l en -v0 \
    && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
       ALLOWED_HOSTS=build DEBUG=0 python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 10001 --home-dir /app desabinaan \
    && mkdir -p /var/lib/desabinaan/media /var/lib/desabinaan/private \
    && chown -R desabinaan:desabinaan /var/lib/desabinaan
USER 10001

# Folder paths, not secrets (hadolint flags the word PRIVATE).
# hadolint ignore=DL3064
ENV MEDIA_ROOT=/var/lib/desabinaan/media \
    PRIVATE_ROOT=/var/lib/desabinaan/private \
    BIND=0.0.0.0:8000
EXPOSE 8000
VOLUME ["/var/lib/desabinaan"]
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "desabinaan.wsgi"]
