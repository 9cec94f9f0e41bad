# Two commands for a fresh machine (see README):
#   make lab    set everything up, then open notebooks/01_tour.ipynb in JupyterLab
#   make test   set everything up, then run every test: JS (typecheck + vitest), Python, browser
# Everything lives in ./.venv and ./node_modules; nothing needs to be run before either target.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Empty when running as root (many fresh containers): then JupyterLab needs --allow-root to start.
CHROMIUM ?= /usr/bin/chromium
export KETAWIDGET_CHROMIUM := $(CHROMIUM)
PORT ?= 8888

.PHONY: lab test test-js test-py bundle chromium channels docs screenshot benchmark wheel clean

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# The editable install runs the hatch-jupyter-builder hook, which builds the JS bundle as well.
$(STAMP): pyproject.toml node_modules/.package-lock.json
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e ".[test]"
	@# Compile the numba model once now (~25 s) into numba's on-disk cache beside the sources, so the
	@# first lab in a notebook opens in about a second instead of waiting for the compiler.
	$(PY) -c "import ketawidget as kw; kw.KetamineLab()"
	touch $(STAMP)

# Rebuild the bundle every time: cheap (< 1 s) and never stale after editing js/.
bundle: node_modules/.package-lock.json
	npm run --silent build

chromium:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lab: $(STAMP) bundle
	$(VENV)/bin/jupyter lab --port=$(PORT) $(if $(SUDO),,--allow-root) notebooks/01_tour.ipynb

test-js: node_modules/.package-lock.json
	npm run --silent typecheck
	npm test --silent

test-py: $(STAMP) bundle chromium
	$(PY) -m pytest -ra

test: test-js test-py

# js/channels.ts and js/conditions.ts are generated from the Python lists of channels and of a run's
# conditions (tests/test_channels.py checks them).
channels: $(STAMP)
	$(PY) -c "from ketawidget.model.channels import render_typescript as r; print(r(), end='')" > js/channels.ts
	$(PY) -c "from ketawidget.model.parameters import render_conditions_typescript as r; print(r(), end='')" > js/conditions.ts

# docs/parameters.md is generated from the parameter declarations (tests/test_docs.py checks it).
docs: $(STAMP)
	$(PY) -c "from ketawidget.model.parameters import parameter_markdown as m; print(m(), end='')" > docs/parameters.md

# Refresh docs/screenshot.png (the README's picture) from the end-to-end test.
screenshot: $(STAMP) bundle chromium
	KETAWIDGET_REFRESH_SCREENSHOT=1 $(PY) -m pytest -q tests/e2e/test_lab_e2e.py -k end_to_end

benchmark: $(STAMP) bundle
	$(PY) benchmarks/run.py
	$(PY) benchmarks/synapse.py

wheel: $(STAMP)
	$(PY) -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) node_modules ketawidget/static dist
