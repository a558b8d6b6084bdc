# pagewash — every target bootstraps .venv itself, so a fresh clone needs only `make test` or `make serve`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LISTEN ?= 127.0.0.1:50051
WORKERS ?=
DATASET ?= ../shared/datasets/article-extraction-benchmark

.PHONY: setup serve test lint proto proto-check bench bench-deps format clean

$(STAMP): pyproject.toml
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

lint: $(STAMP)
	$(BIN)/ruff check client server tests bench
	$(BIN)/ruff format --check client server tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format client server tests bench
	$(BIN)/ruff check --fix client server tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

bench-deps: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[server,dev,bench]"

bench: bench-deps
	$(BIN)/python bench/quality.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
