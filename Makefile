# pagewash — every target bootstraps .venv itself, so a fresh clone needs only `make test` or `make serve`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LISTEN ?= 127.0.0.1:50051
WORKERS ?=
DATASET ?= ../shared/datasets/article-extraction-benchmark

.PHONY: setup serve test lint proto proto-check bench bench-deps format clean image-check soak

# setup.py compiles the accelerators (server/pagewash_server/pipeline/_walk.pyx, _simhash.pyx) in place.
$(STAMP): pyproject.toml setup.py server/pagewash_server/pipeline/_walk.pyx server/pagewash_server/pipeline/_simhash.pyx
	$(PYTHON) -m venv $(VENV)
	# The system pip (23.2) cannot resolve lxml[html_clean]; a current pip can.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[server,dev]"
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/pagewash-server --listen $(LISTEN) $(if $(WORKERS),--workers $(WORKERS))

proto: $(STAMP)
	$(BIN)/python -m grpc_tools.protoc -Iproto \
		--python_out=client --grpc_python_out=client --pyi_out=client \
		proto/pagewash/v1/normalizer.proto

# The committed stubs must be what `make proto` writes (tests/test_proto_stubs.py checks it too).
proto-check: proto
	git diff --exit-code -- client/pagewash/v1

lint: $(STAMP)
	$(BIN)/ruff check client server tests bench
	$(BIN)/ruff format --check client server tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format client server tests bench
	$(BIN)/ruff check --fix client server tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

BENCH_STAMP := $(VENV)/.bench-installed
# The AEB pages: $PAGEWASH_AEB_DIR when set in the environment, else DATASET.
AEB_DIR = $(or $(PAGEWASH_AEB_DIR),$(DATASET))
# Flags for each benchmark, e.g. `make bench SPEED_ARGS="--limit 40" LOAD_ARGS=--quick`; quality runs
# its baselines (jusText alone, trafilatura) in the same run by default.
QUALITY_ARGS ?= --baselines
SPEED_ARGS ?=
LOAD_ARGS ?=

$(BENCH_STAMP): $(STAMP) pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet -e ".[server,dev,bench]"
	touch $(BENCH_STAMP)

bench-deps: $(BENCH_STAMP)

# Quality, in-process speed, then the service under load; each prints its baselines measured in the
# same run beside pagewash's figures. All three run even if one fails; the exit status says if any did.
bench: bench-deps
	@status=0; \
	PAGEWASH_AEB_DIR=$(AEB_DIR) $(BIN)/python bench/quality.py $(QUALITY_ARGS) || status=1; \
	PAGEWASH_AEB_DIR=$(AEB_DIR) $(BIN)/python bench/speed.py $(SPEED_ARGS) || status=1; \
	PAGEWASH_AEB_DIR=$(AEB_DIR) $(BIN)/python bench/load.py $(if $(WORKERS),--workers $(WORKERS)) $(LOAD_ARGS) \
		|| status=1; \
	exit $$status

# Soak: a real server (2 workers) on loopback, mixed good and bad documents over several streams for
# SOAK_DURATION seconds (default 600); checks every id is answered once, no error on good pages, flat RSS.
SOAK_DURATION ?= 600
SOAK_ARGS ?=
soak: $(STAMP)
	PAGEWASH_AEB_DIR=$(AEB_DIR) $(BIN)/python bench/soak.py --duration $(SOAK_DURATION) $(SOAK_ARGS)

# Build the Dockerfile's image without a Docker engine (buildah, on a debootstrap bookworm base cached in
# ./image-check), run the server inside it and call it with the host's CLI. Needs root and apt.
image-check: $(STAMP)
	bash scripts/image_check.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
	rm -f server/pagewash_server/pipeline/_walk.c server/pagewash_server/pipeline/_walk.*.so
	rm -f server/pagewash_server/pipeline/_simhash.c server/pagewash_server/pipeline/_simhash.*.so
