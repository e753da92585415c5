FROM python:3.11.10-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md ./
COPY jiesu ./jiesu
COPY schemas ./schemas
COPY producers ./producers
COPY streams ./streams
COPY projections ./projections
RUN pip install --no-cache-dir . && useradd --create-home jiesu
USER jiesu
ENTRYPOINT []
CMD ["jiesu", "--help"]
