# Two commands on a fresh machine with only python3 and make: `make chat` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install when the project's metadata changes; the code itself is installed editable.
STAMP := $(VENV)/.installed
# setuptools prints a warning box on every editable install of a package with mapped folders
# (knowledge/ ships as qa_bot/knowledge); it is noise to someone running `make chat`.
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet

.PHONY: chat test check eval bench curve clean

chat: $(STAMP)
	@$(BIN)/qa-bot

test: $(VENV)/.installed-test
	$(BIN)/ruff check qa_bot tests
	$(BIN)/ruff format --check --quiet qa_bot tests
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/qa-bot check

eval: $(STAMP)
	$(BIN)/qa-bot eval tests/eval/questions.yaml

bench: $(STAMP)
	$(BIN)/python -m qa_bot.bench

# How well pairs are found from only their first k wordings (issue 16's learning curve).
curve: $(STAMP)
	$(BIN)/python tests/eval/learning_curve.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=70.1"

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(PIP_INSTALL) -e '.[test]'
	@touch $@ $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
