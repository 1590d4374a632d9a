# The image of the chart's `helm test` hook: `mcpgen probe` against the Service.
# docker build -t ghcr.io/mcpgen/mcpgen:0.1.0 .
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY mcpgen ./mcpgen
COPY templates ./templates
COPY schemas ./schemas
COPY charts ./charts
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
# Non-root, matching the chart's securityContext (runAsUser 1000).
RUN useradd --uid 1000 --user-group --no-create-home --shell /usr/sbin/nologin mcpgen
USER 1000:1000
ENTRYPOINT ["mcpgen"]
CMD ["--help"]
