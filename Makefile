# Centres-Villes Vivants — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make demo PORT=8001`: the address the demo serves, and the one its e-mail links use.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install quality test-postgres test-browser serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p var staticfiles
	$(BIN)/cvv migrate --noinput
	$(BIN)/cvv territories load
	$(BIN)/cvv demo
	@echo "Plateforme : http://$(HOST):$(PORT)/ — les commandes : $(BIN)/cvv --help"
	DEBUG=0 SITE_URL=http://$(HOST):$(PORT) $(BIN)/cvv serve $(HOST):$(PORT)

test: install
	$(BIN)/pytest --ignore=tests/browser -n 2 -q
	$(BIN)/pytest tests/browser -q

quality: install
	$(BIN)/ruff check cvv tests bench scripts
	$(BIN)/ruff format --check cvv tests bench scripts
	DJANGO_SETTINGS_MODULE=cvv.settings_test $(BIN)/cvv makemigrations --check --dry-run

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest --ignore=tests/browser -n 2 -q

test-browser: install
	CVV_REQUIRE_BROWSER=1 $(BIN)/pytest tests/browser -q

clean:
	rm -rf $(VENV) var staticfiles
