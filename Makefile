# Two commands do all setup on a fresh machine:
#   make run    installs into .venv and starts the bot (or the offline chat when DISCORD_TOKEN is unset)
#   make test   installs into .venv and runs the test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-slow bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@if [ -n "$$DISCORD_TOKEN" ]; then $(VENV)/bin/tutorbot run; else $(VENV)/bin/tutorbot chat; fi

test: $(STAMP)
	$(PY) -m pytest -q

test-slow: $(STAMP)
	# exit code 5 means no test carried the mark: not a failure
	$(PY) -m pytest -q -m slow; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV)
