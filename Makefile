# Two commands do all setup on a fresh machine:
#   make run    installs into .venv and starts the bot (or the offline chat when DISCORD_TOKEN is unset)
#   make test   installs into .venv, runs ruff (lint + import order) and mypy on bot/, then the test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Every dependency at the version last tested (pip freeze of a working venv): `make constraints`.
CONSTRAINTS := constraints.txt
# Where torch's CPU build comes from. Empty: pip's own configuration (the project's machines keep
# the CPU wheel on disk, found through pip's find-links). Anywhere PyPI's torch would be the CUDA
# build (ordinary Linux): make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
TORCH_FROM  := $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX),)

.PHONY: run test test-slow bench install constraints clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) $(TORCH_FROM) torch==2.13.0
	@$(PY) -c "import sys, torch; sys.exit(0 if torch.version.cuda is None else 1)" || \
	  echo "WARNING: this torch is a CUDA build (gigabytes); for the CPU build: make clean install TORCH_INDEX=https://download.pytorch.org/whl/cpu" >&2
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@if [ -n "$$DISCORD_TOKEN" ]; then $(VENV)/bin/tutorbot run; else $(VENV)/bin/tutorbot chat; fi

# Linters first (seconds), then the suite (minutes); settings for both are in pyproject.toml.
test: $(STAMP)
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

test-slow: $(STAMP)
	# exit code 5 means no test carried the mark: not a failure
	$(PY) -m pytest -q -m slow; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi

bench: $(STAMP)
	$(PY) -m bench

# After a deliberate upgrade in the venv: write what it holds (minus the project) as the new pins.
constraints: $(STAMP)
	{ sed -n '1,/^# build comes/p' $(CONSTRAINTS); $(PY) -m pip freeze --exclude-editable | grep -v '^#' \
	  | grep -vi '^essay-tutor' | sed -E 's/^(torch==[^+]*)\+.*/\1/'; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

clean:
	rm -rf $(VENV)
