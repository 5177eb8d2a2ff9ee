# Rasa 3.6.21 with Veiviser's assistant: the official image's layout (/opt/venv, user 1001, `rasa` as the
# entrypoint), our tracker store and Telegram channel on PYTHONPATH, and the model trained at build time.
# Build from the repository root:
#   docker build -f deploy/rasa.Dockerfile -t veiviser-rasa .
ARG RASA_IMAGE=rasa/rasa:3.6.21
FROM ${RASA_IMAGE}
USER root
ENV RASA_TELEMETRY_ENABLED=false \
    PYTHONPATH=/srv/veiviser/bot:/srv/veiviser
COPY deploy/rasa-channel.txt /tmp/rasa-channel.txt
RUN pip install --quiet --no-cache-dir --no-deps --require-hashes -r /tmp/rasa-channel.txt
# Not under /app: the official image declares it a volume, and a volume drops what a build step writes there.
WORKDIR /srv/veiviser/bot
COPY bot/config.yml bot/endpoints.yml bot/endpoints-scaleout.yml bot/credentials.yml ./
COPY bot/domain/ domain/
COPY bot/data/ data/
COPY bot/veiviser_rasa/ veiviser_rasa/
# The tracker store redacts personal data with the API's own redactor (one module, no dependencies).
COPY veiviser/__init__.py veiviser/privacy.py /srv/veiviser/veiviser/
RUN rasa train --config config.yml --domain domain --data data --out models --fixed-model-name veiviser \
    && rm -rf .rasa /tmp/* && chown -R 1001:0 /srv/veiviser && chmod -R g=u /srv/veiviser
USER 1001
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/', timeout=4)"]
# The tracker store and the action server come from the environment (VEIVISER_TRACKER_DB_URL,
# VEIVISER_ACTIONS_URL); see compose.yml.
CMD ["run", "--model", "models/veiviser.tar.gz", "--endpoints", "endpoints.yml", "--credentials", "credentials.yml", \
     "--port", "5005"]
