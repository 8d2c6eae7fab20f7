# Two commands on a fresh machine: `make demo` opens the sample study, `make test` runs the tests.
# Each creates the virtual environment it needs in .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
STUDY := sample_study/gp-attachment.qodex
# make demo opens the sample study as the coder it was imported as (make demo DEMO_CODER=you)
DEMO_CODER ?= astrid
STUDY_FILES := sample_study/codebook.csv sample_study/transcripts sample_study/participants.csv sample_study/codings.csv

.PHONY: demo test lint bench clean

$(INSTALLED): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip "setuptools>=77"
	$(BIN)/pip install -q -e ".[test]"
	touch $(INSTALLED)

$(STUDY): $(INSTALLED)
	$(BIN)/qodex --coder astrid import $(STUDY) $(STUDY_FILES)

demo: $(STUDY)
	$(BIN)/qodex --coder $(DEMO_CODER) open $(STUDY)

lint: $(INSTALLED)
	$(BIN)/ruff check core plugins tests bench sample_study

test: lint
	$(BIN)/pytest -q -n 2

bench: $(INSTALLED)
	for script in bench/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) $(STUDY) build *.egg-info
