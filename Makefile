# The few commands people need. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PC := $(BIN)/portcontrol
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_DIR ?= var/demo
NODES_DIR ?= var/nodes
export PORTCONTROL_DEBUG ?= true

.PHONY: venv compile-messages demo serve test test-browser bench lint messages clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# Compiled catalogues are committed; they are rebuilt when gettext is installed.
compile-messages: venv
	if command -v msgfmt >/dev/null; then cd src/portcontrol && ../../$(PC) compilemessages -v 0; fi

# Two national nodes: Kazakhstan on $(PORT), Azerbaijan on $(PORT)+1, each with its own database.
demo: venv compile-messages
	$(PC) demo --scenario-dir $(DEMO_DIR) --nodes-dir $(NODES_DIR) --host $(HOST) --port $(PORT)

serve: venv
	$(PC) runserver $(HOST):$(PORT)

test: venv compile-messages
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: venv
	$(BIN)/python -m bench

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(PC) makemigrations --check --dry-run

messages: venv
	cd src/portcontrol && ../../$(PC) makemessages -l ru -l az -l kk -l ky --ignore '*/migrations/*'

clean:
	rm -rf var .pytest_cache
