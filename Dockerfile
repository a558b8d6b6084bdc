# pagewash server image: `docker build -t pagewash .` then
#   docker run --rm --init --read-only --tmpfs /tmp -p 50051:50051 pagewash [--workers N ...]
# (any pagewash-server flag; PAGEWASH_* environment variables work too).
# The base only needs a Python 3.11+ with the venv module at `python3` on PATH: the default slim image
# (python at /usr/local/bin) and a Debian bookworm rootfs (python at /usr/bin) both work, because every
# path below goes through /opt/venv.
ARG BASE_IMAGE=python:3.11-slim

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

# A C compiler for the compiled accelerators (setup.py builds pipeline/_walk.pyx and _simhash.pyx); Debian's own python3 also
# needs its headers (the official python images carry them). Only this stage has them: the runtime
# stage copies the finished venv.
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev \
       $(python3 -c 'import os, sysconfig; print("" if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else "python3-dev")') \
    && rm -rf /var/lib/apt/lists/*

# An old pip (bookworm ships 23.0) cannot resolve lxml[html_clean]; a current one can.
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/python -m pip install --quiet --upgrade pip

WORKDIR /src

# Dependencies first, read from pyproject.toml, so a source change does not reinstall them.
COPY pyproject.toml ./
RUN /opt/venv/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["server"]))' > /tmp/requirements.txt \
    && /opt/venv/bin/python -m pip install --quiet -r /tmp/requirements.txt

# README.md is the package's long description; the glob keeps a checkout without one buildable.
COPY pyproject.toml setup.py README.md* ./
COPY client ./client
COPY server ./server
# Not editable: the runtime stage gets a self-contained venv with precompiled bytecode, so a read-only
# root filesystem never needs a write.
RUN /opt/venv/bin/python -m pip install --quiet --no-deps . \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib \
    && /opt/venv/bin/pagewash --help > /dev/null \
    && /opt/venv/bin/python -c 'import pagewash_server.pipeline.document' \
    && /opt/venv/bin/python -c 'from pagewash_server.pipeline.blocks_html import ACCELERATED; assert ACCELERATED, "walk not compiled"'

# ---------------------------------------------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime

LABEL org.opencontainers.image.title="pagewash" \
      org.opencontainers.image.description="gRPC service: raw web page dumps to clean article text with metadata" \
      org.opencontainers.image.licenses="MIT"

# A fixed numeric uid so orchestrators can verify runAsNonRoot without reading /etc/passwd.
# --no-log-init: a high uid would otherwise grow a sparse /var/log/lastlog of gigabytes.
RUN groupadd --gid 10001 pagewash \
    && useradd --uid 10001 --gid 10001 --no-log-init --home-dir /tmp --no-create-home \
       --shell /usr/sbin/nologin pagewash

COPY --from=build /opt/venv /opt/venv

# Nothing is written outside /tmp: no bytecode, no home directory, temp files (multiprocessing's
# forkserver socket) under /tmp, which a read-only deployment mounts as tmpfs.
# PAGEWASH_LISTEN keeps the address when the command is replaced: `docker run pagewash --workers 4`.
ENV PATH=/opt/venv/bin:$PATH \
    PAGEWASH_LISTEN=0.0.0.0:50051 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp

USER 10001:10001
WORKDIR /tmp
EXPOSE 50051

# The port comes from PAGEWASH_LISTEN, so moving the server with that variable keeps the check right.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/bin/sh", "-c", "exec /opt/venv/bin/pagewash health --quiet --timeout 3 --server \"127.0.0.1:${PAGEWASH_LISTEN##*:}\""]

ENTRYPOINT ["/opt/venv/bin/pagewash-server"]
CMD ["--listen", "0.0.0.0:50051"]
