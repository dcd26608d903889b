# The Goodwill API image used by docker-compose.yml.
FROM python:3.11-slim
# The installed copy reads its settings from the environment, then `.env` in the working
# directory (GOODWILL_ENV_FILE names another file; docker-compose.yml keeps it on a volume).
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config config
COPY domain domain
COPY scoring scoring
COPY graph graph
COPY projector projector
COPY reads reads
COPY jobs jobs
COPY cypher cypher
COPY synthetic synthetic
COPY api api
COPY bench bench
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["goodwill", "serve", "--host", "0.0.0.0", "--port", "8000"]
