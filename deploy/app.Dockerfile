# The Python 3.11 side of Veiviser: the API, which also serves Rasa's action endpoint (one model, one index).
# Build from the repository root:
#   docker build -f deploy/app.Dockerfile -t veiviser-app .
# BASE_IMAGE must have Python 3.11, or be Debian bookworm (whose python3 is 3.11; it is installed here).
# torch is locked as its CPU build, which PyPI does not carry: it comes from PIP_EXTRA_INDEX_URL, or from a
# wheel put in deploy/wheels/ (every file there is offered to pip; see deploy/README.md).
ARG BASE_IMAGE=python:3.11-slim

FROM ${BASE_IMAGE} AS build
ARG PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG PIP_NO_INDEX=
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_FIND_LINKS=/tmp/wheels \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
RUN command -v python3 >/dev/null && python3 -m venv --help >/dev/null 2>&1 \
    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        python3 python3-venv && rm -rf /var/lib/apt/lists/*)
RUN python3 -m venv /opt/venv
COPY deploy/wheels/ /tmp/wheels/
COPY requirements/run.txt /tmp/run.txt
# The same locked, hashed install as `make setup`.
RUN /opt/venv/bin/pip install --quiet --require-hashes --no-deps -r /tmp/run.txt
WORKDIR /srv/veiviser
COPY pyproject.toml README.md ./
COPY veiviser/ veiviser/
COPY api/ api/
COPY actions/ actions/
COPY config/ config/
COPY translations/ translations/
COPY knowledge/ knowledge/
RUN /opt/venv/bin/pip install --quiet --no-deps --no-build-isolation -e . \
    && for po in translations/*/LC_MESSAGES/*.po; do \
         /opt/venv/bin/pybabel compile --use-fuzzy -i "$po" -o "${po%.po}.mo" >/dev/null || exit 1; done
# The index is built here, so a new deployment answers at once; the live reload re-embeds only what an
# editor changes later.
RUN VEIVISER_DATA_DIR=/data /opt/venv/bin/veiviser kb validate >/dev/null \
    && VEIVISER_DATA_DIR=/data /opt/venv/bin/veiviser index build
# The dev sets: the editors' "which test questions does this change win or lose" runs on them.
COPY tests/eval/ tests/eval/

FROM ${BASE_IMAGE}
RUN command -v python3 >/dev/null \
    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        python3 && rm -rf /var/lib/apt/lists/*)
# uid 1001, group 0: the official Rasa image's user, so both can write the shared SQLite volume.
RUN (command -v useradd >/dev/null || (apt-get update -qq && apt-get install -y -qq passwd)) \
    && useradd --uid 1001 --gid 0 --home-dir /srv/veiviser --no-create-home --shell /usr/sbin/nologin veiviser
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=1001:0 /srv/veiviser /srv/veiviser
COPY --from=build --chown=1001:0 /data /data
ENV PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONUNBUFFERED=1 \
    VEIVISER_DATA_DIR=/data \
    VEIVISER_HOST=0.0.0.0 VEIVISER_PORT=8000 \
    VEIVISER_LOG_FORMAT=json
WORKDIR /srv/veiviser
USER 1001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["veiviser", "serve", "api"]
