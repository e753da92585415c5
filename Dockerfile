# One image for every deployable: `jiesu intake|streams|project|dashboard|topics create|...`.
# The build stage turns the whole source tree (less .dockerignore) into wheels, so every
# package the CLI imports (bench/ included) is in the image; the runtime stage installs
# them and runs as an unprivileged user. PYTHON must satisfy requires-python (a test checks).
ARG PYTHON=3.11.10

FROM python:${PYTHON}-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:${PYTHON}-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JIESU_DATA_DIR=/var/lib/jiesu \
    JIESU_LOG_FORMAT=json \
    JIESU_METRICS_HOST=0.0.0.0
RUN groupadd --system --gid 10001 jiesu \
    && useradd --system --uid 10001 --gid jiesu --home-dir /var/lib/jiesu --create-home jiesu
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels jiesu && rm -rf /wheels
USER 10001:10001
WORKDIR /var/lib/jiesu
# intake, dashboard; metrics of intake, streams, projector, dashboard
EXPOSE 8080 8000 9180 9181 9182 9183
# Kafka and the database answer; compose and Kubernetes add each deployable's own /healthz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["jiesu", "check"]
ENTRYPOINT []
CMD ["jiesu", "--help"]
