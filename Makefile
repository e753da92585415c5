# The two commands a city IT team needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
# pytest-xdist workers for `make test` (each with its own session broker): one per core of the
# 2-core machines it is made for; JOBS=0 runs serially.
JOBS ?= 2
PACKAGES := jiesu producers streams projections schemas bench

.PHONY: demo test lint typecheck unit integration e2e bench install clean screenshots

# uv installs the project and its ~130 dependencies in 18 s where pip took 53 s (it resolves,
# unpacks and compiles in parallel); pip only fetches uv itself. The bytecode is compiled at
# install, as pip does: with PYTHONDONTWRITEBYTECODE set (as on our CI machines) each of
# the suite's hundreds of processes would compile it again.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.9'
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/jiesu demo $(ARGS)

# The README's dashboard pictures, from a small demo run, in Debian's Chromium.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py $(ARGS)

# The sources are compiled once up front: the suite starts a few hundred processes, and where
# PYTHONDONTWRITEBYTECODE is set each would compile the modules it imports again.
test: $(STAMP) lint typecheck
	$(BIN)/python -m compileall -q $(PACKAGES) tests
	$(BIN)/python -m pytest -q -ra -n $(JOBS) --dist loadfile --no-loadscope-reorder $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit $(ARGS)

integration: $(STAMP)
	$(BIN)/python -m pytest -q tests/integration $(ARGS)

e2e: $(STAMP)
	$(BIN)/python -m pytest -q tests/e2e $(ARGS)

bench: $(STAMP)
	$(BIN)/jiesu bench $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-artifacts
