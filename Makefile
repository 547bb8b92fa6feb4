# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
# dagster-dbt calls the `dbt` executable: the venv's bin must be on PATH.
export PATH := $(BIN):$(PATH)
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
LANDING ?= data/landing
HOME_DIR ?= data/home
SCALE ?= small

.PHONY: install manifest browser demo generate build app test bench lint dagster clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The dbt manifest the Dagster definitions are built from: `dbt parse`, when dbt/ changed.
manifest: $(VENV)/.installed
	$(BIN)/python -c "from dagster_project.project import ensure_manifest; ensure_manifest()"

install: $(VENV)/.installed manifest

generate: install
	rm -rf $(LANDING)
	$(BIN)/partnerledger generate --scale $(SCALE) --out $(LANDING)

build: install
	$(BIN)/partnerledger build --landing $(LANDING) --home $(HOME_DIR)

app: install
	$(BIN)/partnerledger app --home $(HOME_DIR)

# Demo users with passwords printed in clear (demo only), then the app.
demo: generate build
	$(BIN)/partnerledger users demo --home $(HOME_DIR)
	$(MAKE) app

# The Dagster UI on the same definitions `partnerledger build` runs. dbt reads its warehouse
# from PARTNERLEDGER_WAREHOUSE, so it is set here, beside the home, for every run of the UI.
dagster: install
	mkdir -p $(DAGSTER_HOME) && cp dagster_project/dagster.yaml $(DAGSTER_HOME)/
	PARTNERLEDGER_LANDING=$(abspath $(LANDING)) PARTNERLEDGER_HOME=$(abspath $(HOME_DIR)) \
	PARTNERLEDGER_WAREHOUSE=$(abspath $(HOME_DIR))/warehouse.duckdb \
		$(BIN)/dagster dev -m dagster_project.definitions

# Headless Chromium + chromedriver for tests/browser (Debian packages); a no-op once installed.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		($(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

# The suite runs the lint first: a style error is a red CI like a failing test.
test: install browser lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

bench: install
	$(BIN)/python benchmarks/run_all.py

# ruff for Python; no secrets in tracked files (tools/scan_secrets.py); sqlfluff with the
# dbt templater for the SQL dbt renders (.sqlfluff). dbt's target goes to a temporary folder
# so lint never touches the manifest Dagster reads.
lint: install
	$(BIN)/ruff check .
	$(BIN)/python tools/scan_secrets.py
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
		PARTNERLEDGER_WAREHOUSE=$$tmp/lint.duckdb DBT_TARGET_PATH=$$tmp/target \
		$(BIN)/sqlfluff lint --processes 2 dbt/models dbt/tests

clean:
	rm -rf data dbt/target dbt/logs
