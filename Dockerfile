# syntax=docker/dockerfile:1
# ChainMap: the API and the dashboard (`chainmap serve`), for docker-compose.yml or any container host.
#
#   docker build -t chainmap .
#   docker build --build-arg INSTALL_CHROMIUM=1 -t chainmap .   # also PDF reports (adds ~300 MB)

# --- the dashboard's charting library, from the npm registry
FROM node:20-slim AS web
WORKDIR /src/app/web
COPY app/web/package.json app/web/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- the wheel, with the charting library inside (package data app/web/node_modules)
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph_schema ./graph_schema
COPY seed ./seed
COPY queries ./queries
# Fresh from the npm stage, replacing whatever the build context had.
RUN rm -rf app/web/node_modules
COPY --from=web /src/app/web/node_modules ./app/web/node_modules
RUN pip wheel --no-deps --wheel-dir /wheels .

# --- the application
FROM python:3.11-slim

ARG INSTALL_CHROMIUM=0

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# CJK fonts and cairo for PNG rendering (cairosvg); Chromium only for PDF reports, when asked for.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig libcairo2 \
    && if [ "$INSTALL_CHROMIUM" = "1" ]; then apt-get install -y --no-install-recommends chromium; fi \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

# pip install . — as the wheel built above, so that no source or build layer stays in the image.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install /wheels/*.whl

RUN useradd --system --create-home --home-dir /home/chainmap --uid 10001 chainmap \
    && mkdir -p /var/lib/chainmap \
    && chown chainmap:chainmap /var/lib/chainmap
ENV CHAINMAP_STATE_DIR=/var/lib/chainmap
VOLUME ["/var/lib/chainmap"]

USER chainmap
WORKDIR /home/chainmap
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"

CMD ["chainmap", "serve", "--host", "0.0.0.0", "--port", "8000"]
