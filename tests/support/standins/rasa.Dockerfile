# A stand-in for the official rasa/rasa:3.6.21 image, which cannot be pulled here: the same layout (Python
# 3.10, /opt/venv, HOME and WORKDIR /app as a volume, user 1001, `rasa` as the entrypoint), made from a
# locally built Debian base, this machine's Python 3.10 and the locked requirements/rasa.txt.
# tests/support/containers.py assembles its build context; deploy/rasa.Dockerfile is then built FROM it.
ARG BASE_IMAGE

FROM ${BASE_IMAGE} AS runtime
# The shared libraries pyenv's Python 3.10 and the wheels link against.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        ca-certificates libbz2-1.0 libexpat1 libffi8 libgdbm6 liblzma5 libncursesw6 libreadline8 \
        libsqlite3-0 libssl3 libuuid1 zlib1g libgomp1 \
    && rm -rf /var/lib/apt/lists/*
COPY python3.10/ /usr/local/python3.10/
RUN echo /usr/local/python3.10/lib > /etc/ld.so.conf.d/python3.10.conf && ldconfig

# The wheels stay in this stage, out of the image's layers.
FROM runtime AS install
COPY wheels/ /tmp/wheels/
COPY rasa.txt /tmp/rasa.txt
RUN /usr/local/python3.10/bin/python3.10 -m venv /opt/venv \
    && /opt/venv/bin/pip install --quiet --no-cache-dir --no-index --find-links /tmp/wheels --require-hashes \
        --no-deps -r /tmp/rasa.txt

FROM runtime
COPY --from=install /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH HOME=/app
WORKDIR /app
RUN chgrp -R 0 /app && chmod -R g=u /app
USER 1001
VOLUME /app
EXPOSE 5005
ENTRYPOINT ["rasa"]
CMD ["--help"]
