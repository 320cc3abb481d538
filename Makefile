# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lock clean

# (Re)install when the project's dependencies change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,ray]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/newsgraph extract samples --output out/demo.jsonl
	@echo "records written to out/demo.jsonl"
	$(BIN)/newsgraph ingest out/demo.jsonl --db out/newsgraph.db --no-progress
	@echo "--- who said what: quotes by Blinken"
	$(BIN)/newsgraph quotes --db out/newsgraph.db --speaker Blinken --limit 3
	@echo "--- who sanctioned whom: SANCTION events"
	$(BIN)/newsgraph events --db out/newsgraph.db --type SANCTION --limit 8
	@echo "--- full text: articles about drones"
	$(BIN)/newsgraph search drone --db out/newsgraph.db --limit 3
ifneq ($(SERVE),0)
	@echo "--- web UI on http://127.0.0.1:8000/search (Ctrl+C stops it; make demo SERVE=0 skips it)"
	$(BIN)/newsgraph serve --db out/newsgraph.db --host 127.0.0.1 --port 8000
endif

test: $(STAMP)
	@sh scripts/ensure_postgres.sh
	@sh scripts/ensure_chromium.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py

# Pin every transitive dependency to what is installed now.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^newsgraph' > constraints.txt

clean:
	rm -rf $(VENV) out .pytest_cache
