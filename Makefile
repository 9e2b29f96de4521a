# Two commands on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve check clean bench system-deps

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)          ## build output/ from content/
	$(BIN)/prsite build

system-deps:            ## the Debian packages the tests drive (Chromium, Java, nginx, ...), when missing
	bash .ci/system-deps

test: system-deps $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

serve: $(STAMP)         ## live preview on http://127.0.0.1:8000 with autoreload
	$(BIN)/prsite serve

check: $(STAMP)         ## validate content without building
	$(BIN)/prsite check

bench: $(STAMP)         ## build-time benchmark against stock Pelican
	$(BIN)/prsite bench --articles 1000

clean:
	rm -rf output cache .pytest_cache test-artifacts bench-work
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
